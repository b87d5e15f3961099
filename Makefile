# One task runner. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench seed clean-db

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Create and seed the embedded database on first run, then serve the dashboard.
run: $(STAMP)
	$(BIN)/oversight serve

## Install and run the whole suite (SQLite and PostgreSQL).
test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check dashboard queries sample_data tests pages bench

format: $(STAMP)
	$(BIN)/ruff format dashboard queries sample_data tests pages bench

bench: $(STAMP)
	$(BIN)/python bench/run.py

seed: $(STAMP)
	$(BIN)/oversight seed

clean-db:
	rm -f data/oversight.sqlite data/oversight.sqlite-wal data/oversight.sqlite-shm
