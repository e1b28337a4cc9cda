"""Grade a whole class in one command: checked, parallel, isolated, resumable, with a report.

    python -m cnn_course grade cnn_step_by_step [--jobs N] [--force] [--unisolated]
    make grade

1. Which students to grade (no student code runs): everyone in submitted/ whose submission,
   or whose assignment tests (hidden cases, points, helper files), changed since they were
   graded, or whom nbgrader's gradebook or autograded/ lacks (gradestate.py); ``--force``:
   everyone.  Nothing to grade: only the report is written again.
2. The grading environment is checked before anyone is graded (``check_environment``), in a
   scratch copy of the course: ``nbgrader generate_assignment`` there must give exactly the
   committed release/ (else: run ``make release``), and the reference solution, submitted as
   a student would, must get full marks in the same sandbox.  If not, grading stops with the
   reason and writes nothing.
3. Each submission is copied into a private staging folder and made gradable there
   (preflight.py; submitted/ is never written): a wrong file name is graded under the right
   one, an old nbformat converted, unknown or duplicated test cells neutralized.
4. N worker processes (grade_worker.py) each take the next student from a shared queue and
   run nbgrader's own autograde on it (NbGraderAPI.autograde) in a fresh kernel in the OS
   sandbox of sandbox.py; a submission that kills its kernel, hangs or exceeds the wall limit
   fails alone and is listed for review.  Once the queue is empty the same workers generate
   the feedback in shares; a notebook graded under another name gets its page under the name
   it was submitted with (so nbgrader's fetch_feedback finds it).
5. The class report (report.py, an nbgrader export plugin): reports/<assignment>/grades.csv
   (a column per function), review.csv and report.html (summary and plots).
6. A summary per student and the review list (student: reason).  Run as root on a course
   folder that belongs to someone else (a JupyterHub instructor's), what it wrote is given
   back to that owner.

The pieces: gradestate.py (who needs grading, the gradebook's records), envcheck.py (step 2),
preflight.py (step 3), grade_worker.py (a worker process and its protocol, both sides),
sandbox.py and cgroups.py (a kernel's isolation), execute.py and outside.py (a test cell's
hidden tests run outside the kernel), report.py (step 5), limits.py (every limit).  This
module runs the steps and the workers.

Grades are stored by nbgrader itself, so they are the ones sequential ``nbgrader autograde``
stores.  The gradebook is the one nbgrader_config.py configures (``CourseDirectory.db_url``);
the parallel workers share it (SQLite waits for the others' short writes).  Re-running is
safe: an interrupted run resumes, and unchanged students are skipped.
"""

import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from queue import Empty, Queue

from . import ROOT, cgroups, course, gradestate, limits, notebooks, preflight, sandbox
from .envcheck import GradingError, check_environment  # noqa: F401  (GradingError: what grade() raises)
from .grade_worker import Worker, autograde_reason, timed_out_cells
from .gradestate import decide, forget, gradebook_records, update_gradebook

SUBMISSION_WALL_LIMIT = limits.SUBMISSION_SECONDS   # limits.py
FEEDBACK_LIMIT = limits.FEEDBACK_SECONDS


def sandbox_available():
    """True if bubblewrap and setpriv can isolate a process here (root, namespaces allowed)."""
    if os.geteuid() != 0 or not (shutil.which("bwrap") and shutil.which("setpriv")):
        return False
    probe = ["bwrap", "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--dev", "/dev", "--proc", "/proc",
             "--", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "true"]
    return subprocess.run(probe, capture_output=True).returncode == 0


