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

Grades are stored by nbgrader itself, so they are the ones sequential ``nbgrader autograde``
stores.  The gradebook is the one nbgrader_config.py configures (``CourseDirectory.db_url``);
the parallel workers share it (SQLite waits for the others' short writes).  Re-running is
safe: an interrupted run resumes, and unchanged students are skipped.
"""

import contextlib
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
from queue import Empty, Queue

from . import ROOT, cgroups, course, gradestate, notebooks, preflight, sandbox

SUBMISSION_WALL_LIMIT = 900   # seconds for one student's whole autograde
FEEDBACK_LIMIT = 60           # seconds for one student's feedback page (it takes well under one)
REFERENCE = "reference-solution"   # the student id of the reference solution in the scratch course


class GradingError(Exception):
    """Grading cannot start; the message says why and what to do.  Nothing was written."""


def sandbox_available():
    """True if bubblewrap and setpriv can isolate a process here (root, namespaces allowed)."""
    if os.geteuid() != 0 or not (shutil.which("bwrap") and shutil.which("setpriv")):
        return False
    probe = ["bwrap", "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--dev", "/dev", "--proc", "/proc",
             "--", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "true"]
    return subprocess.run(probe, capture_output=True).returncode == 0


# -------------------------------------------------------------------------------- workers

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


def _timed_out_cells(output):
    """The cells execute.GuardedExecute reported as past their time limit, from nbgrader's log."""
    from .execute import TIMEOUT_MARKER

    return [line.split(TIMEOUT_MARKER, 1)[1].strip() for line in output.splitlines() if TIMEOUT_MARKER in line]


class Worker:
    """One grade_worker process (see grade_worker.py): nbgrader loaded once, a student at a time.

    Its kernels run with the course's "cnn-sandbox" kernelspec from JUPYTER_PATH, over ipc
    sockets in a private runtime folder; it reads submissions from `submitted` (the staging
    folder) instead of the course's submitted/.  grade(student) returns nbgrader's result
    dict, or None if the worker died or passed the wall limit (it is then killed; start a new
    one)."""

    live = set()   # every running worker, to kill them all on Ctrl-C

    def __init__(self, root, assignment, jupyter_path, submitted=None):
        self.runtime = tempfile.TemporaryDirectory(prefix="grading-worker-")
        runtime = self.runtime.name
        env = course.environment()
        env.update(JUPYTER_PATH=str(jupyter_path), JUPYTER_RUNTIME_DIR=runtime, TMPDIR=runtime)
        read_fd, write_fd = os.pipe()
        self.log_path = Path(runtime) / "worker.log"
        command = [sys.executable, "-m", "cnn_course.grade_worker", assignment, str(write_fd), "--sandbox", runtime]
        if submitted:
            command += ["--submitted", str(submitted)]
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command, cwd=root, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log, text=True,
                pass_fds=(write_fd,), start_new_session=True)
        os.close(write_fd)
        self.results = os.fdopen(read_fd)
        Worker.live.add(self)

    def ask(self, line, limit=None):
        """Send one request line (see grade_worker.py) and return the worker's JSON reply, or
        None if the worker is gone or was killed after `limit` seconds."""
        killer = threading.Timer(limit, self.kill) if limit else None
        if killer:
            killer.start()
        try:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()
            reply = self.results.readline()
        except OSError:  # the worker is gone
            reply = ""
        finally:
            if killer:
                killer.cancel()
        return json.loads(reply) if reply else None

    def grade(self, student):
        return self.ask(student, SUBMISSION_WALL_LIMIT)

    def feedback(self, students, limit=None):
        """nbgrader generate_feedback for these students, in one run, in this worker: True if
        nbgrader reported success, False if not, None if the worker died or was killed after
        `limit` seconds."""
        reply = self.ask("!feedback " + json.dumps(students), limit)
        return None if reply is None else reply.get("feedback", {}).get("success", False)

    def log_tail(self, lines=5):
        return self.log_path.read_text(errors="replace").splitlines()[-lines:] if self.log_path.exists() else []

    def kill(self):
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def close(self):
        try:
            self.process.stdin.close()
            self.process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()
        self.process.wait()
        self.results.close()
        self.runtime.cleanup()
        Worker.live.discard(self)


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
            cells = _timed_out_cells(text)
            if autograde.get("success"):
                reasons = (["a cell ran past the time limit and was interrupted"]
                           if cells or "CellTimeoutError" in text or "Timeout waiting for execute reply" in text
                           else [])
                feedback.add(student)
            else:
                reasons = [_autograde_reason(text)]
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


