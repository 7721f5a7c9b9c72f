# Two commands set up a fresh machine (Python >= 3.11 and make are all it needs):
#   make demo   – create .venv, install, build the demo data and show its key figures
#   make test   – install the test extras and run the whole suite (lint + pytest)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_AS_OF ?= 2026-11-23

.PHONY: demo test lint install clean demo-data screenshots

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

DEMO_ASSOCIATION ?= norrsken
DEMO_MEETING ?= 2026-11-23
DEMO_PREVIOUS ?= 2026-09-24
DEMO_OUT := dashboards/demo/$(DEMO_ASSOCIATION)/latest
PORT ?= 8866

# Build the demo meeting pack (papermill + offline HTML) for one association, then serve it with Voilà on loopback.
demo: $(VENV)/.installed
	$(BIN)/finsamdash validate data/demo
	$(BIN)/finsamdash summary data/demo --association $(DEMO_ASSOCIATION) --year 2025
	@command -v chromium >/dev/null || echo "chromium saknas: mötesunderlaget byggs utan PDF (sudo apt-get install chromium)"
	$(BIN)/finsamdash build data/demo --meeting $(DEMO_MEETING) --previous $(DEMO_PREVIOUS) \
	  --association $(DEMO_ASSOCIATION) --out dashboards/demo $$(command -v chromium >/dev/null || echo --no-pdf)
	@echo "Mötesunderlaget: $(CURDIR)/dashboards/demo/index.html"
	$(BIN)/finsamdash serve dashboards/demo --port $(PORT)

# Screenshots of the five dashboards rendered by Voilà in headless chromium (docs/screenshots/*.png), and of the
# annual report's first pages (Word -> LibreOffice -> PDF -> PNG).
screenshots: $(VENV)/.installed-test
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	$(BIN)/python docs/screenshots/take_screenshots.py $(DEMO_OUT)
	command -v soffice >/dev/null || (apt-get update -qq && apt-get install -y -qq --no-install-recommends \
	  libreoffice-writer-nogui fonts-crosextra-carlito)
	$(BIN)/python docs/screenshots/take_annual_report.py

# Regenerate the shipped demo data (deterministic: same seed and date give the same files).
demo-data: $(VENV)/.installed
	SOURCE_DATE_EPOCH=$$(date -u -d "$(DEMO_AS_OF) 12:00" +%s) $(BIN)/finsamdash demo data/demo --seed 1 --as-of $(DEMO_AS_OF)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

# Two workers (pytest-xdist; each module whole on one, see tests/conftest.py): the 2-core CI machine is busy while
# one test waits for a kernel, a browser or a server.
test: $(VENV)/.installed-test lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build *.egg-info
