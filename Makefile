# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
# nbgrader calls `alembic` and Jupyter tools by name: put the venv first on PATH.
export PATH := $(abspath $(VENV))/bin:$(PATH)

.PHONY: install demo test build bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e .
	touch $@

demo: install           ## build the release, grade sample submissions, print feedback
	$(PY) -m autograder build
	$(PY) -m autograder.demo
	$(PY) -m autograder.demo.term

test: install           ## the whole suite
	$(PY) -m pytest -q

build: install          ## regenerate release/ and solutions/ from source/
	$(PY) -m autograder build

bench: install          ## grading speed against nbgrader autograde; notebook run times
	$(PY) bench/grade_speed.py
	$(PY) bench/notebook_times.py
	$(PY) bench/batch_throughput.py

clean:
	rm -rf $(VENV) gradebook.db .pytest_cache demo-term
