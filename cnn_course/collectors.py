"""nbgrader zip_collect collector plugins for three LMS downloads (used by ``python -m cnn_course collect``).

    nbgrader zip_collect ASSIGNMENT --collector=cnn_course.collectors.CanvasCollector

zip_collect extracts downloaded/ASSIGNMENT/archive/ into downloaded/ASSIGNMENT/extracted/ and
asks the plugin, file by file, whose file it is and under which name it goes into
submitted/STUDENT/ASSIGNMENT/.  The file names (docs/lms.md):

- ``CanvasCollector``, Canvas's "Download Submissions" zip: ``doejane_12345_678901_cnn_step_by_step.ipynb``,
  that is ``<name>_[LATE_]<user id>_<file id>_<file name>``; Canvas adds ``-1``, ``-2`` to a
  file name the student had uploaded before (``cnn_step_by_step-1.ipynb``).  The student is the
  user id.  A zip the student uploaded is extracted by zip_collect into a folder of its name;
  the notebooks in it count as the student's.
- ``MoodleCollector``, Moodle's "Download all submissions" zip: one folder per student and
  submission plugin, ``Jane Doe_12345_assignsubmission_file_/cnn_step_by_step.ipynb`` (with
  "download submissions in folders" off: ``Jane Doe_12345_assignsubmission_file_cnn_step_by_step.ipynb``).
  The student is the number.
- ``PlainCollector``: ``<student id>.ipynb`` files, loose or in zips.

Every notebook goes to submitted/STUDENT/ASSIGNMENT/ under the released notebook's name
whatever the LMS renamed it to; a name the *student* gave it (``My Assignment (1).ipynb``) is
kept, and ``make grade`` grades it under the right name and lists it for review.

One notebook per student.  When a download holds several for one student, one named like the
released notebook wins over the others, then the newest (Canvas: the highest file id, which
Canvas hands out in upload order, so a late upload beats an on-time one); copies with the
same bytes count once.  Moodle and plain names say nothing about time: two *different*
notebooks there leave the student uncollected, both listed, until one is removed from
archive/.  Everything else (other files, names that match no pattern, macOS and hidden files)
is skipped, with its reason, in the log and in the report.

A student already in submitted/ (any file in submitted/STUDENT/ASSIGNMENT/) is not handed to
zip_collect, so it stays as it is, unless ``overwrite`` (default: zip_collect's ``--force``).

The plugin decides for all files at once, when zip_collect asks about the first one, because
zip_collect itself gives up on a second file of the same name for a student unless the plugin
gives timestamps (and timestamps would go into submitted/ as timestamp.txt).
"""

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nbgrader.plugins import FileNameCollectorPlugin
from traitlets import Bool, Unicode

CANVAS = re.compile(r"^(?P<name>.*?)_(?:(?P<late>LATE)_)?(?P<student_id>\d+)_(?P<file_number>\d+)_(?P<original>.+)$")
"""Canvas: <sortable name>_[LATE_]<user id>_<file id>_<file name as uploaded>."""
CANVAS_RESUBMITTED = re.compile(r"^(?P<stem>.+)-(?P<number>\d+)(?P<suffix>\.ipynb)$")
"""Canvas's suffix on a file name the student had uploaded before: name-1.ipynb, name-2.ipynb."""
MOODLE = re.compile(r"^(?P<name>[^_]*)_(?P<student_id>\d+)_assignsubmission_(?P<plugin>[a-z]+)(?:_(?P<original>.*))?$")
"""Moodle: <full name>_<participant id>_assignsubmission_<plugin>_ (a folder), or the same prefix
followed by the file name (no folders); Moodle writes the full name with '_' as ' '.  The
plugin is ``file`` for uploaded files (``onlinetext`` for typed text, and so on)."""
PLAIN = re.compile(r"^(?P<student_id>\w[\w.@+-]*)\.ipynb$")
"""plain: <student id>.ipynb"""


@dataclass
class Candidate:
    """A notebook of a student found in the extracted download."""
    path: str                  # absolute path, as zip_collect hands it to the plugin
    shown: str                 # path relative to extracted/, for messages
    student: str
    name: str                  # the student's name as the LMS wrote it ("" if none)
    file_id: str               # its name in submitted/STUDENT/ASSIGNMENT/
    order: tuple = ()          # larger is newer; () when the file name does not say
    late: bool = False
    note: str = ""


