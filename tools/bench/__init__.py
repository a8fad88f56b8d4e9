"""The course benchmark: what a student and a teacher wait for, measured against the floor.

Run it with ``python course.py bench`` (everything) or ``python course.py bench --only
kernel`` (one part; repeat ``--only`` for several). Each part writes its section of
``benchmarks/results.json``; the table printed at the end and the exit status cover every
target whose part was measured in this run (see ``targets.py`` and CONTRIBUTING.md).

Parts:

- ``kernel``: the floor (a fresh kernel importing pandas, altair and ipywidgets), the course's
  setup cell above it, and each lesson's Run-All in a fresh kernel;
- ``browser``: Run All to the last output drawn in JupyterLab + Chromium, per lesson, against
  a floor notebook holding only those imports;
- ``callbacks``: value change to new output computed, per widget control and exercise, p50
  and p95 in a kernel;
- ``setup``: first-run set-up from a fresh clone with pip and with uv;
- ``sizes``: runtime venv against a bare one, and every committed notebook's size;
- ``tests``: the test command's duration by part (lint, unit, nbval, browser, grading).
"""
