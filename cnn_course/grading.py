"""Grade a whole class in one command: parallel, isolated, resumable, with a review list.

    python -m cnn_course grade cnn_step_by_step [--jobs N] [--force] [--unisolated]
    make grade

For every folder submitted/<student>/<assignment>/:

1. preflight, in this process (no student code runs): find the notebook (a wrong file name
   is graded under the right one), read it (invalid JSON: nothing to grade), convert an old
   nbformat, and note what needs a person's look: edited, deleted, duplicated or added test
   cells, changed points, extra files beside the notebook;
2. ``nbgrader autograde ASSIGNMENT --student STUDENT``: one process and one kernel per
   student, N at a time, the kernel in the OS sandbox of sandbox.py; a submission that kills
   its kernel, hangs or exceeds the wall limit fails alone and is listed for review;
3. ``nbgrader generate_feedback`` per student, then ``nbgrader export`` into grades.csv;
4. a summary per student and the review list (student: reason).

Grades are stored by nbgrader itself, so they are the ones sequential ``nbgrader autograde``
stores.  The gradebook (SQLite) is shared by the parallel processes; nbgrader_config.py gives
it a busy timeout so that they wait for each other's short writes.

Re-running is safe: a student whose submission is unchanged since it was graded is skipped
(``--force`` grades everyone again); the state is kept in autograded/.grading-ASSIGNMENT.json,
written after each student, so an interrupted run resumes where it stopped.
"""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

import nbformat

from . import ROOT, course, notebooks, sandbox

SUBMISSION_WALL_LIMIT = 900   # seconds for one student's whole autograde


def fingerprint(folder):
    """sha256 over the names and bytes of every file of a submission folder."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def sandbox_available():
    """True if bubblewrap and setpriv can isolate a process here (root, namespaces allowed)."""
    if os.geteuid() != 0 or not (shutil.which("bwrap") and shutil.which("setpriv")):
        return False
    probe = ["bwrap", "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--dev", "/dev", "--proc", "/proc",
             "--", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "true"]
    return subprocess.run(probe, capture_output=True).returncode == 0


# ------------------------------------------------------------------------------ preflight

def _cells_by_id(nb):
    cells = {}
    for cell in nb.cells:
        grade_id = notebooks.nbgrader_metadata(cell).get("grade_id")
        if grade_id:
            cells.setdefault(grade_id, []).append(cell)
    return cells


def compare_with_release(nb, release_nb):
    """Reasons to look at a submission whose nbgrader cells differ from the release's
    (nbgrader restores or ignores them while grading; a person should still know)."""
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
        if meta.get("locked") and any(c.source != cell.source for c in copies):
            reasons.append(f"edited locked cell {grade_id} (restored for grading)")
        if meta.get("grade") and any(notebooks.nbgrader_metadata(c).get("points") != meta.get("points") for c in copies):
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


def preflight(folder, assignment, release_nb, release_files):
    """Make a submission gradable if possible; return (gradable, reasons).

    release_nb -- the released notebook; release_files -- the paths of the release folder's
    files, relative to it (both read once per grading run, by grade())."""
    folder = Path(folder)
    expected = folder / f"{assignment}.ipynb"
    reasons = []
    if not expected.exists():
        others = sorted(folder.glob("*.ipynb"))
        if len(others) == 1:
            shutil.copy2(others[0], expected)
            reasons.append(f"notebook named {others[0].name}, graded as {expected.name}")
        elif others:
            return False, [f"{len(others)} notebooks, none named {expected.name}: "
                           + ", ".join(p.name for p in others)]
        else:
            return False, ["no notebook in the submission"]
    try:
        version = json.loads(expected.read_text(encoding="utf-8")).get("nbformat")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return False, reasons + [f"{expected.name} is not a valid notebook (invalid JSON: {error})"]
    except AttributeError:
        return False, reasons + [f"{expected.name} is not a valid notebook"]
    try:
        nb = nbformat.read(expected, as_version=4)
    except Exception as error:  # nbformat cannot read or convert it
        return False, reasons + [f"{expected.name} is not a valid notebook ({type(error).__name__}: {error})"]
    if version != 4:
        original = folder / f".{expected.name}.nbformat{version}"
        if not original.exists():
            shutil.copy2(expected, original)
        nbformat.write(nb, expected)
        reasons.append(f"old nbformat {version}, converted to 4 for grading (original kept as {original.name})")
    reasons += compare_with_release(nb, release_nb)
    if sanitize(nb, release_nb):
        original = folder / f".{expected.name}.original"
        if not original.exists():
            shutil.copy2(expected, original)
        nbformat.write(nb, expected)
    extra = sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                   if p.is_file() and p.relative_to(folder) not in release_files and not p.name.startswith(".")
                   and p.suffix != ".ipynb")
    if extra:
        reasons.append("extra files beside the notebook, not importable while graded: " + ", ".join(extra[:5])
                       + (" ..." if len(extra) > 5 else ""))
    return True, reasons


# -------------------------------------------------------------------------------- grading

def _autograde_reason(output):
    """A short reason from nbgrader's output for a failed autograde."""
    for marker, reason in [("Kernel ignored the interrupt", "a cell ignored the interrupt at its time limit "
                            "(a loop that catches KeyboardInterrupt?); the kernel was stopped, the notebook not graded"),
                           ("Kernel died", "the kernel died (os._exit, a crash, or a resource limit)"),
                           ("CellTimeoutError", "a cell ran past the time limit"),
                           ("DeadKernelError", "the kernel died (os._exit, a crash, or a resource limit)"),
                           ("Timeout", "the notebook did not finish in time")]:
        if marker in output:
            return reason
    lines = [line for line in output.splitlines() if "Error" in line]
    return (lines[-1].strip() if lines else "nbgrader autograde failed")[:200]


