# Aucote — the two commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup system venv lint unit serve clean

run: setup  ## set up everything, then scan this machine (127.0.0.1) as a service with its API
	$(BIN)/aucote service --config aucote.local.yaml

test: setup lint unit  ## set up everything and run the whole suite (lint, types, tests)

setup: system venv

system:
	./scripts/setup-system.sh

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

unit: venv
	$(BIN)/pytest -q

serve: setup
	$(BIN)/aucote serve

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
