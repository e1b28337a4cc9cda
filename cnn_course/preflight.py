"""Preflight: make one student's submission gradable, before any of its code runs.

``make grade`` never writes into submitted/ (nbgrader's input, the students' own files).  Each
submission to grade is first copied into a private staging folder (``stage``), and
``preflight`` works on that copy: it finds the notebook (a wrong file name is graded under the
right one), reads it (invalid JSON: nothing to grade), converts an old nbformat, makes
nbgrader's cell metadata safe for nbgrader (``sanitize``) and notes what needs a person's look
(``compare_with_release``): edited, deleted, duplicated or added test cells, changed points,
extra files beside the notebook.  nbgrader's autograde then reads the staged copy.
"""

import fnmatch
import json
import os
import shutil
import stat
from pathlib import Path

import nbformat

from . import notebooks

NBGRADER_FILES = {"timestamp.txt", "submission_secret.txt"}
"""Files nbgrader's exchange (``nbgrader submit`` / ``collect``) puts beside a submission."""


def _cells_by_id(nb):
    cells = {}
    for cell in nb.cells:
        grade_id = notebooks.nbgrader_metadata(cell).get("grade_id")
        if grade_id:
            cells.setdefault(grade_id, []).append(cell)
    return cells


def compare_with_release(nb, release_nb):
    """Reasons to look at a submission whose nbgrader cells differ from the release's
    (nbgrader restores or ignores them while grading; a person should still know).

    A cell counts as edited by the student only if it carries the release's checksum
    (nbgrader's ``checksum`` metadata, which editing a cell does not update): a cell with
    another checksum comes from an earlier release of the assignment (the instructor changed
    a test or its points since), which is no one's fault and is not listed."""
    reasons = []
    mine, theirs = _cells_by_id(release_nb), _cells_by_id(nb)
    for grade_id, (cell,) in mine.items():
        meta = notebooks.nbgrader_metadata(cell)
        if grade_id not in theirs:
            if meta.get("locked") or meta.get("grade"):
                reasons.append(f"deleted cell {grade_id} (restored for grading)")
            continue
        copies = theirs[grade_id]
        if len(copies) > 1:
            reasons.append(f"{len(copies)} cells with grade_id {grade_id} (duplicates removed for grading)")
        same_release = [c for c in copies if notebooks.nbgrader_metadata(c).get("checksum") == meta.get("checksum")]
        if meta.get("locked") and any(c.source != cell.source for c in same_release):
            reasons.append(f"edited locked cell {grade_id} (restored for grading)")
        if meta.get("grade") and any(notebooks.nbgrader_metadata(c).get("points") != meta.get("points")
                                     for c in same_release):
            reasons.append(f"changed the points of {grade_id} (restored for grading)")
    for grade_id, copies in theirs.items():
        if grade_id not in mine and any(notebooks.nbgrader_metadata(c).get("grade") for c in copies):
            reasons.append(f"added a test cell {grade_id} that is not in the assignment (ignored)")
    return reasons


def sanitize(nb, release_nb):
    """Make nbgrader's cell metadata of a submission safe for nbgrader, in place; True if
    anything changed.  nbgrader 0.9 stops with a KeyError on a cell whose grade_id it does not
    know (an added or renamed test cell) or on a second cell with the same grade_id, so such
    cells become ordinary cells here (nbgrader then restores the missing ones from the
    gradebook).  Keeps the first cell of each grade_id, as nbgrader's DeduplicateIds does."""
    known = set(_cells_by_id(release_nb))
    seen, changed = set(), False
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta is None:
            continue
        grade_id = meta.get("grade_id")
        if grade_id not in known or grade_id in seen:
            del cell.metadata["nbgrader"]
            changed = True
        else:
            seen.add(grade_id)
    return changed


def repair_metadata(nb):
    """Make every cell's metadata something nbformat and nbgrader can read, in place (nb: the
    notebook's JSON as plain dicts and lists); return what was wrong.
    A cell whose metadata is not a mapping gets none; nbgrader metadata that is not a mapping,
    or whose grade_id is not a string, is dropped (nbgrader then restores the assignment's own
    cells from the gradebook)."""
    problems = []
    if not isinstance(nb.get("metadata", {}), dict):
        nb["metadata"] = {}
        problems.append("the notebook's metadata is not a mapping")
    for index, cell in enumerate(nb.get("cells", [])):
        if not isinstance(cell.get("metadata", {}), dict):
            cell["metadata"] = {}
            problems.append(f"cell {index + 1}: metadata is not a mapping")
            continue
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta is None:
            continue
        if not isinstance(meta, dict) or not isinstance(meta.get("grade_id", ""), str) \
                or not all(isinstance(meta.get(key, False), bool) for key in ("grade", "solution", "locked")) \
                or not isinstance(meta.get("points", 0), (int, float)):
            del cell["metadata"]["nbgrader"]
            problems.append(f"cell {index + 1}: nbgrader metadata malformed")
    return ["malformed cell metadata, repaired for grading (" + "; ".join(problems[:3])
            + (" ..." if len(problems) > 3 else "") + ")"] if problems else []