# -------------------------------------------------------------------- before grading anyone

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
    nb = notebooks.read(Path(root) / "source" / assignment / f"{assignment}.ipynb")
    cells = {}
    for cell in nb.cells:
        meta = notebooks.nbgrader_metadata(cell)
        if meta.get("grade"):
            cells[meta["grade_id"]] = float(meta.get("points", 0))
        if (meta.get("grade") or meta.get("locked")) and not meta.get("solution"):
            cells[(meta["grade_id"], "source")] = cell.source   # answer cells are stored as their stubs
    return cells


def check_environment(root, assignment, isolated, log):
    """Stop with GradingError unless, in a scratch copy of the course, nbgrader generates
    exactly the committed release and the reference solution gets full marks in the sandbox
    that will grade the class.  Writes nothing in the course."""
    started = time.perf_counter()
    log(f"grade: checking the grading environment: release/{assignment}/ against source/, "
        f"then the reference solution {'in the sandbox' if isolated else 'unisolated'} ...")
    with tempfile.TemporaryDirectory(prefix="cnn-grade-check-") as tmp:
        probe = course.copy_course(Path(tmp) / "course", origin=root)
        with open(probe / "nbgrader_config.py", "a") as config:    # never the course's own gradebook
            config.write(f'\nc.CourseDirectory.db_url = "sqlite:///{probe / "gradebook.db"}"\n')
        try:
            course.generate_release(assignment, course=probe)
        except course.NbgraderError as error:
            raise GradingError(f"nbgrader generate_assignment {assignment} fails on source/{assignment}/, "
                               f"so nothing was graded:\n{error}") from None
        differences = course.release_differences(probe / "release" / assignment, Path(root) / "release" / assignment)
        if differences:
            raise GradingError(
                f"release/{assignment}/ is not what source/{assignment}/ generates now ("
                + "; ".join(differences[:3]) + "), so nothing was graded.\n"
                "Run `make release` (it regenerates release/ and the gradebook's hidden tests), commit it, "
                "hand the new release out if students must see the change, then grade again.")
        release = probe / "release" / assignment
        folder = course.submission_folder(probe, REFERENCE, assignment)
        shutil.copytree(release, folder)
        notebooks.write(notebooks.fill_solutions(notebooks.read(release / f"{assignment}.ipynb"),
                                                 notebooks.read(probe / "source" / assignment / f"{assignment}.ipynb")),
                        folder / f"{assignment}.ipynb")
        jupyter_path = sandbox.install_kernelspec(probe, probe / "autograded" / ".grading-kernel",
                                                  unisolated=not isolated)
        worker = Worker(probe, assignment, jupyter_path)
        try:
            result = worker.grade(REFERENCE)
            tail = worker.log_tail(3)
        finally:
            worker.close()
        scores = course.class_scores(assignment, [REFERENCE], course=probe).get(REFERENCE, {})
    got = sum(score or 0 for score, _ in scores.values())
    best = sum(notebooks.graded_cells(notebooks.read(Path(root) / "source" / assignment / f"{assignment}.ipynb"))
               .values())
    if result is None or not result["autograde"].get("success") or not best or got != best:
        if result is None:
            why = "the grading process died: " + " | ".join(tail)
        elif not result["autograde"].get("success"):
            why = _autograde_reason(result["autograde"].get("log", "") + result["autograde"].get("error", ""))
        else:
            lost = [f"{grade_id.removeprefix('test_')} {score:g}/{points:g}"
                    for grade_id, (score, points) in scores.items() if score != points]
            why = "lost points on " + ", ".join(lost)
        raise GradingError(
            f"the reference solution of {assignment} got {got:g}/{best:g} in the grading "
            f"{'sandbox' if isolated else 'environment'} ({why}), so every student would be graded wrong; "
            "nothing was graded.\nCheck that the environment that runs `make grade` is the course's "
            "(.venv, installed from requirements.txt) and that the sandbox can see it "
            "(CNN_SANDBOX_DEBUG=1 prints the sandbox command), then grade again.")
    log(f"grade: the reference solution gets {got:g}/{best:g} in the sandbox; release/ is current "
        f"({time.perf_counter() - started:.0f} s)")


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


