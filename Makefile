# Two commands on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DB ?= instance/survey.db
MO := survey/translations/en/LC_MESSAGES/messages.mo

.PHONY: run test bench bench-quick lint demo clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The English catalogue, compiled from its .po (the .mo is not committed).
$(MO): $(MO:.mo=.po) | $(STAMP)
	$(VENV)/bin/pybabel compile -d survey/translations

run: $(STAMP) $(MO)
	$(VENV)/bin/survey --db $(DB) demo
	$(VENV)/bin/survey --db $(DB) serve

test: $(STAMP) $(MO)
	$(PY) -m pytest -q

bench: $(STAMP) $(MO)
	$(PY) bench/run.py

# Every benchmark at small sizes, no target enforced: CI runs it so that none rots.
bench-quick: $(STAMP) $(MO)
	$(PY) bench/run.py --quick

lint: $(STAMP)
	$(VENV)/bin/survey lint

clean:
	rm -rf $(VENV) instance .pytest_cache
