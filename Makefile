# One task runner. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run
BENCH_STAMP := $(VENV)/.installed-bench
CHROMIUM := /usr/bin/chromium

.PHONY: run test lint format bench bench-imports seed clean-db browser nginx cluster cluster-stop replica replica-stop loadtest

# What the dashboard needs to run (make run, make cluster): the dependencies alone, so a fresh
# clone is serving sooner; the test and lint tools come with $(STAMP).
$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Create and seed the embedded database on first run, then serve the dashboard.
run: $(RUN_STAMP)
	$(BIN)/oversight serve

## Install and run the whole suite (SQLite and PostgreSQL, and the browser tests).
test: $(STAMP) browser nginx
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

## Debian's nginx for `make cluster` (the proxy in front of several dashboard processes). The
## package's own service is kept from starting (policy-rc.d): the cluster runs its own nginx.
nginx:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's nginx for make cluster"; \
	    made=; if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made=1; fi; \
	    apt-get update -qq -o DPkg::Lock::Timeout=300 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 nginx; \
	    rc=$$?; [ -n "$$made" ] && rm -f /usr/sbin/policy-rc.d; exit $$rc; \
	  else \
	    echo "nginx is missing and we are not root: apt-get install nginx (the cluster tests are skipped; fail with CI=true)"; \
	  fi; \
	fi

## nginx on 127.0.0.1:8080 in front of two dashboard processes on PostgreSQL (issue 18;
## scripts/cluster.py, deploy/, docs/SCALING.md). `make cluster-stop` stops exactly that.
cluster: $(RUN_STAMP) nginx
	$(BIN)/python scripts/cluster.py start

cluster-stop:
	@if [ -x $(BIN)/python ]; then $(BIN)/python scripts/cluster.py stop; else python3 scripts/cluster.py stop; fi

## A streaming replica of the local PostgreSQL server on 127.0.0.1:5433 (scripts/replica.py):
## pages read it with DATABASE_READ_URL; `make cluster` after it uses it (CLUSTER_READ_URL).
replica: $(RUN_STAMP)
	$(BIN)/python scripts/replica.py start

replica-stop:
	@if [ -x $(BIN)/python ]; then $(BIN)/python scripts/replica.py stop; else python3 scripts/replica.py stop; fi

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

## Simulated leaders through nginx against 1 and 2 dashboard processes at 1M dossiers on
## PostgreSQL: p50/p95 time to rendered page and pages per minute (bench/loadtest.py).
loadtest: $(STAMP) nginx
	$(BIN)/python bench/loadtest.py

bench-imports: $(STAMP)
	$(BIN)/python bench/imports.py

seed: $(RUN_STAMP)
	$(BIN)/oversight seed

clean-db:
	rm -f data/oversight.sqlite data/oversight.sqlite-wal data/oversight.sqlite-shm
