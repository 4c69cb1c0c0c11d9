# Two commands on a fresh machine: `make demo` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check
# Every package is pinned with its hashes; the project itself is installed without dependencies.
LOCK_PIP_TOOLS := pip-tools==7.7.0

.PHONY: demo test lint format browser bench clean lock

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.base: $(BIN)/python pyproject.toml requirements/base.txt
	$(PIP) --require-hashes -r requirements/base.txt
	$(PIP) --no-deps -e .
	touch $@

$(VENV)/.test: $(VENV)/.base requirements/test.txt
	$(PIP) --require-hashes -r requirements/test.txt
	touch $@

# After changing the dependencies in pyproject.toml: pin them again with their hashes
# (needs network; keeps every version that still fits).
lock:
	$(PY) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet $(LOCK_PIP_TOOLS)
	.lock-venv/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-header -o requirements/base.txt pyproject.toml
	.lock-venv/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-header --extra test -o requirements/test.txt pyproject.toml
	rm -rf .lock-venv

# `make demo PORT=8001` serves elsewhere when 8000 is taken.
PORT ?= 8000
demo: $(VENV)/.base
	$(BIN)/zhiliang demo --port $(PORT)

# Browser tests drive Debian's Chromium; install it when we may (root on Debian).
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "Install Debian's chromium (apt-get install chromium) to run the browser tests." >&2; exit 1; fi; }

test: $(VENV)/.test browser
	$(BIN)/pytest

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.test
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) var
