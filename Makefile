# TensorFlow Labs. `make lab` to learn, `make test` to check everything (what CI runs).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NBVAL := --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
NOTEBOOK ?=
LAB_DIR ?= notebooks
# Jupyter refuses to run as root (containers, some cloud machines) unless told to.
JUPYTER_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root,)

.DEFAULT_GOAL := help
.PHONY: help venv lab test test-unit test-perturbed test-pythons test-latest nbval-audit student solutions strip \
	nbval-reference grade progress publish browser site bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# The venv is (re)built only when it is missing or the requirements changed.
$(STAMP): requirements.txt pyproject.toml tools/jupyterlab/overrides.json
	@$(PYTHON) labs_utils/doctor.py --python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -e .
	@$(BIN)/python -m labs_utils.doctor
	@# No "get Jupyter news?" prompt and no update check: the course's JupyterLab stays quiet and offline.
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp tools/jupyterlab/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

venv: $(STAMP)  ## create .venv with the pinned requirements (done by every target)

lab: $(STAMP)  ## open JupyterLab on notebooks/ (LAB_DIR=build/student for the handouts)
	$(BIN)/jupyter lab $(JUPYTER_ARGS) $(LAB_DIR)

# Two workers keep both cores busy (a notebook kernel alone leaves half the CPU idle); loadscope keeps
# each notebook's cells on one worker, as nbval needs. TEST_WORKERS=0 runs serially.
TEST_WORKERS ?= 2
XDIST := $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadscope)
test: $(STAMP)  ## unit tests + every notebook under nbval, quick profile (what CI runs)
	LABS_PROFILE=quick $(BIN)/python -m pytest $(XDIST) $(NBVAL) tests notebooks

test-unit: $(STAMP)  ## only the labs_utils unit tests (seconds)
	LABS_PROFILE=quick $(BIN)/python -m pytest tests -m "not notebooks"

test-perturbed: $(STAMP)  ## nbval with every float of the references moved in its last digit (must pass)
	LABS_PROFILE=quick LABS_NBVAL_PERTURB=1 $(BIN)/python -m pytest $(XDIST) $(NBVAL) notebooks

test-pythons:  ## every Python the README names: own venv, unit tests + lab 00 under nbval (.venvs/)
	$(PYTHON) tools/envcheck.py pythons

LATEST_PRE ?=
test-latest:  ## newest releases of the direct dependencies (LATEST_PRE=1: pre-releases too), quick profile
	$(PYTHON) tools/envcheck.py latest $(if $(LATEST_PRE),--pre,)

nbval-audit: $(STAMP)  ## which nbval-check-output cells print machine-dependent digits (build/nbval-audit.md)
	$(BIN)/python tools/audit_nbval_references.py $(NOTEBOOK)

student: $(STAMP)  ## build/student/: handouts with solutions replaced by stubs
	$(BIN)/python -m labs_utils.build student $(NOTEBOOK)

BASELINE ?=
PROFILE ?= full
solutions: $(STAMP)  ## build/solutions/: executed notebooks (full profile; PROFILE=quick for a draft), HTML, report.md (BASELINE=rev: timed side by side; SEEDS="42 7": findings per base seed)
	$(BIN)/python -m labs_utils.build solutions $(NOTEBOOK) --profile $(PROFILE) $(if $(BASELINE),--baseline $(BASELINE),) $(if $(SEEDS),--seeds $(SEEDS),)

# The browser tests (JupyterLab, the site) skip, saying so, until a Chromium is installed: Debian's
# package works offline with Playwright (its own browser download does not).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
browser:  ## install Debian's chromium and CJK fonts for the browser tests (Playwright comes with make venv)
	@if command -v chromium >/dev/null && fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
		echo "chromium and Noto CJK are installed: $$(command -v chromium)"; \
	else $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium fonts-noto-cjk; fi

site: $(STAMP)  ## build/site/: the executed solutions (make solutions first) as a static website, offline
	$(BIN)/python -m labs_utils.site

publish: $(STAMP)  ## commit build/student and build/solutions to the handouts branch the Colab badges open
	$(BIN)/python -m labs_utils.build publish

strip: $(STAMP)  ## clean the sources in notebooks/ (outputs, execution counts, metadata)
	$(BIN)/python -m labs_utils.build strip $(NOTEBOOK)

nbval-reference: $(STAMP)  ## re-record the outputs nbval-check-output cells must reproduce
	$(BIN)/python -m labs_utils.build nbval-reference $(NOTEBOOK)

# Grading: a fresh process per submission, only the cells the checks need, quick profile (what CI proves).
SUBMISSIONS ?=
TIMEOUT ?=
JOBS ?=
GRADE_ARGS = $(if $(TIMEOUT),--timeout $(TIMEOUT),) $(if $(JOBS),--jobs $(JOBS),)
grade: $(STAMP)  ## grade a class: SUBMISSIONS=dir (a folder or <id>.zip per student) -> build/grades/
	@test -n "$(SUBMISSIONS)" || { echo "make grade needs SUBMISSIONS=path/to/class: one folder (or <student>.zip) per student"; exit 2; }
	$(BIN)/python -m labs_utils.grader grade "$(SUBMISSIONS)" $(GRADE_ARGS)

WORK ?= build/student
progress: $(STAMP)  ## a student's own status on every lab in WORK (default build/student), before handing in
	$(BIN)/python -m labs_utils.grader progress "$(WORK)" $(GRADE_ARGS)

# PyTorch is for the benchmark only: its own venv, never a course requirement.
BENCH_VENV ?= .venv-bench
BENCH_EPOCHS ?= 3
$(BENCH_VENV)/.installed:
	@test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check torch==2.13.0 numpy==2.4.6
	@touch $@

BENCH_ISA ?=
bench: $(STAMP) $(BENCH_VENV)/.installed  ## every kind of training in the course: Keras vs PyTorch (build/bench/; BENCH_ISA=AVX2 caps oneDNN)
	$(BIN)/python benchmarks/run.py --epochs $(BENCH_EPOCHS) --torch-python $(BENCH_VENV)/bin/python \
		$(if $(BENCH_ISA),--isa $(BENCH_ISA),)

clean:  ## remove build/ (keeps .venv)
	rm -rf build
