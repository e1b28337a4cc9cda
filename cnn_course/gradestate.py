"""What ``make grade`` remembers about each student's grading, beside nbgrader's own records.

nbgrader's gradebook and ``autograded/<student>/<assignment>/`` say *what* a student got; one
small JSON file per student, ``autograded/.grading/<assignment>/<student>.json``, says *on
what* it was computed and what a person should look at:

    {"submission": sha256 of the submitted folder, "tests": sha256 of the assignment's tests,
     "status": "graded" | "failed" | "ungradable", "reasons": [...], "cell": "..." or "",
     "submitted_name": "<the notebook's file name as submitted>", "seconds": 9.8,
     "retry": true if the grading machinery failed, not the submission (a Dask task lost or
     refused, a result not recorded): the next run grades it again}

A student is graded again whenever the submission, the assignment's tests (hidden cases,
points, helper files: ``tests_fingerprint``) or nbgrader's records (no submission in the
gradebook, no graded notebook) disagree with this file; the file alone never makes a student
count as graded.  The folder starts with a dot so that nbgrader's globs over autograded/*/
never take it for a student.
"""

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from . import course, notebooks


def folder_fingerprint(folder):
    """sha256 over the names and bytes of every file of a folder (symbolic links by their
    target, never followed)."""
    folder = Path(folder)
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]):
            path = Path(dirpath) / name
            relative = str(path.relative_to(folder)).encode()
            if path.is_symlink():
                content = b"symlink:" + os.readlink(path).encode()
            elif path.is_file():
                content = path.read_bytes()
            else:
                content = b"special"
            digest.update(relative + b"\0" + content + b"\0")
    return digest.hexdigest()


def tests_fingerprint(root, assignment):
    """sha256 over what decides a grade in source/<assignment>/: every graded or locked cell
    of the notebook (grade_id, points, source with its hidden tests) and every other file of
    the folder (the checks module, data)."""
    folder = course.folder("source", assignment, course=root)
    nb = notebooks.read(folder / f"{assignment}.ipynb")
    digest = hashlib.sha256()
    for cell in nb.cells:
        meta = notebooks.nbgrader_metadata(cell)
        if meta.get("grade") or meta.get("locked"):
            digest.update(json.dumps([meta.get("grade_id"), meta.get("points"), cell.source]).encode() + b"\0")
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".ipynb"
                       and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def folder(autograded, assignment):
    """autograded/.grading/<assignment>/"""
    return Path(autograded) / ".grading" / assignment


def read(autograded, assignment, student):
    """The stored entry of a student, or None."""
    path = folder(autograded, assignment) / f"{student}.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def read_all(autograded, assignment):
    """{student: entry} of every student with an entry."""
    entries = {}
    for path in sorted(folder(autograded, assignment).glob("*.json")):
        try:
            entries[path.stem] = json.loads(path.read_text())
        except ValueError:
            continue
    return entries


def write(autograded, assignment, student, entry):
    """Store a student's entry (atomically: a reader never sees half a file)."""
    target = folder(autograded, assignment)
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / f".{student}.json.tmp"
    tmp.write_text(json.dumps(entry, indent=1, sort_keys=True))
    tmp.replace(target / f"{student}.json")


def remove(autograded, assignment, student):
    (folder(autograded, assignment) / f"{student}.json").unlink(missing_ok=True)


# ------------------------------------------------------------------ the gradebook

def _gradebook_exists(directory):
    """False for a SQLite gradebook whose file does not exist yet (opening it would create it)."""
    url = directory.db_url
    if not url.startswith("sqlite:///"):
        return True
    return Path(url.removeprefix("sqlite:///").split("?")[0]).exists()


