# cablescope: `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB := demo.db

.PHONY: demo test install install-test install-bench lint typecheck bench scale fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The exact, tested versions from the lock files (requirements/), then cablescope itself.
$(VENV)/.installed: pyproject.toml requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements/test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/test.txt
	$(BIN)/pip install --quiet --no-deps -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Datasette, for bench/scale.py alone, on top of the test set.
$(VENV)/.installed-bench: requirements/bench.txt $(VENV)/.installed-test
	$(BIN)/pip install --quiet -r requirements/bench.txt
	touch $@

install-bench: $(VENV)/.installed-bench

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/cablescope ingest --db $(DEMO_DB) examples/
	$(BIN)/cablescope stats --db $(DEMO_DB)
	@echo
	$(BIN)/cablescope search --db $(DEMO_DB) 'juarez OR mugabe' --limit 5
	@echo
	$(BIN)/cablescope search --db $(DEMO_DB) 'per:calderon' --limit 5
	@echo
	$(BIN)/cablescope show --db $(DEMO_DB) 10MEXICO83 | head -40
	@echo
	$(BIN)/cablescope serve --db $(DEMO_DB)

test: install-test
	$(BIN)/python -m pytest -n 2 --dist loadfile

lint: install-test
	$(BIN)/ruff check cablescope tests bench evaluation
	$(BIN)/mypy --strict cablescope

bench: install-test
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/links.py
	$(BIN)/python bench/compare.py
	$(BIN)/python bench/rules.py
	$(BIN)/python bench/ner.py
	$(BIN)/python bench/resolve.py
	$(BIN)/python bench/web.py
	$(BIN)/python bench/reliability.py concurrent --trials 3
	$(BIN)/python bench/reliability.py kill --times 10

# 1x, beside Datasette (about a minute); 10x and 37x: see bench/scale.py.
scale: install-bench
	$(BIN)/python bench/scale.py --times 1

fuzz: install-test
	$(BIN)/python -m tests.fuzz --minutes 10

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache .mypy_cache .hypothesis
