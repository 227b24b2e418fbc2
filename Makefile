# difang — the two commands of the README: `make demo` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYWB   := .venv-pywb/.installed

.PHONY: install demo test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# pywb replays our WARCs in a test; it cannot share the project's venv (see the requirements file).
$(PYWB): tests/query/pywb-requirements.txt
	test -x .venv-pywb/bin/python || python3 -m venv .venv-pywb
	.venv-pywb/bin/python -m pip install -q -r tests/query/pywb-requirements.txt
	touch $(PYWB)

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
