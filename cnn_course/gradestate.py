"""What ``make grade`` remembers about each student's grading, beside nbgrader's own records.

nbgrader's gradebook and ``autograded/<student>/<assignment>/`` say *what* a student got; one
small JSON file per student, ``autograded/.grading/<assignment>/<student>.json``, says *on
what* it was computed and what a person should look at:

    {"submission": sha256 of the submitted folder, "tests": sha256 of the assignment's tests,
     "status": "graded" | "failed" | "ungradable", "reasons": [...], "cell": "..." or "",
     "submitted_name": "<the notebook's file name as submitted>", "seconds": 9.8}

A student is graded again whenever the submission, the assignment's tests (hidden cases,
points, helper files: ``tests_fingerprint``) or nbgrader's records (no submission in the
gradebook, no graded notebook) disagree with this file; the file alone never makes a student
count as graded.  The folder starts with a dot so that nbgrader's globs over autograded/*/
never take it for a student.
"""

import hashlib
import json
import os
from pathlib import Path

from . import notebooks


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
    folder = Path(root) / "source" / assignment
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
