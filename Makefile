# Two commands on a fresh machine with Python 3.11+:
#   make site   set up .venv, import the lists, check the content, build site/
#   make test   set up .venv and run every test (browser tests need Debian's chromium)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test install import check generate serve lint bench clean

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

clean:
	rm -rf site docs artifacts bench/out
