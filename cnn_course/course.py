"""Run nbgrader on the course, or on a temporary copy of it, and read the gradebook.

Everything goes through nbgrader's own command line (``python -m nbgrader ...``) run in the
course folder, exactly as an instructor would type it, so that nbgrader_config.py applies.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from . import ROOT


class NbgraderError(RuntimeError):
    """An nbgrader command failed; the message holds its output."""


def environment():
    """os.environ with this Python's bin/ first on PATH: nbgrader runs ``alembic`` and
    Jupyter finds kernels from PATH, and a virtual environment may not be activated."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def nbgrader(*args, course=ROOT, check=True):
    """Run ``nbgrader ARGS`` in the course folder; return the CompletedProcess."""
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course,
                            capture_output=True, text=True, env=environment())
    if check and result.returncode != 0:
        raise NbgraderError(f"nbgrader {' '.join(args)} failed ({result.returncode}):\n"
                            f"{result.stdout}\n{result.stderr}")
    return result


def copy_course(destination):
    """Copy what an instructor starts from into a new folder: nbgrader_config.py, source/
    and the cnn_course/ tooling that the configuration imports."""
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "nbgrader_config.py", destination / "nbgrader_config.py")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "source", destination / "source", ignore=ignore)
    shutil.copytree(ROOT / "cnn_course", destination / "cnn_course", ignore=ignore)
    return destination


def generate_release(assignment, course=ROOT):
    """``nbgrader generate_assignment ASSIGNMENT --force``: write release/ASSIGNMENT/."""
    return nbgrader("generate_assignment", assignment, "--force", course=course)


def submission_folder(course, student, assignment):
    """Where nbgrader expects a student's submission: submitted/STUDENT/ASSIGNMENT/."""
    return Path(course) / "submitted" / student / assignment


def scores(assignment, student, course=ROOT):
    """{grade_id: (score, max_score)} of one autograded submission, from the gradebook
    (KeyError if it has none)."""
    return class_scores(assignment, [student], course)[student]


def class_scores(assignment, students, course=ROOT):
    """{student: {grade_id: (score, max_score)}} for the students that have an autograded
    submission, in the order of the source notebook's cells; one gradebook session."""
    from nbgrader.api import Gradebook, MissingEntry

    from .notebooks import graded_cells, read

    order = list(graded_cells(read(Path(course) / "source" / assignment / f"{assignment}.ipynb")))
    table = {}
    with Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}") as gradebook:
        for student in students:
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                continue
            found = {grade.cell.name: (grade.score, grade.max_score)
                     for notebook in submission.notebooks for grade in notebook.grades}
            table[student] = {name: found[name] for name in
                              sorted(found, key=lambda n: order.index(n) if n in order else len(order))}
    return table


def score_table(scores):
    """A printable table of {grade_id: (score, max_score)}, one function a line, and the total."""
    lines = [f"{'function':26s} {'points':>13s}"]
    for grade_id, (score, best) in scores.items():
        mark = "passed" if score == best else "FAILED"
        lines.append(f"{grade_id.removeprefix('test_'):26s} {score:5g} / {best:<5g} {mark}")
    total = sum(score for score, _ in scores.values())
    lines.append(f"{'total':26s} {total:5g} / {sum(best for _, best in scores.values()):<5g}")
    return "\n".join(lines)


def ensure_student(student, course=ROOT):
    """Add a student to the gradebook (nbgrader export lists every student it knows)."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}") as gradebook:
        gradebook.update_or_create_student(student)
