# Two commands do all the set-up on a fresh machine (Python 3.11+ and make):
#   make site   install what the build needs, then validate the content and build the site
#   make test   install what the tests need, then run the whole test suite (every tier)
#   make check  ruff, then the fast tier (pytest's default: no slow, browser or benchmark tests)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

CHROMIUM ?= /usr/bin/chromium
PDFTOTEXT ?= /usr/bin/pdftotext
JAVA ?= /usr/bin/java

.PHONY: site test check validate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-run the install only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

validate: $(VENV)/.installed
	$(BIN)/briefing validate

site: $(VENV)/.installed
	$(BIN)/briefing build

# The browser tests drive Debian's Chromium with Playwright (Playwright's own browser
# download is not used), and check accessibility with axe-core from the npm registry.
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; \
	fi

# The briefings' PDFs are read back in the tests with poppler's pdftotext (Debian's poppler-utils).
$(PDFTOTEXT):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; \
	else \
		echo "The PDF tests need Debian's poppler-utils: sudo apt-get install poppler-utils" >&2; exit 1; \
	fi

# The Nu Html Checker (vnu-jar, from npm) runs on Debian's Java (tests/test_audits.py).
$(JAVA):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else \
		echo "The markup tests need Java: sudo apt-get install default-jre-headless" >&2; exit 1; \
	fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# -m "": every tier; pyproject.toml's default leaves out the slow, browser and benchmark tests.
test: $(VENV)/.installed-test $(CHROMIUM) $(PDFTOTEXT) $(JAVA) node_modules/.installed
	$(BIN)/python -m pytest -m ""

check: $(VENV)/.installed-test $(PDFTOTEXT) node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build site node_modules test-artifacts
