# The two commands of the README: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
# python-rtmidi has wheels for 3.11 and 3.12 only, so prefer those interpreters.
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# What was last installed into the venv: the app alone (make run) or with the test tools.
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test lint typecheck pytest system-run system-test bundle clean

# System packages come first, before pip, ruff or mypy: nobody should wait minutes to learn
# that a library is missing. Order-only (|), so they are checked on every run without making
# the venv look out of date.
system-run:
	@bash packaging/system-packages.sh run

system-test:
	@bash packaging/system-packages.sh run test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# (Re)install when pyproject.toml changes.
$(RUN_STAMP): pyproject.toml | system-run $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | system-test $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(RUN_STAMP)

# The desktop app on the bundled demo show, in rehearsal (nothing is sent).
run: system-run $(RUN_STAMP)
	$(BIN)/showdesk-app --demo

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

pytest: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

test: system-test lint typecheck pytest

# A one-folder bundle of showdesk and showdesk-app that needs no Python on the machine:
# packaging/dist/showdesk/ (see packaging/bundle.sh and docs/install.md).
bundle: system-run $(RUN_STAMP)
	bash packaging/bundle.sh

clean:
	rm -rf $(VENV) build packaging/build packaging/dist *.egg-info
