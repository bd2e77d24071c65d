# Two commands on a fresh machine with Python 3.11+:
#   make site   set up .venv, import the lists, check the content, build site/
#   make test   set up .venv and run every test (browser tests need Debian's chromium)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test install import check generate serve lint bench screenshots lighthouse clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

site: $(STAMP)
	$(BIN)/python -m generator import
	$(BIN)/python -m generator check
	$(BIN)/python -m generator build

test: $(STAMP)
	$(BIN)/python -m pytest

import check generate: $(STAMP)
	$(BIN)/python -m generator $@

serve: $(STAMP)
	$(BIN)/python -m generator serve

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench.run

# Screenshots of the built site (home, a paper, a list, an author page, the table; light and dark; 390 and
# 1280 px) into the git-ignored artifacts/screenshots/. Builds site/ first.
screenshots: $(STAMP)
	$(BIN)/python -m generator build
	$(BIN)/python -m bench.screenshots

# Lighthouse (npm, pinned in package-lock.json, into the git-ignored node_modules/) on the built site served
# with gzip: home, the papers table, a paper page; prints the four scores of each.
node_modules/.bin/lighthouse: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts

lighthouse: $(STAMP) node_modules/.bin/lighthouse
	$(BIN)/python -m generator build
	$(BIN)/python -m bench.lighthouse

clean:
	rm -rf site docs artifacts bench/out node_modules
