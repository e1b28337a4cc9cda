"""Run nbgrader on the course, or on a temporary copy of it, and read the gradebook.

Everything goes through nbgrader's own command line (``python -m nbgrader ...``) run in the
course folder, exactly as an instructor would type it, so that nbgrader_config.py applies.
"""

import contextlib
import filecmp
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


def copy_course(destination, origin=ROOT):
    """Copy what an instructor starts from into a new folder: nbgrader_config.py, source/
    and the cnn_course/ tooling that the configuration imports (nbgrader_config.py and
    source/ from the course `origin`, the tooling from this package), with an empty gradebook
    (new_gradebook).  Used for scratch courses: make grade's check, make check, tests."""
    destination, origin = Path(destination), Path(origin)
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(origin / "nbgrader_config.py", destination / "nbgrader_config.py")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(origin / "source", destination / "source", ignore=ignore)
    shutil.copytree(ROOT / "cnn_course", destination / "cnn_course", ignore=ignore)
    new_gradebook(destination / "gradebook.db")     # the db_url its nbgrader_config.py gives
    return destination


@contextlib.contextmanager
def _working_directory(folder):
    previous = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def coursedir(course=ROOT):
    """nbgrader's CourseDirectory of a course, configured exactly as an nbgrader command run in
    that folder sees it (the global Jupyter config paths, then the course's nbgrader_config.py):
    its ``db_url``, ``format_path`` and folder names come from there."""
    from nbgrader.apps import NbGrader
    from nbgrader.coursedir import CourseDirectory

    course = Path(course).resolve()
    with _working_directory(course):
        app = NbGrader()
        app.load_config_file()
    return CourseDirectory(config=app.config, root=str(course))


def alembic_head():
    """The alembic revision nbgrader stamps a new gradebook with, read in this process
    (nbgrader's Gradebook runs `alembic heads` in a subprocess for that, about 3 s)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    config = Config()
    config.set_main_option("script_location", ALEMBIC_DIR)
    return ScriptDirectory.from_config(config).get_heads()[0]


def new_gradebook(path):
    """Create an empty nbgrader gradebook (SQLite) at path, as nbgrader's Gradebook does for a new
    database, unless a file is there already.  Scratch courses (make grade's environment check,
    make check, tests) use it to spare nbgrader's `alembic heads` subprocess."""
    import sqlite3

    from nbgrader.api import Base
    from sqlalchemy import create_engine

    path = Path(path)
    if path.exists():
        return path
    engine = create_engine(f"sqlite:///{path}", future=True)
    Base.metadata.create_all(bind=engine)
    engine.dispose()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        db.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (alembic_head(),))
    return path


def gradebook(course=ROOT):
    """nbgrader's Gradebook at the course's configured ``CourseDirectory.db_url`` (a context
    manager: ``with course.gradebook(root) as gb: ...``)."""
    from nbgrader.api import Gradebook

    directory = coursedir(course)
    return Gradebook(directory.db_url, directory.course_id)


def release_differences(fresh, committed):
    """What differs between two release folders of an assignment (file names, notebook
    contents as nbformat reads them, other files byte for byte); [] if they are the same."""
    from .notebooks import read

    def files(folder):
        return sorted(p.relative_to(folder).as_posix() for p in Path(folder).rglob("*") if p.is_file())

    fresh, committed = Path(fresh), Path(committed)
    if not committed.is_dir():
        return [f"{committed} does not exist"]
    differences = [f"only in one of them: {name}" for name in sorted(set(files(fresh)) ^ set(files(committed)))]
    for name in sorted(set(files(fresh)) & set(files(committed))):
        if name.endswith(".ipynb"):
            same = read(fresh / name) == read(committed / name)
        else:
            same = filecmp.cmp(fresh / name, committed / name, shallow=False)
        if not same:
            differences.append(f"{name} differs")
    return differences


def generate_release(assignment, course=ROOT):
    """``nbgrader generate_assignment ASSIGNMENT --force``: write release/ASSIGNMENT/."""
    return nbgrader("generate_assignment", assignment, "--force", course=course)


def folder(step, assignment, student=".", course=ROOT, directory=None):
    """A folder of one assignment as nbgrader lays it out (``CourseDirectory.format_path`` with
    the course's configuration): step is "source", "release", "submitted", "autograded" or
    "feedback"; student is "." for source and release.  directory: the course's
    CourseDirectory if already loaded (course.coursedir)."""
    directory = directory or coursedir(course)
    return Path(directory.format_path(getattr(directory, f"{step}_directory"), student, assignment))


def notebook(step, assignment, student=".", course=ROOT, directory=None):
    """The assignment's notebook in that folder: <folder>/<assignment>.ipynb."""
    return folder(step, assignment, student, course, directory) / f"{assignment}.ipynb"


def submission_folder(course, student, assignment):
    """Where nbgrader expects a student's submission: submitted/STUDENT/ASSIGNMENT/."""
    return folder("submitted", assignment, student, course)


def scores(assignment, student, course=ROOT):
    """{grade_id: (score, max_score)} of one autograded submission, from the gradebook
    (KeyError if it has none)."""
    return class_scores(assignment, [student], course)[student]


def class_scores(assignment, students, course=ROOT):
    """{student: {grade_id: (score, max_score)}} for the students that have an autograded
    submission, in the order of the source notebook's cells; one gradebook session."""
    from nbgrader.api import MissingEntry

    from .notebooks import graded_cells, read

    order = list(graded_cells(read(notebook("source", assignment, course=course))))
    table = {}
    with gradebook(course) as book:
        for student in students:
            try:
                submission = book.find_submission(assignment, student)
            except MissingEntry:
                continue
            found = {grade.cell.name: (grade.score, grade.max_score)
                     for notebook in submission.notebooks for grade in notebook.grades}
            table[student] = {name: found[name] for name in
                              sorted(found, key=lambda n: order.index(n) if n in order else len(order))}
    return table


def score_table(scores, reasons=None):
    """A printable table of {grade_id: (score, max_score)}, one function a line (with the
    first line of its failure, from reasons {grade_id: text}), and the total."""
    reasons = reasons or {}
    lines = [f"{'function':26s} {'points':>13s}"]
    for grade_id, (score, best) in scores.items():
        mark = "passed" if score == best else "FAILED"
        why = f"  {reasons[grade_id]}" if score != best and reasons.get(grade_id) else ""
        lines.append(f"{grade_id.removeprefix('test_'):26s} {score:5g} / {best:<5g} {mark}{why}")
    total = sum(score for score, _ in scores.values())
    lines.append(f"{'total':26s} {total:5g} / {sum(best for _, best in scores.values()):<5g}")
    return "\n".join(lines)


def ensure_student(student, course=ROOT):
    """Add a student to the gradebook (nbgrader export lists every student it knows)."""
    with gradebook(course) as book:
        book.update_or_create_student(student)