def gradebook_records(directory, assignment):
    """{student: {grade_id: (score, max_score)}} of every submission of the assignment that
    nbgrader's gradebook holds, and the gradebook's {grade_id: (points, source)} of its test
    cells and {grade_id: source} of its locked cells (empty if it has no such assignment)."""
    from nbgrader.api import Gradebook, MissingEntry

    if not _gradebook_exists(directory):
        return {}, {}
    with Gradebook(directory.db_url, directory.course_id) as book:
        try:
            record = book.find_assignment(assignment)
        except MissingEntry:
            return {}, {}
        cells = {}
        for notebook in record.notebooks:
            for cell in notebook.grade_cells:
                cells[cell.name] = cell.max_score
            for cell in notebook.source_cells:
                cells[(cell.name, "source")] = cell.source
        submissions = {}
        for submission in record.submissions:
            submissions[submission.student.id] = {grade.cell.name: (grade.score, grade.max_score)
                                                  for nb in submission.notebooks for grade in nb.grades}
    return submissions, cells


def source_cells(root, assignment):
    """The source notebook's cells as gradebook_records gives the gradebook's: what nbgrader
    generate_assignment stores for this assignment."""
    nb = notebooks.read(course.notebook("source", assignment, course=root))
    cells = {}
    for cell in nb.cells:
        meta = notebooks.nbgrader_metadata(cell)
        if meta.get("grade"):
            cells[meta["grade_id"]] = float(meta.get("points", 0))
        if (meta.get("grade") or meta.get("locked")) and not meta.get("solution"):
            cells[(meta["grade_id"], "source")] = cell.source   # answer cells are stored as their stubs
    return cells


def update_gradebook(root, assignment, log):
    """Give the gradebook the assignment's current tests and points if it lacks them (a new
    gradebook, or a source changed since it was written): nbgrader generate_assignment into a
    scratch release folder, so that the committed release/ is left as it is."""
    directory = course.coursedir(root)
    _, cells = gradebook_records(directory, assignment)
    wanted = source_cells(root, assignment)
    if {key: cells.get(key) for key in wanted} == wanted and \
            {key for key in cells if isinstance(key, str)} == {key for key in wanted if isinstance(key, str)}:
        return
    log(f"grade: nbgrader generate_assignment {assignment} (the gradebook gets its tests and points)")
    with tempfile.TemporaryDirectory(prefix="cnn-grade-release-") as tmp:
        course.nbgrader("generate_assignment", assignment, "--force",
                        f"--CourseDirectory.release_directory={tmp}", course=root)


# ------------------------------------------------------------------ who to grade

def decide(root, assignment, students, force):
    """Which students to grade: {student: why} ("new", "changed", ...); the others are
    unchanged since graded.  Students without a folder are not in the answer."""
    directory = course.coursedir(root)
    autograded = Path(root) / directory.autograded_directory
    in_book, _ = gradebook_records(directory, assignment)
    tests = tests_fingerprint(root, assignment)
    todo = {}
    for student in students:
        folder = Path(directory.format_path(directory.submitted_directory, student, assignment))
        if not folder.is_dir():
            continue
        entry = read(autograded, assignment, student)
        graded_nb = Path(directory.format_path(directory.autograded_directory, student, assignment)) \
            / f"{assignment}.ipynb"
        if force:
            todo[student] = "forced"
        elif entry is None:
            todo[student] = "new"
        elif entry.get("submission") != folder_fingerprint(folder):
            todo[student] = "submission changed"
        elif entry.get("tests") != tests:
            todo[student] = "tests changed"
        elif entry.get("retry"):
            todo[student] = "the grading machines failed it last time"
        elif entry.get("status") == "graded" and (student not in in_book or not graded_nb.exists()):
            todo[student] = "not in the gradebook"
        elif entry.get("status") not in ("graded", "failed", "ungradable"):
            todo[student] = "interrupted"
    return todo


def forget(root, assignment, student):
    """Remove a student's grades of this assignment (gradebook, autograded/, feedback/): the
    submission they were computed on has changed and cannot be graded."""
    from nbgrader.api import Gradebook, MissingEntry

    directory = course.coursedir(root)
    if _gradebook_exists(directory):
        with Gradebook(directory.db_url, directory.course_id) as book:
            try:
                book.remove_submission(assignment, student)
            except MissingEntry:
                pass
    for where in (directory.autograded_directory, directory.feedback_directory):
        shutil.rmtree(directory.format_path(where, student, assignment), ignore_errors=True)
