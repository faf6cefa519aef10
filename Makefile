# Set-up and everyday commands. Only Python 3.11 and make are needed on a fresh machine.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
SCENARIO ?= scenarios/pitea_alvsbyn.yaml

.PHONY: run test lab bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

# One stamp per lock: the environment is (re)installed when its lock changes.
$(VENV)/.run.stamp: requirements/run.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/run.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test.stamp: requirements/test.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/test.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.run.stamp

$(VENV)/.bench.stamp: requirements/bench.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/bench.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.test.stamp $(VENV)/.run.stamp

$(VENV)/.lab.stamp: requirements/lab.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements/lab.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.test.stamp $(VENV)/.run.stamp

## make run: run the bundled Piteå–Älvsbyn scenario and print a summary
run: $(VENV)/.run.stamp
	$(BIN)/samverkan run $(SCENARIO) --force

## make test: the whole test suite (unit, property, reference, CLI, notebooks)
test: $(VENV)/.test.stamp
	$(BIN)/python -m pytest -q

## make lab: open the notebooks in JupyterLab
lab: $(VENV)/.lab.stamp
	$(BIN)/jupyter lab notebooks/

## make bench: the speed benchmarks against stated targets and the peers (exit 1 on a miss)
bench: $(VENV)/.bench.stamp
	$(BIN)/python -m benchmarks

## make fuzz: the long fuzz run (about 3 200 generated scenario and game files; about 6 minutes)
fuzz: $(VENV)/.test.stamp
	SAMVERKAN_FUZZ_EXAMPLES=1500 $(BIN)/python -m pytest -q tests/test_fuzz.py -p no:cacheprovider --hypothesis-show-statistics

clean:
	rm -rf $(VENV) results
