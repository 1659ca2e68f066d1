# The two commands of the README: `make run` and `make test`. Everything else here serves them.
SHELL := /bin/bash
# python-rtmidi has wheels for 3.11 and 3.12 only, so prefer those interpreters.
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest system-packages clean

# (Re)install when pyproject.toml changes; the stamp records the last install.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# The desktop app on the bundled demo show, in rehearsal (nothing is sent).
run: $(STAMP)
	$(BIN)/showdesk-app --demo

system-packages:
	@bash packaging/debian-packages.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) system-packages
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) build *.egg-info
