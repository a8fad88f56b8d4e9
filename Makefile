# Thin wrappers around course.py, which works the same on Linux, macOS and Windows.
# course.py installs from the locks in requirements/: lab and voila the runtime lock (the
# package plus its launch tools), test the dev and instructor locks; lock recompiles them.
PYTHON ?= python3

.PHONY: lab test execute verify bench lock voila
lab:
	$(PYTHON) course.py lab
test:
	$(PYTHON) course.py test
execute:
	$(PYTHON) course.py execute
verify:
	$(PYTHON) course.py verify
bench:
	$(PYTHON) course.py bench
lock:
	$(PYTHON) course.py lock
voila:
	$(PYTHON) course.py voila
