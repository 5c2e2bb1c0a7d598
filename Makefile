# The README's first two commands: `make run` and `make test`. Both do all set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
INDEX_DIR ?= index
export HOST PORT INDEX_DIR

.PHONY: run test index bench clean install

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# Re-installs when setup.cfg changes.
$(VENV)/.installed: setup.cfg pyproject.toml | $(BIN)/activate
	./scripts/system-deps.sh build
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Builds the seed index only when there is none yet.
index: $(VENV)/.installed
	@if [ -f "$(INDEX_DIR)/CURRENT" ]; then echo "Index present in $(INDEX_DIR)/"; \
	else $(BIN)/python -m indexer build --source seeds --index "$(INDEX_DIR)"; fi

run: index
	$(BIN)/gunicorn --config gunicorn.conf.py search_app.wsgi:app

test: $(VENV)/.installed
	./scripts/system-deps.sh browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# BENCH_N=10000 by default; BENCH_N="10000 100000" for the full run and the growth ratio.
bench: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(INDEX_DIR) .pytest_cache
