# difang — the two commands of the README: `make demo` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYWB   := .venv-pywb/.installed
# The lock files (requirements/*.lock) are written by `make lock` and `make upgrade` only: every
# install takes exactly the locked versions, checked against their hashes (requirements/sync.py).
COMPILE = $(VENV)/bin/uv pip compile --quiet --generate-hashes --universal --python-version 3.11

.PHONY: install lock upgrade demo test lint typecheck unit bench clean

$(STAMP): requirements/dev.lock requirements/sync.py pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) requirements/sync.py requirements/dev.lock --editable .
	touch $(STAMP)

install: $(STAMP)

# pywb replays our WARCs in a test; it cannot share the project's venv (it pins older packages).
$(PYWB): requirements/pywb.lock requirements/sync.py
	test -x .venv-pywb/bin/python || python3 -m venv .venv-pywb
	.venv-pywb/bin/python requirements/sync.py requirements/pywb.lock
	touch $(PYWB)

# After a change to the dependencies in pyproject.toml: resolve what changed, keep every other pin.
lock: install
	$(COMPILE) pyproject.toml requirements/build.in --extra dev -o requirements/dev.lock
	$(COMPILE) pyproject.toml requirements/build.in --extra cluster -c requirements/dev.lock -o requirements/runtime.lock
	$(COMPILE) requirements/pywb.in -o requirements/pywb.lock

# Deliberately move every pin to the newest release allowed, then `make test` before committing.
upgrade: COMPILE += --upgrade
upgrade: lock

demo: install
	$(PY) -m demo.run

lint: install
	$(VENV)/bin/ruff check .

typecheck: install
	$(VENV)/bin/mypy

test: install $(PYWB) lint typecheck
	$(VENV)/bin/pytest -q

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
