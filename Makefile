# One task runner. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint format bench bench-imports seed clean-db browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Create and seed the embedded database on first run, then serve the dashboard.
run: $(STAMP)
	$(BIN)/oversight serve

## Install and run the whole suite (SQLite and PostgreSQL, and the browser tests).
test: $(STAMP) browser
	$(BIN)/python -m pytest

## Debian's Chromium for the browser tests (Playwright drives it; no browser is downloaded).
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core; \
	  else \
	    echo "$(CHROMIUM) is missing and we are not root: the browser tests will be skipped (fail with CI=true)"; \
	  fi; \
	fi

LINTED := dashboard queries sample_data tests pages bench scripts

## ruff: the format check and the linter (CI runs both before the tests).
lint: $(STAMP)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/ruff check $(LINTED)

format: $(STAMP)
	$(BIN)/ruff format $(LINTED)
	$(BIN)/ruff check --fix $(LINTED)

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	touch $(BENCH_STAMP)

## Province-scale benchmarks (1M and 10M dossiers, SQLite and PostgreSQL) and the 200 MB
## dossier import (peak memory, rows per second): bench/README.md.
bench: $(BENCH_STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/imports.py

bench-imports: $(STAMP)
	$(BIN)/python bench/imports.py

seed: $(STAMP)
	$(BIN)/oversight seed

clean-db:
	rm -f data/oversight.sqlite data/oversight.sqlite-wal data/oversight.sqlite-shm
