"""``python -m cnn_course collect ASSIGNMENT --lms {canvas,moodle,plain} [--force]``
(``make collect LMS=canvas``): collect submissions from an LMS download into submitted/.

1. The instructor puts what the LMS gave (the zip(s) as downloaded, or loose notebooks) in
   downloaded/ASSIGNMENT/archive/ (docs/lms.md says where each LMS has its download).  If that
   folder is missing or empty, collect creates it, says so, and stops (exit status 1).
2. ``nbgrader zip_collect ASSIGNMENT --force --collector=cnn_course.collectors.<LMS>Collector``:
   nbgrader extracts archive/ into downloaded/ASSIGNMENT/extracted/ (its scratch copy, made
   again on every run: that is what its --force does there) and copies each student's
   notebook, as the plugin decides (collectors.py), to submitted/STUDENT/ASSIGNMENT/.  A
   student already collected is left alone unless collect's own ``--force``, which replaces
   that submission (nbgrader's ``zip_collect --force`` for submitted/).  archive/ is never
   changed.
3. collect checks that each chosen notebook is in submitted/ with the download's bytes and
   prints, per student: collected (and from which file), kept, or not collected, and every
   file skipped with its reason.
"""

import hashlib
import json
import tempfile
from pathlib import Path

from . import ROOT, course

FORMATS = ("canvas", "moodle", "plain")
COLLECTORS = {"canvas": "CanvasCollector", "moodle": "MoodleCollector", "plain": "PlainCollector"}
"""The plugin of each download, in cnn_course/collectors.py."""


WHERE = {
    "canvas": 'Canvas: the assignment\'s page, "Download Submissions" (a file submissions.zip)',
    "moodle": 'Moodle: the assignment, "View all submissions", "Download all submissions" (one zip)',
    "plain": "a folder or zip of <student id>.ipynb files",
}


def collect(assignment, lms, force=False, root=ROOT, log=print):
    """Collect downloaded/ASSIGNMENT/archive/ into submitted/ with nbgrader zip_collect and the
    LMS's collector; print what happened per student; return the exit status (0: the download
    was read and every chosen notebook is in submitted/)."""
    root = Path(root).resolve()
    download = root / "downloaded" / assignment
    archive = download / "archive"
    files = [p for p in archive.rglob("*") if p.is_file()] if archive.is_dir() else []
    if not files:
        created = not archive.is_dir()
        archive.mkdir(parents=True, exist_ok=True)
        log(f"collect: nothing to collect: {archive.relative_to(root)}/ "
            f"{'did not exist (created it, empty)' if created else 'is empty'}.\n"
            f"  Download the submissions from {WHERE[lms]},\n"
            f"  put the zip(s) as downloaded, not unpacked, in {archive.relative_to(root)}/ and run again:\n"
            f"      make collect LMS={lms}{' ASSIGNMENT=' + assignment if assignment != 'cnn_step_by_step' else ''}\n"
            f"  (docs/lms.md explains each LMS's download)")
        return 1
    collector = f"cnn_course.collectors.{COLLECTORS[lms]}"
    log(f"collect: {lms} download, {len(files)} file(s) in {archive.relative_to(root)}/; "
        f"nbgrader zip_collect {assignment} --collector={collector}")
    with tempfile.TemporaryDirectory(prefix="cnn-collect-") as tmp:
        report = Path(tmp) / "report.json"
        result = course.nbgrader(
            "zip_collect", assignment, "--force", f"--collector={collector}",
            f"--LmsCollector.overwrite={bool(force)}", f"--LmsCollector.report={report}",
            course=root, check=False)
        plan = json.loads(report.read_text()) if report.exists() else None
    if result.returncode != 0:
        log(f"collect: nbgrader zip_collect failed ({result.returncode}); nothing in archive/ was changed:\n"
            f"{result.stdout}{result.stderr}")
        return 1
    if plan is None:
        log(f"collect: {archive.relative_to(root)}/ holds no file once extracted (empty zips?); nothing collected")
        return 1
    return _report(plan, root, assignment, log)


def _digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _report(plan, root, assignment, log):
    """Print the plugin's plan, per student, checking that each collected notebook is in
    submitted/ with the bytes of the file it was collected from; return the exit status."""
    extracted = Path(plan["extracted"])
    counts = {"collected": 0, "kept": 0, "not collected": 0}
    missing = []
    for student_id, entry in plan["students"].items():
        who = f"{student_id} ({entry['name']})" if entry["name"] else student_id
        status = entry["status"]
        if status == "collected":
            dest = root / entry["dest"]
            if not dest.is_file() or _digest(dest) != _digest(extracted / entry["file"]):
                missing.append(entry["dest"])
            log(f"  {who}: collected {entry['file']} -> {entry['dest']}" + ("   [LATE]" if entry["late"] else ""))
            if entry["note"]:
                log(f"      note: {entry['note']}")
        elif status == "kept":
            log(f"  {who}: kept {Path(entry['dest']).parent}/ as it is: {entry['note']}")
        else:
            status = "not collected"
            log(f"  {who}: NOT collected" + ("" if entry["skipped"] and entry["status"] == "ambiguous"
                                              else ": no notebook"))
        for shown, reason in entry["skipped"]:
            log(f"      skipped {shown}: {reason}")
        counts[status] += 1
    if plan["unattributed"]:
        log("  files of no student:")
        for shown, reason in plan["unattributed"]:
            log(f"      skipped {shown}: {reason}")
    skipped = sum(len(e["skipped"]) for e in plan["students"].values()) + len(plan["unattributed"])
    log(f"collect: {counts['collected']} collected, {counts['kept']} kept as collected before"
        f"{' (--force replaces them)' if counts['kept'] else ''}, {counts['not collected']} not collected; "
        f"{skipped} file(s) skipped")
    late = [sid for sid, e in plan["students"].items() if e["late"] and e["status"] == "collected"]
    if late:
        log(f"collect: late (Canvas's LATE mark): {', '.join(late)}; no late penalty is applied "
            "(the download has no submission times)")
    if missing:
        log(f"collect: ERROR: not in submitted/ as downloaded after nbgrader zip_collect: {', '.join(missing)}")
        return 1
    if not counts["collected"] and not counts["kept"]:
        log(f"collect: no {plan['lms']} submission found in {extracted.relative_to(root)}/ "
            "(docs/lms.md shows the file names of each download)")
        return 1
    log("collect: next: make grade" + (f" ASSIGNMENT={assignment}" if assignment != "cnn_step_by_step" else ""))
    return 0
