# CNNs from scratch -- entry points.  `make help` lists them.
#
# Everything runs in .venv, created on first use from requirements.txt; no need to activate it.

PYTHON_SYSTEM ?= python3
VENV          := .venv
BIN           := $(CURDIR)/$(VENV)/bin
PYTHON        := $(BIN)/python
ASSIGNMENT    ?= cnn_step_by_step
# the others: make lab ASSIGNMENT=cnn_application, ASSIGNMENT=cnn_text (likewise check, grade)
# the Chinese edition: make lab EDITION=zh (likewise check, grade): the assignment <name>_zh, in a
# JupyterLab whose own menus are in Chinese (jupyterlab-language-pack-zh-cn, this lab only)
EDITION       ?=
NOTEBOOK      := $(ASSIGNMENT)$(if $(EDITION),_$(EDITION))
LAB_LANGUAGE  := $(if $(filter zh,$(EDITION)),--LabApp.app_settings_dir=$(CURDIR)/cnn_course/jupyter_learner/settings_zh)
# nbgrader runs helper programs (alembic) and Jupyter finds kernels through PATH
export PATH   := $(BIN):$(PATH)
# extra arguments for JupyterLab, e.g. make lab LAB_ARGS=--no-browser; as root (containers,
# CI machines) JupyterLab refuses to start without --allow-root, so it is added there
LAB_ARGS      ?=
AS_ROOT_ARGS  := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help lab notebooks check grade report test test-fast lint release figures clean clean-grades

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt constraints.txt pyproject.toml
	test -x $(PYTHON) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements.txt
	$(PYTHON) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(PYTHON) -m pip install --quiet -r requirements-test.txt
	touch $@

lab: notebooks  ## start JupyterLab on 127.0.0.1 with the assignment open (your work is kept)
	JUPYTER_CONFIG_PATH=$(CURDIR)/cnn_course/jupyter_learner $(BIN)/jupyter lab --ip=127.0.0.1 \
	    --ServerApp.root_dir=$(CURDIR) $(AS_ROOT_ARGS) $(LAB_LANGUAGE) $(LAB_ARGS) notebooks/$(NOTEBOOK).ipynb

notebooks: $(VENV)/.installed  ## copy the released notebooks into notebooks/ without overwriting yours
	$(PYTHON) -m cnn_course notebooks

check: notebooks  ## grade your notebooks/ copy with the real autograder; feedback HTML next to it
	$(PYTHON) -m cnn_course check notebooks/$(NOTEBOOK).ipynb

test: lint  ## install what the tests need, lint, and run the whole suite (about 35 minutes; CI runs this)
	$(PYTHON) -m pytest tests

test-fast: lint  ## lint and the fast tier: unit tests only, under 2 minutes (for everyday work)
	$(PYTHON) -m pytest -m fast tests

lint: $(VENV)/.installed-test  ## ruff check (rules in pyproject.toml)
	$(BIN)/ruff check .

.PHONY: collect
collect: $(VENV)/.installed  ## LMS=canvas|moodle|plain: the zip(s) in downloaded/<assignment>/archive/ into submitted/ (docs/lms.md)
	$(PYTHON) -m cnn_course collect $(NOTEBOOK) $(if $(LMS),--lms $(LMS)) $(COLLECT_ARGS)

grade: $(VENV)/.installed  ## grade submitted/ (checked, parallel, sandboxed): feedback/, reports/<assignment>/
	$(PYTHON) -m cnn_course grade $(NOTEBOOK) $(GRADE_ARGS)

report: $(VENV)/.installed  ## write reports/<assignment>/ (grades.csv, review.csv, report.html) from the gradebook
	$(PYTHON) -m cnn_course report $(NOTEBOOK)

release: $(VENV)/.installed  ## regenerate release/ from source/ with nbgrader generate_assignment
	$(PYTHON) -m cnn_course release

figures: $(VENV)/.installed  ## redraw every figure into images/ (and copy them into source/)
	$(PYTHON) -m cnn_course figures

clean:  ## remove what can be rebuilt: .venv and caches (never notebooks, submissions or grades)
	rm -rf $(VENV) .pytest_cache .ruff_cache cnn_course.egg-info autograded/.grading-kernel
	find . -name __pycache__ -type d -prune -not -path './.venv/*' -exec rm -rf {} +

clean-grades: $(VENV)/.installed  ## delete every grade, graded notebook, feedback page and report (asks; YES=1 does not)
	$(PYTHON) -m cnn_course clean-grades $(if $(YES),--yes)
