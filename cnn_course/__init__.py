"""Course tooling for "CNNs from scratch": figures, releases, submissions and grading.

Run it as ``python -m cnn_course COMMAND`` from the repository root (the Makefile does);
``python -m cnn_course --help`` lists the commands.  Nothing in this package is shipped to
students: a released assignment folder contains only its notebook, ``cnn_checks.py``,
``images/`` and ``data/``.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The course root: the folder holding nbgrader_config.py, source/ and release/."""

ASSIGNMENTS = ("cnn_step_by_step", "cnn_application")
"""The assignments of the course, in the order students take them."""