def _worker_command(assignment, command, students, everyone, runtime):
    """nbgrader COMMAND for a group of students (all others excluded), in the sandbox kernel."""
    others = sorted(set(everyone) - set(students))
    args = [sys.executable, "-m", "nbgrader", command, assignment, "--force"]
    if others:
        args.append("--CourseDirectory.student_id_exclude=" + ",".join(others))
    if command == "autograde":
        args += ["--Execute.kernel_name=cnn-sandbox", "--KernelManager.transport=ipc",
                 f"--KernelManager.ip={runtime}/ipc"]
    return args


def run_worker(root, assignment, command, students, everyone, jupyter_path, on_done):
    """Run ONE nbgrader process for a group of students (it grades them one after another,
    each in a fresh kernel), and call on_done(student, ok, reasons, seconds) as each one
    finishes, which nbgrader's log tells ("Autograding <path of the next student>")."""
    if not students:
        return
    prefix = str(root / "submitted")
    segments, current, started = {}, None, time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="grading-worker-") as runtime:
        env = course.environment()
        env.update(JUPYTER_PATH=str(jupyter_path), JUPYTER_RUNTIME_DIR=runtime, TMPDIR=runtime)
        process = subprocess.Popen(_worker_command(assignment, command, students, everyone, runtime), cwd=root,
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   start_new_session=True)
        killer = threading.Timer(SUBMISSION_WALL_LIMIT * len(students), os.killpg, (process.pid, signal.SIGKILL))
        killer.start()
        try:
            for line in process.stdout:
                starting = next((s for s in students if f"{prefix}/{s}/" in line and
                                 ("Autograding" in line or "Converting notebook" in line)), None)
                if starting and starting != current:
                    if current is not None:
                        _report(current, segments[current], started, on_done)
                    current, started = starting, time.perf_counter()
                if current is not None:
                    segments.setdefault(current, []).append(line)
            process.wait()
        except BaseException:
            os.killpg(process.pid, signal.SIGKILL)
            raise
        finally:
            killer.cancel()
    if current is not None:
        killed = process.returncode not in (0, 1)
        _report(current, segments[current] + (["Killed: wall limit"] if killed else []), started, on_done,
                failed_anyway=killed)
    # a student nbgrader never started (the worker was killed) stays pending: the next run grades it


def _report(student, lines, started, on_done, failed_anyway=False):
    """Tell on_done how one student's part of nbgrader's log went."""
    text = "".join(lines)
    failed = failed_anyway or any(("error processing assignment" in line or "Removing failed assignment" in line)
                                  and f"/{student}/" in line for line in lines)
    if "Killed: wall limit" in text:
        reasons = [f"grading took longer than {SUBMISSION_WALL_LIMIT} s and was stopped"]
    elif failed:
        reasons = [_autograde_reason(text)]
    else:
        reasons = []
        if "CellTimeoutError" in text or "Timeout waiting for execute reply" in text:
            reasons.append("a cell ran past the time limit and was interrupted")
    on_done(student, not failed, reasons, time.perf_counter() - started)


class Progress:
    """done/total, elapsed and an estimate of the time left, one line per finished student."""

    def __init__(self, total):
        self.total, self.done, self.started = total, 0, time.perf_counter()

    def step(self, text):
        self.done += 1
        elapsed = time.perf_counter() - self.started
        left = elapsed / self.done * (self.total - self.done)
        print(f"[{self.done:>{len(str(self.total))}}/{self.total}] {text:44s} "
              f"elapsed {elapsed:5.0f} s, about {left:4.0f} s left", flush=True)


