# Every target bootstraps .venv from scratch on a fresh machine; a second call reuses it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-slow bench docs lint clean browser

# Debian's headless Chromium and its driver, for the report's browser tests (tests/report):
# installed with apt-get only when missing (as root, or through sudo when there is one).
CHROMIUM_PACKAGES := chromium chromium-driver
CHROMIUM := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,docs]"
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/qbattery sweep examples/dicke_advantage.toml --out results/dicke_advantage

browser:
	@if [ ! -x $(CHROMIUM) ] || [ ! -x $(CHROMEDRIVER) ]; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; \
	  elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	  else echo "make: need root or sudo to install $(CHROMIUM_PACKAGES)" >&2; exit 1; fi; \
	  echo "installing $(CHROMIUM_PACKAGES) for the browser tests"; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $(CHROMIUM_PACKAGES); \
	fi

test: $(STAMP) browser
	$(PY) -m pytest

test-slow: $(STAMP)
	$(PY) -m pytest -m "slow or reproduction"

bench: $(STAMP)
	$(PY) -m pip install --quiet -e ".[dev,bench]"
	$(PY) -m benchmarks --out results/benchmarks

# The documentation site (MkDocs Material + mkdocstrings), built offline into site/.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir site

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy src/qbattery

clean:
	rm -rf $(VENV) results .pytest_cache site
