"""Course tooling for "CNNs from scratch": figures, releases, submissions and grading.

Run it as ``python -m cnn_course COMMAND`` from the repository root (the Makefile does);
``python -m cnn_course --help`` lists the commands.  Nothing in this package is shipped to
students but ``student/cnn_checks.py``, which ``make release`` copies into each assignment: a
released assignment folder contains only its notebook, ``cnn_checks.py``, ``images/`` and
``data/`` (and the assignment's own helper modules).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The course root: the folder holding nbgrader_config.py, source/ and release/."""

from .assignments import discover  # noqa: E402

ASSIGNMENTS = tuple(assignment.name for assignment in discover(ROOT))
"""The assignments of the course (source/<name>/ with an assignment.toml), in the order
students take them."""
