# w2v-why: two commands do everything on a fresh machine.
#   make lab   set up .venv, then open the course in JupyterLab
#   make test  set up .venv plus test tools, then run every check
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
CHROMIUM := /usr/bin/chromium

.PHONY: help setup setup-dev lab test lint check-notebooks figures bench course slides html browser vendor clean

help:
	@echo "make lab      set up .venv and open the course in JupyterLab"
	@echo "make test     set up .venv with test tools and run every check"
	@echo "make figures  regenerate figures/ (byte-reproducible)"
	@echo "make bench    run benchmarks/ and write build/bench/*.json"
	@echo "make course   execute every lesson and report seconds per lesson"
	@echo "make slides   offline reveal.js decks in build/slides/"
	@echo "make html     offline HTML pages in build/html/"

# The stamp depends on the files that define the environment, so editing
# requirements.txt reinstalls, and an unchanged clone does nothing.
$(RUNTIME_STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

setup: $(RUNTIME_STAMP)

setup-dev: $(DEV_STAMP)

# Without a display (a server, a container) a browser cannot open, so print the URL instead.
lab: setup
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ] && [ "$$(uname)" != "Darwin" ]; then \
		echo "No display found: open the URL printed below in your browser."; \
		$(BIN)/jupyter lab --no-browser notebooks/00_start_here.ipynb; \
	else \
		$(BIN)/jupyter lab notebooks/00_start_here.ipynb; \
	fi

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-notebooks: setup-dev
	$(BIN)/nbstripout --verify --keep-id notebooks/*.ipynb

test: setup-dev lint check-notebooks
	$(BIN)/pytest

figures: setup
	$(PY) -m w2vlib.figures

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
