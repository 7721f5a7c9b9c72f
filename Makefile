# Two commands set up a fresh machine (Python >= 3.11 and make are all it needs):
#   make demo   – create .venv, install, build the demo data and show its key figures
#   make test   – install the test extras and run the whole suite (lint + pytest)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_AS_OF ?= 2026-11-23

.PHONY: demo test lint install clean demo-data

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/finsamdash validate data/demo
	$(BIN)/finsamdash summary data/demo --association norrsken --year 2025

# Regenerate the shipped demo data (deterministic: same seed and date give the same files).
demo-data: $(VENV)/.installed
	$(BIN)/finsamdash demo data/demo --seed 1 --as-of $(DEMO_AS_OF)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

test: $(VENV)/.installed-test lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