# -------------------------------------------------------------------------------- grading

def decide(root, assignment, students, force):
    """Which students to grade: {student: why} ("new", "changed", ...); the others are
    unchanged since graded.  Students without a folder are not in the answer."""
    directory = course.coursedir(root)
    autograded = Path(root) / directory.autograded_directory
    in_book, _ = gradebook_records(directory, assignment)
    tests = gradestate.tests_fingerprint(root, assignment)
    todo = {}
    for student in students:
        folder = Path(directory.format_path(directory.submitted_directory, student, assignment))
        if not folder.is_dir():
            continue
        entry = gradestate.read(autograded, assignment, student)
        graded_nb = Path(directory.format_path(directory.autograded_directory, student, assignment)) \
            / f"{assignment}.ipynb"
        if force:
            todo[student] = "forced"
        elif entry is None:
            todo[student] = "new"
        elif entry.get("submission") != gradestate.folder_fingerprint(folder):
            todo[student] = "submission changed"
        elif entry.get("tests") != tests:
            todo[student] = "tests changed"
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


def grade(assignment, root=ROOT, jobs=None, force=False, unisolated=False, log=print):
    """Grade every submission of an assignment that needs it, write the report; return
    {student: {"score", "max", "status", "reasons"}}.  Raises GradingError (nothing written)
    if grading cannot start."""
    root = Path(root).resolve()
    jobs = jobs or os.cpu_count() or 1
    directory = course.coursedir(root)
    submitted = root / directory.submitted_directory
    autograded = root / directory.autograded_directory
    release = root / "release" / assignment
    if not (root / "source" / assignment / f"{assignment}.ipynb").exists():
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
    isolated = not unisolated and sandbox_available()
    log(f"grade: {len(with_folder)} submissions of {assignment} in {submitted.name}/, {len(todo)} to grade"
        + (f", {unchanged} unchanged since graded (--force grades them again)" if unchanged else ""))
    if todo:
        if not isolated:
            log("=" * 78 + "\nWARNING: grading UNISOLATED: student code runs with your rights and can read and"
                "\nwrite the course folder (bubblewrap/setpriv as root are needed for the sandbox).\n" + "=" * 78)
        with kernel_groups(log):
            check_environment(root, assignment, isolated, log)
            update_gradebook(root, assignment, log)
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


def _grade_students(root, assignment, todo, jobs, isolated, log):
    directory = course.coursedir(root)
    autograded = root / directory.autograded_directory
    release = root / "release" / assignment
    release_nb = notebooks.read(release / f"{assignment}.ipynb")
    release_files = {p.relative_to(release) for p in release.rglob("*")}
    tests = gradestate.tests_fingerprint(root, assignment)
    jupyter_path = sandbox.install_kernelspec(root, autograded / ".grading-kernel", unisolated=not isolated)
    staging = Path(tempfile.mkdtemp(prefix="cnn-grade-staging-"))
    os.chmod(staging, 0o700)
    try:
        def start_worker():
            return Worker(root, assignment, jupyter_path, submitted=staging)

        # the workers load nbgrader (2 s) while this process stages the submissions
        workers = [start_worker() for _ in range(min(jobs, len(todo)))]
        queue, entries = Queue(), {}
        for student in todo:
            folder = Path(directory.format_path(directory.submitted_directory, student, assignment))
            staged = staging / student / assignment
            try:
                reasons = preflight.stage(folder, staged)
                gradable, more, submitted_name = preflight.preflight(staged, assignment, release_nb, release_files,
                                                                     ignore=directory.ignore)
            except Exception as error:    # whatever the submission holds, it stops nobody else
                reasons, gradable, submitted_name = [], False, f"{assignment}.ipynb"
                more = [f"could not be prepared for grading ({type(error).__name__}: {str(error)[:200]})"]
            entries[student] = {"submission": gradestate.folder_fingerprint(folder), "tests": tests,
                                "reasons": reasons + more, "cells": [], "submitted_name": submitted_name}
            if gradable:
                queue.put(student)
            else:
                forget(root, assignment, student)
                gradestate.write(autograded, assignment, student, {**entries[student], "status": "ungradable"})
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