class Feedback:
    """Students graded and waiting for their feedback, handed out in shares: a job that runs
    out of students to grade takes its share (half of them with two jobs), so that the jobs
    finish together and nbgrader compiles its HTML templates once per share, not per student."""

    def __init__(self, jobs):
        self.jobs, self.waiting, self.lock = jobs, [], threading.Lock()

    def add(self, student):
        with self.lock:
            self.waiting.append(student)

    def share(self):
        with self.lock:
            n = -(-len(self.waiting) // self.jobs)
            taken, self.waiting = self.waiting[:n], self.waiting[n:]
            return taken


def run_job(worker, start_worker, queue, feedback, on_done):
    """With one worker process (a new one from start_worker() if it dies): grade students from
    the queue until it is empty, calling on_done(student, ok, reasons, cells, seconds), then
    generate the feedback of graded students, a share at a time.  Returns the worker, still
    running (the caller closes it), or None."""
    try:
        while True:
            try:
                student = queue.get_nowait()
            except Empty:
                break
            worker = worker or start_worker()
            started = time.perf_counter()
            result = worker.grade(student)
            seconds = time.perf_counter() - started
            if result is None:
                killed = seconds >= SUBMISSION_WALL_LIMIT
                reason = (f"grading took longer than {SUBMISSION_WALL_LIMIT} s and was stopped" if killed else
                          "the grading process died: " + " | ".join(worker.log_tail(2)))
                worker.close()
                worker = None
                on_done(student, False, [reason[:300]], [], seconds)
                continue
            autograde = result["autograde"]
            text = autograde.get("log", "") + autograde.get("error", "")
            cells = timed_out_cells(text)
            if autograde.get("success"):
                reasons = (["a cell ran past the time limit and was interrupted"]
                           if cells or "CellTimeoutError" in text or "Timeout waiting for execute reply" in text
                           else [])
                feedback.add(student)
            else:
                reasons = [autograde_reason(text)]
            on_done(student, bool(autograde.get("success")), reasons, cells, seconds)
        while True:
            students = feedback.share()
            if not students:
                return worker
            worker = worker or start_worker()
            # each student's feedback page is checked afterwards; a share that does not finish
            # in time is done again a student at a time, so that one page nbconvert cannot
            # render stops no one else's
            if worker.feedback(students, FEEDBACK_LIMIT * (1 + len(students))) is None:
                worker.close()
                worker = None
                for student in students if len(students) > 1 else []:
                    worker = worker or start_worker()
                    if worker.feedback([student], FEEDBACK_LIMIT) is None:
                        worker.close()
                        worker = None
    except BaseException:
        if worker is not None:
            worker.close()
        raise


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


@contextlib.contextmanager
def kernel_groups(log):
    """A control group for this run, below which every kernel gets one of its own (a CPU, a
    process and a memory budget: cgroups.py; sandbox.py puts each kernel in it); removed, with
    any process left in it, when grading ends."""
    if not cgroups.available():
        log("grade: WARNING: no control groups here (root and a writable /sys/fs/cgroup are needed): "
            "a submission that forks busy processes can slow the students graded beside it")
        yield None
        return
    parent = cgroups.Group(f"cnn-grading-{os.getpid()}").create(limits=False)
    os.environ[sandbox.CGROUP_ENV] = parent.relative
    try:
        yield parent
    finally:
        os.environ.pop(sandbox.CGROUP_ENV, None)
        parent.remove()


def give_back(root, paths):
    """Run as root on a course folder that belongs to someone else (a JupyterHub instructor's
    course), hand what grading wrote back to that owner, so that they can keep using it."""
    if os.geteuid() != 0:
        return
    info = Path(root).stat()
    if info.st_uid == 0:
        return
    for path in paths:
        if not os.path.lexists(path):
            continue
        os.lchown(path, info.st_uid, info.st_gid)
        for dirpath, dirnames, filenames in os.walk(path):
            for name in dirnames + filenames:
                os.lchown(os.path.join(dirpath, name), info.st_uid, info.st_gid)


def grade(assignment, root=ROOT, jobs=None, force=False, unisolated=False, log=print, scheduler=None):
    """Grade every submission of an assignment that needs it, write the report; return
    {student: {"score", "max", "status", "reasons"}}.  Raises GradingError (nothing written)
    if grading cannot start.  scheduler: a Dask scheduler's address: the submissions are graded
    on its workers (distributed.py), in their sandbox unless unisolated, and jobs processes here
    record their results."""
    root = Path(root).resolve()
    jobs = jobs or os.cpu_count() or 1
    directory = course.coursedir(root)
    submitted = root / directory.submitted_directory
    autograded = root / directory.autograded_directory
    release = course.folder("release", assignment, directory=directory)
    if not course.notebook("source", assignment, directory=directory).exists():
        raise GradingError(f"no assignment {assignment}: source/{assignment}/{assignment}.ipynb does not exist")
    if not (release / f"{assignment}.ipynb").exists():
        raise GradingError(f"release/{assignment}/ is missing: run `make release` first")
    if not submitted.is_dir():
        raise GradingError(f"no {submitted.name}/ folder in {root}: collect the submissions first "
                           f"(nbgrader collect {assignment}, or from an LMS download: "
                           f"python -m cnn_course collect {assignment} --lms ...)")
    students = sorted(p.name for p in submitted.iterdir() if p.is_dir() and not p.name.startswith("."))
    todo = decide(root, assignment, students, force)
    with_folder = [s for s in students if Path(directory.format_path(directory.submitted_directory, s, assignment))
                   .is_dir()]
    unchanged = len(with_folder) - len(todo)
    here = not unisolated and sandbox_available()
    isolated = not unisolated if scheduler else here     # the workers must have the sandbox, not this machine
    log(f"grade: {len(with_folder)} submissions of {assignment} in {submitted.name}/, {len(todo)} to grade"
        + (f", {unchanged} unchanged since graded (--force grades them again)" if unchanged else ""))
    if todo:
        if not isolated:
            log("=" * 78 + "\nWARNING: grading UNISOLATED: student code runs with your rights and can read and"
                "\nwrite the course folder (bubblewrap/setpriv as root are needed for the sandbox).\n" + "=" * 78)
        with kernel_groups(log):
            check_environment(root, assignment, here, log)
            update_gradebook(root, assignment, log)
            if scheduler:
                from . import distributed

                distributed.grade_students(root, assignment, todo, scheduler, isolated, log, recorders=jobs)
            else:
                log(f"grade: {len(todo)} submissions, {jobs} at a time, "
                    f"{'in the sandbox' if isolated else 'unisolated'}")
                _grade_students(root, assignment, todo, jobs, isolated, log)
    for student in students:        # so that the report lists them (with 0) and knows why
        if student not in with_folder or (gradestate.read(autograded, assignment, student) or {}).get("status") \
                in ("failed", "ungradable"):
            course.ensure_student(student, course=root)
    _export(root, assignment, log)
    give_back(root, [root / "gradebook.db", root / "gradebook.db-journal", autograded,
                     root / directory.feedback_directory, root / "reports"])
    results = summarize(root, assignment, students)
    log(report(results, root, assignment))
    return results


def stage_all(root, assignment, todo, staging):
    """Copy each student's submission into staging/<student>/<assignment>/ and make it gradable
    against the release (preflight.py); return ({student: the entry make grade records}, [the
    gradable students]).  The others are recorded as ungradable now."""
    directory = course.coursedir(root)
    autograded = Path(root) / directory.autograded_directory
    release = course.folder("release", assignment, directory=directory)
    release_nb = notebooks.read(release / f"{assignment}.ipynb")
    release_files = {p.relative_to(release) for p in release.rglob("*")}
    tests = gradestate.tests_fingerprint(root, assignment)
    entries, gradable = {}, []
    for student in todo:
        folder = Path(directory.format_path(directory.submitted_directory, student, assignment))
        staged = Path(staging) / student / assignment
        try:
            reasons = preflight.stage(folder, staged)
            ok, more, submitted_name = preflight.preflight(staged, assignment, release_nb, release_files,
                                                           ignore=directory.ignore)
        except Exception as error:    # whatever the submission holds, it stops nobody else
            reasons, ok, submitted_name = [], False, f"{assignment}.ipynb"
            more = [f"could not be prepared for grading ({type(error).__name__}: {str(error)[:200]})"]
        entries[student] = {"submission": gradestate.folder_fingerprint(folder), "tests": tests,
                            "reasons": reasons + more, "cells": [], "submitted_name": submitted_name}
        if ok:
            gradable.append(student)
        else:
            forget(root, assignment, student)
            gradestate.write(autograded, assignment, student, {**entries[student], "status": "ungradable"})
    return entries, gradable


def _grade_students(root, assignment, todo, jobs, isolated, log):
    directory = course.coursedir(root)
    autograded = root / directory.autograded_directory
    jupyter_path = sandbox.install_kernelspec(root, autograded / ".grading-kernel", unisolated=not isolated)
    staging = Path(tempfile.mkdtemp(prefix="cnn-grade-staging-"))
    os.chmod(staging, 0o700)
    try:
        def start_worker():
            return Worker(root, assignment, jupyter_path, submitted=staging)

        # the workers load nbgrader (2 s) while this process stages the submissions
        workers = [start_worker() for _ in range(min(jobs, len(todo)))]
        queue = Queue()
        entries, gradable = stage_all(root, assignment, todo, staging)
        for student in gradable:
            queue.put(student)
        progress = Progress(queue.qsize())
        lock, interrupted = threading.Lock(), threading.Event()

        def graded(student, ok, reasons, cells, seconds):
            with lock:
                if interrupted.is_set():
                    return
                entry = entries[student]
                entry.update(status="graded" if ok else "failed", seconds=round(seconds, 1), cells=cells)
                entry["reasons"] += reasons
                gradestate.write(autograded, assignment, student, entry)
                progress.step(f"{student} {'graded' if ok else 'FAILED'} in {seconds:.1f} s")
                if progress.done == progress.total:
                    log("grade: nbgrader generate_feedback ...")

        feedback = Feedback(len(workers) or 1)
        pool = ThreadPoolExecutor(max_workers=max(1, len(workers)))
        try:
            jobs_done = [pool.submit(run_job, worker, start_worker, queue, feedback, graded) for worker in workers]
            idle = [job.result() for job in as_completed(jobs_done)]
            for worker in idle:
                if worker is not None:
                    worker.close()
        except KeyboardInterrupt:
            interrupted.set()              # the students being graded keep their old entries
            while not queue.empty():
                queue.get_nowait()
            for worker in list(Worker.live):
                worker.kill()
            log("grade: interrupted; finished grades are kept, run again to resume")
            raise
        finally:
            pool.shutdown(wait=True)
            for worker in list(Worker.live):
                worker.close()
        for student, entry in entries.items():
            if entry.get("status") != "graded":
                continue
            pages = Path(directory.format_path(directory.feedback_directory, student, assignment))
            page = pages / f"{assignment}.html"
            if not page.exists():
                entry["reasons"].append("feedback could not be generated")
            elif entry["submitted_name"] != f"{assignment}.ipynb":
                # nbgrader's release_feedback/fetch_feedback find a page by the submitted name
                page.rename(pages / (Path(entry["submitted_name"]).stem + ".html"))
            gradestate.write(autograded, assignment, student, entry)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _export(root, assignment, log):
    """The class report, by nbgrader's export with report.ClassReport (a worker is not needed:
    nbgrader is loaded in this process by now)."""
    result = course.nbgrader("export", "--exporter=cnn_course.report.ClassReport",
                             f"--assignment=[{assignment!r}]", course=root, check=False)
    if result.returncode != 0:
        log(f"grade: the class report failed:\n{result.stdout}{result.stderr}")


def summarize(root, assignment, students):
    """{student: {"score", "max", "status", "reasons", "cells"}}: scores from nbgrader's
    gradebook (0 unless the gradebook holds a graded submission), status and reasons from
    make grade's records."""
    directory = course.coursedir(root)
    autograded = root / directory.autograded_directory
    in_book, _ = gradebook_records(directory, assignment)
    results = {}
    for student in students:
        entry = gradestate.read(autograded, assignment, student)
        folder = Path(directory.format_path(directory.submitted_directory, student, assignment))
        if not folder.is_dir():
            entry = {"status": "missing", "reasons": [f"no folder {folder.relative_to(root)}/"]}
        elif entry is None:
            entry = {"status": "not graded", "reasons": ["not graded yet"]}
        scores = in_book.get(student, {})
        graded = entry["status"] == "graded" and student in in_book
        score = sum(s or 0 for s, _ in scores.values()) if graded else 0.0
        best = sum(m or 0 for _, m in scores.values()) if scores else None
        status = entry["status"] if graded or entry["status"] != "graded" else "not in the gradebook"
        results[student] = {"score": score, "max": best, "status": status, "reasons": entry.get("reasons", []),
                            "cells": entry.get("cells", [])}
    return results


def report(results, root, assignment):
    lines = ["", f"{'student':24s} {'score':>9s}  status"]
    for student, r in results.items():
        best = f"{r['max']:g}" if r["max"] else "-"
        lines.append(f"{student:24s} {r['score']:5g}/{best:<4s} {r['status']}")
    review = [(s, r) for s, r in results.items() if r["reasons"] or r["status"] != "graded"]
    lines.append(f"\nneeds a person's look: {len(review)}")
    for student, r in review:
        for reason in r["reasons"] or [r["status"]]:
            lines.append(f"  {student}: {reason}")
        for cell in r.get("cells", []):
            lines.append(f"  {student}: the cell past its time limit: {cell}")
    reports = root / "reports" / assignment
    lines.append(f"\nreport: {reports / 'report.html'}\ngrades: {reports / 'grades.csv'}   "
                 f"review list: {reports / 'review.csv'}   feedback: {root / 'feedback'}/<student>/{assignment}/")
    return "\n".join(lines)