def grade(assignment, root=ROOT, jobs=None, force=False, unisolated=False, log=print):
    """Grade every submission of an assignment; return {student: {"score", "max", "status", "reasons"}}."""
    root = Path(root).resolve()
    jobs = jobs or os.cpu_count() or 1
    submitted = root / "submitted"
    students = sorted(p.name for p in submitted.iterdir() if p.is_dir()) if submitted.is_dir() else []
    if not students:
        log(f"grade: no submissions in {submitted}/<student>/{assignment}/")
        return {}
    isolated = not unisolated and sandbox_available()
    if not isolated:
        log("=" * 78 + "\nWARNING: grading UNISOLATED: student code runs with your rights and can read and"
            "\nwrite the course folder (bubblewrap/setpriv as root are needed for the sandbox).\n" + "=" * 78)
    log(f"grade: {len(students)} submissions of {assignment}, {jobs} at a time, "
        f"{'in the sandbox' if isolated else 'unisolated'}")
    source_path = root / "source" / assignment / f"{assignment}.ipynb"
    release_path = root / "release" / assignment / f"{assignment}.ipynb"
    if not (root / "gradebook.db").exists() or not release_path.exists() \
            or source_path.stat().st_mtime > release_path.stat().st_mtime:
        log(f"grade: nbgrader generate_assignment {assignment} (the gradebook needs its hidden tests)")
        course.generate_release(assignment, course=root)
    release = root / "release" / assignment
    release_nb = notebooks.read(release / f"{assignment}.ipynb")
    release_files = {p.relative_to(release) for p in release.rglob("*")}
    state_path = root / "autograded" / f".grading-{assignment}.json"
    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    jupyter_path = sandbox.install_kernelspec(root, root / "autograded" / ".grading-kernel", unisolated=not isolated)

    todo = []
    for student in students:
        folder = submitted / student / assignment
        if not folder.is_dir():
            state[student] = {"status": "missing", "reasons": [f"no folder submitted/{student}/{assignment}/"],
                              "fingerprint": None}
            continue
        previous = state.get(student, {})
        if not force and previous.get("fingerprint") == fingerprint(folder) \
                and previous.get("status") in ("graded", "failed", "ungradable"):
            continue
        gradable, reasons = preflight(folder, assignment, release_nb, release_files)
        entry = {"fingerprint": fingerprint(folder), "reasons": reasons}
        if gradable:
            todo.append(student)
            state[student] = {**entry, "status": "pending"}
        else:
            state[student] = {**entry, "status": "ungradable"}
    for student, entry in state.items():
        if entry["status"] in ("missing", "ungradable"):
            course.ensure_student(student, course=root)      # so that grades.csv lists them, with 0
    skipped = len(students) - len(todo)
    if skipped:
        log(f"grade: {skipped} submissions unchanged since graded or not gradable (use --force to regrade)")

    def save():
        state_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state, indent=1, sort_keys=True))
        tmp.replace(state_path)

    save()
    progress = Progress(len(todo))
    lock = threading.Lock()

    def graded(student, ok, reasons, seconds):
        with lock:
            state[student]["status"] = "graded" if ok else "failed"
            state[student]["reasons"] += reasons
            save()
            progress.step(f"{student} {'graded' if ok else 'FAILED'} in {seconds:.1f} s")

    # one nbgrader process per job, each grading its share of the students in turn
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        workers = [pool.submit(run_worker, root, assignment, "autograde", todo[k::jobs], students,
                               jupyter_path, graded) for k in range(jobs)]
        try:
            for worker in as_completed(workers):
                worker.result()
        except KeyboardInterrupt:
            log("grade: interrupted; finished grades are kept, run again to resume")
            raise
    ok = [s for s in todo if state[s]["status"] == "graded"]
    log(f"grade: nbgrader generate_feedback for {len(ok)} submissions ...")
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for worker in [pool.submit(run_worker, root, assignment, "generate_feedback", ok[k::jobs], students,
                                   jupyter_path, lambda *args: None) for k in range(jobs)]:
            worker.result()
    for student in ok:
        if not (root / "feedback" / student / assignment).is_dir():
            state[student]["reasons"].append("feedback could not be generated")
    save()
    course.nbgrader("export", course=root)
    results = summarize(root, assignment, students, state)
    log(report(results, root))
    return results


def summarize(root, assignment, students, state):
    results = {}
    for student in students:
        entry = state.get(student, {"status": "missing", "reasons": []})
        try:
            scores = course.scores(assignment, student, course=root)
        except Exception:  # no submission in the gradebook
            scores = {}
        score = sum(s for s, _ in scores.values()) if entry["status"] == "graded" else 0.0
        best = sum(m for _, m in scores.values()) if scores else None
        results[student] = {"score": score, "max": best, "status": entry["status"], "reasons": entry["reasons"]}
    return results


def report(results, root):
    lines = ["", f"{'student':24s} {'score':>9s}  status"]
    for student, r in results.items():
        best = f"{r['max']:g}" if r["max"] else "-"
        lines.append(f"{student:24s} {r['score']:5g}/{best:<4s} {r['status']}")
    review = [(s, r) for s, r in results.items() if r["reasons"] or r["status"] != "graded"]
    lines.append(f"\nneeds a person's look: {len(review)}")
    for student, r in review:
        for reason in r["reasons"] or [r["status"]]:
            lines.append(f"  {student}: {reason}")
    lines.append(f"\ngrades: {root / 'grades.csv'}   feedback: {root / 'feedback'}/<student>/")
    return "\n".join(lines)