def stage(folder, staged):
    """Copy the regular files and folders of a submission into `staged` (created); return the
    reasons to look at what was left out: symbolic links (to anywhere: the course, another
    student, nothing) and special files are not copied, so grading never follows them."""
    folder, staged = Path(folder), Path(staged)
    left_out = []
    staged.mkdir(parents=True)
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        target = staged / here.relative_to(folder)
        for name in sorted(dirnames):
            if (here / name).is_symlink():
                left_out.append(str((here / name).relative_to(folder)))
                dirnames.remove(name)
            else:
                (target / name).mkdir()
        for name in filenames:
            path = here / name
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode):
                shutil.copy2(path, target / name)
            else:
                left_out.append(str(path.relative_to(folder)))
    if left_out:
        return ["symbolic links or special files left out of grading: " + ", ".join(sorted(left_out)[:5])
                + (" ..." if len(left_out) > 5 else "")]
    return []


def _ignored(relative, patterns):
    return any(fnmatch.fnmatch(part, pattern) for part in relative.parts for pattern in patterns)


def preflight(folder, assignment, release_nb, release_files, ignore=()):
    """Make a staged submission gradable if possible; return (gradable, reasons, submitted_name).

    folder -- the staged copy (see stage), changed in place; release_nb -- the released
    notebook; release_files -- the paths of the release folder's files, relative to it;
    ignore -- nbgrader's ``CourseDirectory.ignore`` patterns (files nbgrader itself skips).
    submitted_name is the file name the student's notebook had (the feedback page is named
    after it, so that nbgrader's fetch_feedback finds it)."""
    folder = Path(folder)
    expected = folder / f"{assignment}.ipynb"
    reasons = []
    submitted_name = expected.name
    if expected.is_dir() and not expected.is_symlink():
        shutil.rmtree(expected)
        reasons.append(f"{expected.name} is a folder, not a notebook")
    if not expected.exists():
        others = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
        if len(others) == 1:
            submitted_name = others[0].name
            others[0].rename(expected)
            reasons.append(f"notebook named {submitted_name}, graded as {expected.name}")
        elif others:
            return False, reasons + [f"{len(others)} notebooks, none named {expected.name}: "
                                     + ", ".join(p.name for p in others)], submitted_name
        else:
            return False, reasons + ["no notebook in the submission"], submitted_name
    try:
        raw = json.loads(expected.read_text(encoding="utf-8"))
        version = raw.get("nbformat")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return False, reasons + [f"{submitted_name} is not a valid notebook (invalid JSON: {error})"], submitted_name
    except (AttributeError, RecursionError):
        return False, reasons + [f"{submitted_name} is not a valid notebook"], submitted_name
    if not isinstance(raw.get("cells", []), list) or not all(
            isinstance(c, dict) and isinstance(c.get("source", ""), (str, list)) for c in raw.get("cells", [])):
        return False, reasons + [f"{submitted_name} is not a valid notebook (its cells are malformed)"], \
            submitted_name
    repaired = repair_metadata(raw)          # before nbformat, which stops on some of it
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
    except Exception as error:  # nbformat cannot read or convert it
        return False, reasons + [f"{submitted_name} is not a valid notebook ({type(error).__name__}: {error})"], \
            submitted_name
    changed = bool(repaired)
    reasons += repaired
    if version != 4:
        reasons.append(f"old nbformat {version}, converted to 4 for grading")
        changed = True
    reasons += compare_with_release(nb, release_nb)
    changed = sanitize(nb, release_nb) or changed
    if changed:
        nbformat.write(nb, expected)
    extra = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                   if p.is_file() and p.relative_to(folder) not in release_files
                   and p.name not in NBGRADER_FILES and not p.name.startswith(".") and p.suffix != ".ipynb"
                   and not _ignored(p.relative_to(folder), ignore))
    if extra:
        reasons.append("extra files beside the notebook, not importable while graded: " + ", ".join(extra[:5])
                       + (" ..." if len(extra) > 5 else ""))
    return True, reasons, submitted_name
