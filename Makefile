# The README's first two commands: `make run` and `make test`. Both do all set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
INDEX_DIR ?= index
export HOST PORT INDEX_DIR

.PHONY: run test index bench eval clean install

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Re-installs when setup.cfg changes.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/activate
	./scripts/system-deps.sh build
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Builds the seed index when there is none; rebuilds an index of an older format
# from the folder it was built from (or stops with the command that does).
index: $(VENV)/.installed
	$(BIN)/python -m indexer ensure --source seeds --index "$(INDEX_DIR)"

run: index
	$(BIN)/gunicorn --config gunicorn.conf.py search_app.wsgi:app

test: $(VENV)/.installed
	./scripts/system-deps.sh browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The labelled evaluation set (eval/): precision and recall per extracted field and per query kind.
eval: $(VENV)/.installed
	$(BIN)/python -m eval $(EVAL_ARGS)

# BENCH_N=10000 by default; BENCH_N="10000 100000" for the full run and the growth ratio.
bench: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(INDEX_DIR) .pytest_cache
