"""Grade a whole class in one command: parallel, isolated, resumable, with a review list.

    python -m cnn_course grade cnn_step_by_step [--jobs N] [--force] [--unisolated]
    make grade

For every folder submitted/<student>/<assignment>/:

1. preflight, in this process (no student code runs): find the notebook (a wrong file name
   is graded under the right one), read it (invalid JSON: nothing to grade), convert an old
   nbformat, and note what needs a person's look: edited, deleted, duplicated or added test
   cells, changed points, extra files beside the notebook;
2. N worker processes (grade_worker.py), each taking the next student from a shared queue
   when it is free and running nbgrader's own autograde on it (NbGraderAPI.autograde, the code
   of ``nbgrader autograde --student STUDENT``) in a fresh kernel in the OS sandbox of
   sandbox.py; a submission that kills its kernel, hangs or exceeds the wall limit fails alone
   and is listed for review;
3. once the queue is empty, nbgrader's generate_feedback for the graded students, in shares
   taken by the same workers (the pages rendered by feedback.FeedbackExporter: nbconvert's
   page without its BeautifulSoup round trip, 3x faster), then ``nbgrader export`` into
   grades.csv in one of them;
4. a summary per student and the review list (student: reason).

Grades are stored by nbgrader itself, so they are the ones sequential ``nbgrader autograde``
stores.  The gradebook (SQLite) is shared by the parallel workers; nbgrader_config.py gives
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
from queue import Empty, Queue
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


class Worker:
    """One grade_worker process (see grade_worker.py): nbgrader loaded once, a student at a time.

    Its kernels run with the course's "cnn-sandbox" kernelspec from JUPYTER_PATH, over ipc
    sockets in a private runtime folder.  grade(student) returns nbgrader's result dicts, or
    None if the worker died or passed the wall limit (it is then killed; start a new one)."""

    live = set()   # every running worker, to kill them all on Ctrl-C

    def __init__(self, root, assignment, jupyter_path):
        self.runtime = tempfile.TemporaryDirectory(prefix="grading-worker-")
        runtime = self.runtime.name
        env = course.environment()
        env.update(JUPYTER_PATH=str(jupyter_path), JUPYTER_RUNTIME_DIR=runtime, TMPDIR=runtime)
        read_fd, write_fd = os.pipe()
        self.log_path = Path(runtime) / "worker.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "cnn_course.grade_worker", assignment, str(write_fd), "--sandbox", runtime],
                cwd=root, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log, text=True,
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

    def request(self, line, answer):
        """Send a ``!`` request; True if nbgrader reported success."""
        reply = self.ask(line)
        return bool(reply) and reply.get(answer, {}).get("success", False)

    def feedback(self, students):
        """nbgrader generate_feedback for these students, in one run, in this worker."""
        return self.request("!feedback " + json.dumps(students), "feedback")

    def export(self):
        """nbgrader export into grades.csv, in this worker."""
        return self.request("!export", "export")

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


def run_job(worker, root, assignment, queue, feedback, jupyter_path, on_done):
    """With one worker process (a new one if it dies): grade students from the queue until it
    is empty, calling on_done(student, ok, reasons, seconds), then generate the feedback of
    graded students, a share at a time.  Returns the worker, still running (the caller closes
    it), or None."""
    try:
        while True:
            try:
                student = queue.get_nowait()
            except Empty:
                break
            worker = worker or Worker(root, assignment, jupyter_path)
            started = time.perf_counter()
            result = worker.grade(student)
            seconds = time.perf_counter() - started
            if result is None:
                killed = seconds >= SUBMISSION_WALL_LIMIT
                reason = (f"grading took longer than {SUBMISSION_WALL_LIMIT} s and was stopped" if killed else
                          "the grading process died: " + " | ".join(worker.log_tail(2)))
                worker.close()
                worker = None
                on_done(student, False, [reason[:300]], seconds)
                continue
            autograde = result["autograde"]
            text = autograde.get("log", "") + autograde.get("error", "")
            if autograde.get("success"):
                reasons = (["a cell ran past the time limit and was interrupted"]
                           if "CellTimeoutError" in text or "Timeout waiting for execute reply" in text else [])
                feedback.add(student)
            else:
                reasons = [_autograde_reason(text)]
            on_done(student, bool(autograde.get("success")), reasons, seconds)
        while True:
            students = feedback.share()
            if not students:
                return worker
            worker = worker or Worker(root, assignment, jupyter_path)
            worker.feedback(students)        # each student's feedback file is checked afterwards
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
    # the workers load nbgrader (2 s) while this process reads the submissions
    workers = [Worker(root, assignment, jupyter_path) for _ in range(jobs)]

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

    interrupted = threading.Event()

    def graded(student, ok, reasons, seconds):
        with lock:
            if interrupted.is_set():
                return
            state[student]["status"] = "graded" if ok else "failed"
            state[student]["reasons"] += reasons
            save()
            progress.step(f"{student} {'graded' if ok else 'FAILED'} in {seconds:.1f} s")
            if progress.done == progress.total:
                log("grade: nbgrader generate_feedback and export ...")

    # one worker process per job, each taking the next student from the queue when it is free
    queue = Queue()
    for student in todo:
        queue.put(student)
    feedback = Feedback(jobs)
    pool = ThreadPoolExecutor(max_workers=jobs)
    try:
        jobs_done = [pool.submit(run_job, worker, root, assignment, queue, feedback, jupyter_path, graded)
                     for worker in workers]
        idle = [job.result() for job in as_completed(jobs_done)]
        for student in todo:
            if state[student]["status"] == "graded" and not (root / "feedback" / student / assignment).is_dir():
                state[student]["reasons"].append("feedback could not be generated")
        save()
        # nbgrader export, in a worker that has nbgrader loaded already (a new process takes 2 s)
        exporter = next((worker for worker in idle if worker is not None), None)
        if exporter is None or not exporter.export():
            course.nbgrader("export", course=root)
    except KeyboardInterrupt:
        interrupted.set()              # the students being graded stay pending
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
    results = summarize(root, assignment, students, state)
    log(report(results, root))
    return results


def summarize(root, assignment, students, state):
    results = {}
    table = course.class_scores(assignment, students, course=root)
    for student in students:
        entry = state.get(student, {"status": "missing", "reasons": []})
        scores = table.get(student, {})
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
