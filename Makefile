# Two commands: `make app` (set up + start the app) and `make test` (set up + the whole suite).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: app test setup lint unit e2e chromium clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

app: setup
	$(BIN)/python -m ikm_sim.ui.serve

chromium:
	@bash scripts/ensure-chromium.sh

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache --no-logo

test: setup chromium lint
	$(BIN)/pytest

# Everything but the browser tests (no Chromium needed).
unit: setup
	$(BIN)/pytest -m "not e2e"

# The browser tests only: the real app driven in Chromium.
e2e: setup chromium
	$(BIN)/pytest -m e2e

clean:
	rm -rf $(VENV) models/__pycache__ .pytest_cache .mypy_cache
