# Two commands on a fresh machine:  make demo   and   make test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= detente.db

.PHONY: demo test lint bench clean install-check

$(BIN)/detente: pyproject.toml constraints.txt requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-model.txt
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,spark,train]'
	$(BIN)/python tools/build_indexes.py
	touch $@

demo: $(BIN)/detente
	$(BIN)/detente ingest samples --db $(DB)
	$(BIN)/detente events --db $(DB) --format table
	$(BIN)/detente statistics --db $(DB) --format table
	$(BIN)/detente summary --db $(DB)

lint: $(BIN)/detente
	$(BIN)/ruff check detente tests bench tools
	$(BIN)/mypy detente bench tools

test: lint
	$(BIN)/pytest -q

# The install a user does: wheel + python3.11's own pip (no upgrade) + the pinned model,
# then detente extract and the spaCy component, outside the source tree (about 2 minutes).
install-check:
	.ci/install-check

bench: $(BIN)/detente
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache
