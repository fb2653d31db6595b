# Two commands do all the set-up on a fresh machine: `make assess` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: assess test lint golden bench clean

$(STAMP): pyproject.toml scripts/install-system-deps.sh
	bash scripts/install-system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $(STAMP)

## the main job on the bundled example plan: terminal summary and reports/exampleville-planner-fr.pdf
assess: $(STAMP)
	$(BIN)/toolassess assess

## lint, types and the whole test suite
test: $(STAMP) lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## regenerate the golden files after an intended change (review the diff!)
golden: $(STAMP)
	TOOLASSESS_UPDATE_GOLDEN=1 $(BIN)/pytest tests -k golden

bench: $(STAMP)
	for script in benchmarks/*.py; do $(BIN)/python $$script; done

clean:
	rm -rf $(VENV) reports/*.pdf reports/*.html reports/*.md reports/*.json reports/*.csv