@dataclass
class Student:
    """What the collector decided for one student (the report that `collect` prints)."""
    name: str = ""
    status: str = ""           # collected, kept (already collected, no --force), ambiguous,
                               # or "" (no notebook)
    file: str = ""             # relative to extracted/
    dest: str = ""             # relative to the course root
    late: bool = False
    note: str = ""
    skipped: list = field(default_factory=list)   # [(file, reason)]


def _digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _looks_like(parts, released_stems):
    """Which download a path looks like, from its names alone (None if none)."""
    if any(CANVAS.match(part) for part in parts):
        return "canvas"
    if any(MOODLE.match(part) for part in parts):
        return "moodle"
    match = PLAIN.match(parts[-1])
    if match and match["student_id"] not in released_stems:
        return "plain"
    return None


class LmsCollector(FileNameCollectorPlugin):
    """Base of the collectors: the first file zip_collect asks about makes it read the whole
    extracted/ folder and decide, for each student, which notebook to collect (see the module
    docstring); then it answers file by file from that plan."""

    lms = ""

    overwrite = Bool(None, allow_none=True, help=(
        "Replace a submission already in submitted/STUDENT/ASSIGNMENT/ with the download's. "
        "None: as ZipCollectApp.force. (python -m cnn_course collect always re-extracts, with "
        "ZipCollectApp.force, and sets this from its own --force.)")).tag(config=True)
    report = Unicode("", help="Write the plan, per student, as JSON to this file.").tag(config=True)

    def collect(self, submitted_file):
        if not hasattr(self, "_plan"):
            self._plan = self._make_plan()
        return self._plan.get(os.path.abspath(submitted_file))

    # ---------------------------------------------------------------- the plan

    def _make_plan(self):
        app = self.parent
        coursedir = app.coursedir
        self.assignment = coursedir.assignment_id
        self.extracted = os.path.abspath(os.path.join(coursedir.root, app.collect_directory_structure).format(
            downloaded=app.downloaded_directory, assignment_id=self.assignment,
            collect_step=app.extracted_directory))
        released = Path(coursedir.format_path(coursedir.release_directory, ".", self.assignment))
        self.released = sorted(str(p.relative_to(released)) for p in released.rglob("*.ipynb")
                               if ".ipynb_checkpoints" not in p.parts) or [f"{self.assignment}.ipynb"]
        self.released_stems = {Path(name).stem for name in self.released}
        overwrite = app.force if self.overwrite is None else self.overwrite

        students, unattributed, candidates = {}, [], {}
        for root, dirs, files in os.walk(self.extracted):
            dirs.sort()
            for filename in sorted(files):
                path = os.path.join(root, filename)
                shown = os.path.relpath(path, self.extracted)
                found = self._candidate(path, shown)
                if isinstance(found, Candidate):
                    candidates.setdefault(found.student, []).append(found)
                    students.setdefault(found.student, Student(name=found.name))
                else:
                    student, name, reason = found
                    if student is None:
                        unattributed.append((shown, reason))
                    else:
                        students.setdefault(student, Student(name=name)).skipped.append((shown, reason))

        plan = {}
        for student_id, found in sorted(candidates.items()):
            entry = students[student_id]
            winner = self._choose(found, entry)
            if winner is None:
                entry.status = "ambiguous"
                continue
            entry.file, entry.late, entry.note = winner.shown, winner.late, winner.note
            dest = Path(coursedir.format_path(coursedir.submitted_directory, student_id, self.assignment))
            entry.dest = os.path.relpath(dest / winner.file_id, coursedir.root)
            existing = [p for p in dest.rglob("*") if p.is_file()] if dest.is_dir() else []
            if existing and not overwrite:
                same = (dest / winner.file_id).is_file() and _digest(dest / winner.file_id) == _digest(winner.path)
                entry.status = "kept"
                entry.note = ("already collected, the same notebook" if same else
                              "already collected, and this download's notebook differs: --force replaces it")
                self.log.warning("cnn_course.collectors: %s kept (%s)", student_id, entry.note)
                continue
            entry.status = "collected"
            plan[winner.path] = {"student_id": student_id, "file_id": winner.file_id}
            self.log.info("cnn_course.collectors: %s: %s -> %s", student_id, winner.shown, entry.dest)
        for shown, reason in unattributed + [item for entry in students.values() for item in entry.skipped]:
            self.log.warning("cnn_course.collectors: skipped %s: %s", shown, reason)
        if self.report:
            Path(self.report).write_text(json.dumps({
                "lms": self.lms, "extracted": self.extracted, "released": self.released,
                "students": {sid: asdict(entry) for sid, entry in sorted(students.items())},
                "unattributed": unattributed}, indent=1))
        return plan

    def _candidate(self, path, shown):
        """A Candidate, or (student or None, name, reason why the file is skipped)."""
        parts = shown.split(os.sep)
        if any(part.startswith(".") or part == "__MACOSX" for part in parts):
            return None, "", "a hidden file (macOS metadata, Jupyter checkpoint)"
        found = self.match(parts)
        if found is None:
            guess = _looks_like(parts, self.released_stems)
            hint = f" (it looks like a {guess} download: --lms {guess})" if guess and guess != self.lms else ""
            return None, "", f"matches no {self.lms} file name{hint}"
        if isinstance(found, str):
            return None, "", found
        student, name, file_id, order, late = found
        if os.path.splitext(file_id)[1] in self.parent.extractor_plugin_inst.zip_ext:
            return student, name, "an archive: zip_collect extracted it into the folder of the same name"
        if not file_id.endswith(".ipynb"):
            return student, name, "not a notebook"
        note = "" if file_id in self.released else (
            f"named {file_id} by the student: make grade grades it as {self.released[0]} "
            "and lists it for review")
        return Candidate(path, shown, student, name, file_id, order, late, note)

    def match(self, parts):
        """(student, name, file_id, order, late) from the parts of a path relative to
        extracted/, None if it matches no file name of this LMS, or a reason to skip it."""
        raise NotImplementedError

    def _choose(self, found, entry):
        """The notebook to collect among a student's; the others go to entry.skipped.
        None if nothing tells which one (they all go to entry.skipped)."""
        right = [c for c in found if c.file_id in self.released]
        pool = right or found
        newest = max(c.order for c in pool)
        top = [c for c in pool if c.order == newest]
        digests = {c.path: _digest(c.path) for c in found}
        if len({digests[c.path] for c in top}) > 1:
            for c in found:
                entry.skipped.append((c.shown, f"{len(top)} different notebooks and nothing in their names "
                                      "says which is newest: keep one in archive/ and run again"))
            self.log.warning("cnn_course.collectors: %s not collected: %d different notebooks",
                             found[0].student, len(top))
            return None
        winner = top[0]
        for c in found:
            if c is winner:
                continue
            if digests[c.path] == digests[winner.path]:
                reason = f"the same notebook as {winner.shown}"
            elif c not in pool:
                reason = f"not named {self.released[0]} (another notebook is)"
            else:
                reason = "an older upload (Canvas file ids grow with each upload)"
            entry.skipped.append((c.shown, reason))
        return winner


