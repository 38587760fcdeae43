# Aucote — the README's two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup lint unit serve clean

run: ## set up what Aucote needs, then watch this machine (127.0.0.1) as a service with its API
	./scripts/setup-system.sh run
	$(MAKE) --no-print-directory $(STAMP)
	$(BIN)/aucote service --config aucote.local.yaml

test: ## set up everything the tests need, then lint, type-check and run the whole suite
	./scripts/setup-system.sh test
	$(MAKE) --no-print-directory $(STAMP)
	$(MAKE) --no-print-directory lint unit

setup: ## everything, without running anything
	./scripts/setup-system.sh test
	$(MAKE) --no-print-directory $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# Two pytest-xdist workers, a test module (or a group of tests/support/xdist_scopes.py) at a time.
unit: $(STAMP)
	$(BIN)/pytest -q -n 2 --dist loadscope

serve: $(STAMP)
	$(BIN)/aucote serve

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
