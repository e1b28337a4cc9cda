# CNNs from scratch -- entry points.  `make help` lists them.
#
# Everything runs in .venv, created on first use from requirements.txt; no need to activate it.

PYTHON_SYSTEM ?= python3
VENV          := .venv
BIN           := $(CURDIR)/$(VENV)/bin
PYTHON        := $(BIN)/python
ASSIGNMENT    ?= cnn_step_by_step
# the other one: make lab ASSIGNMENT=cnn_application (likewise check, grade)
# nbgrader runs helper programs (alembic) and Jupyter finds kernels through PATH
export PATH   := $(BIN):$(PATH)
# extra arguments for JupyterLab, e.g. make lab LAB_ARGS=--no-browser; as root (containers,
# CI machines) JupyterLab refuses to start without --allow-root, so it is added there
LAB_ARGS      ?=
AS_ROOT_ARGS  := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help lab notebooks check grade test release figures clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt constraints.txt
	test -x $(PYTHON) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(PYTHON) -m pip install --quiet -r requirements-test.txt
	touch $@

lab: notebooks  ## start JupyterLab on 127.0.0.1 with the assignment open (your work is kept)
	$(BIN)/jupyter lab --ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) $(AS_ROOT_ARGS) $(LAB_ARGS) notebooks/$(ASSIGNMENT).ipynb

notebooks: $(VENV)/.installed  ## copy the released notebooks into notebooks/ without overwriting yours
	$(PYTHON) -m cnn_course notebooks

check: notebooks  ## grade your notebooks/ copy with the real autograder; feedback HTML next to it
	$(PYTHON) -m cnn_course check notebooks/$(ASSIGNMENT).ipynb

test: $(VENV)/.installed-test  ## install what the tests need and run the whole suite
	$(PYTHON) -m pytest tests

grade: $(VENV)/.installed  ## grade all of submitted/ in parallel and sandboxed: feedback/, grades.csv, review list
	$(PYTHON) -m cnn_course grade $(ASSIGNMENT) $(GRADE_ARGS)

release: $(VENV)/.installed  ## regenerate release/ from source/ with nbgrader generate_assignment
	$(PYTHON) -m cnn_course release

figures: $(VENV)/.installed  ## redraw every figure into images/ (and copy them into source/)
	$(PYTHON) -m cnn_course figures

clean:  ## remove the environment and nbgrader's working data (not your notebooks)
	rm -rf $(VENV) gradebook.db submitted autograded/*/ feedback grades.csv