class CanvasCollector(LmsCollector):
    """Canvas "Download Submissions": <name>_[LATE_]<user id>_<file id>_<file name>."""

    lms = "canvas"

    def match(self, parts):
        for depth in range(len(parts) - 1, -1, -1):
            m = CANVAS.match(parts[depth])
            if not m:
                continue
            resubmission = 0
            if depth == len(parts) - 1:            # the uploaded file itself
                file_id = m["original"]
                again = CANVAS_RESUBMITTED.match(file_id)
                if again and again["stem"] + again["suffix"] in self.released:
                    file_id, resubmission = again["stem"] + again["suffix"], int(again["number"])
            else:                                  # a file inside the student's uploaded zip
                file_id = parts[-1]
            return (m["student_id"], m["name"], file_id, (int(m["file_number"]), resubmission), bool(m["late"]))
        return None


class MoodleCollector(LmsCollector):
    """Moodle "Download all submissions": <full name>_<id>_assignsubmission_file_/<file name>."""

    lms = "moodle"

    def match(self, parts):
        for depth in range(len(parts) - 1, -1, -1):
            m = MOODLE.match(parts[depth])
            if not m:
                continue
            if depth == len(parts) - 1:            # no folders: the prefix, then the file name
                if not m["original"]:
                    return None
                file_id = m["original"]
            else:
                file_id = parts[-1]
            return m["student_id"], m["name"], file_id, (), False
        return None


class PlainCollector(LmsCollector):
    """<student id>.ipynb, loose or in zips."""

    lms = "plain"

    def match(self, parts):
        m = PLAIN.match(parts[-1])
        if not m:
            return None
        guess = _looks_like(parts, self.released_stems)
        if guess in ("canvas", "moodle"):
            return None
        if m["student_id"] in self.released_stems:
            return "named like the assignment, not like a student (<student id>.ipynb)"
        return m["student_id"], "", self.released[0], (), False


