"""Grading a class on Dask workers, across machines (issue 16):

    make grade GRADE_ARGS="--scheduler tcp://HOST:8786"
    python -m cnn_course grade cnn_step_by_step --scheduler tcp://HOST:8786

Without ``--scheduler`` nothing changes: the local pool of grading.py grades the class.  With
it, this process is the *coordinator*: it decides who needs grading and stages each submission
exactly as a local run does (gradestate.py, preflight.py: no student code runs here), then sends
each student's grading to the Dask cluster as one task.  What travels to a worker is the
assignment's definition (nbgrader_config.py, source/<assignment>/, release/<assignment>/, one
zip: the result of a Dask task, fetched once per worker) and the student's staged submission (a
zip); on the worker, ``grade_remotely`` grades it in a scratch course of its own with the same
machinery as a local run (the environment check once per worker, then nbgrader's autograde in
the OS sandbox, feedback), and sends back the graded notebook, the feedback page and make
grade's record.

The gradebook stays one, nbgrader's, written by the coordinator only: for each result, the
coordinator runs nbgrader's own autograde on the staged submission with the Execute step
replaced by ``ReplayExecute``, which takes the cells' outputs from the worker's graded notebook
instead of running a kernel.  So nbgrader itself records the grades (sanitizing, restored test
cells, SaveAutoGrades, late penalties from the submission's timestamp), as it would have after
running the notebook here, in a quarter to half a second of one of the coordinator's cores; several
``Recorders`` processes (--jobs, default all cores) record results at once, as local grading's
processes write one gradebook at once.

Workers: ``dask worker tcp://HOST:8786 --nthreads 1`` on any machine with the same course
checkout and environment (a make target such as ``make notebooks`` creates .venv; root for the
sandbox), one per core; docs/distributed.md.  A worker lost mid-task (killed, its machine gone) is noticed by
the Dask scheduler, which gives its task to another worker.  The scheduler fails a task that
was on more lost workers than ``distributed.scheduler.allowed-failures`` (3 by default) with
KilledWorker; since it counts a loss against every task the worker held (the one running and
those queued behind it), such a submission is sent once more as a new task, and only a second
KilledWorker lists it for review, ungraded.  A student whose grading the cluster could not
finish (a task lost or refused, a result not recorded) is graded again by the next run.  (A
scheduler started with ``DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION=1.0`` gives each
one-thread worker one task at a time, so a loss counts against the running task only:
docs/distributed.md.)
"""

import hashlib
import io
import os
import shutil
import tempfile
import threading
import time
import warnings
import zipfile
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from . import ROOT, course, gradestate, notebooks

# ------------------------------------------------------------------ bytes that travel


def folder_zip(folder, only=None):
    """The files under folder (or only those relative paths), as zip bytes (deterministic:
    sorted names, fixed dates), so that the same definition has the same hash everywhere."""
    folder = Path(folder)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        paths = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in paths:
            name = path.relative_to(folder).as_posix()
            if only is not None and not any(name == o or name.startswith(o.rstrip("/") + "/") for o in only):
                continue
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (path.stat().st_mode & 0o777) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def unzip(data, target):
    """Unpack zip bytes into target (created); names that would leave it are refused."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            path = (target / info.filename).resolve()
            if target.resolve() not in path.parents:
                raise ValueError(f"a path outside the folder in the archive: {info.filename}")
            archive.extract(info, target)
    return target


def definition(root, assignment):
    """(sha256, zip bytes) of what a worker needs to grade the assignment: nbgrader_config.py,
    source/<assignment>/ (hidden tests included: workers are the course's machines) and
    release/<assignment>/ (the environment check compares it with what source/ generates)."""
    directory = course.coursedir(root)
    source = Path(directory.format_path(directory.source_directory, ".", assignment)).relative_to(root)
    release = Path(directory.format_path(directory.release_directory, ".", assignment)).relative_to(root)
    data = folder_zip(root, only=["nbgrader_config.py", source.as_posix(), release.as_posix()])
    return hashlib.sha256(data).hexdigest(), data


# ------------------------------------------------------------------ the worker's side

def _the_definition(data):
    """The assignment's definition (zip bytes), as the result of a Dask task that every grading
    task depends on."""
    return data


_courses = {}                 # on a worker: definition hash -> its scratch course, checked
_lock = threading.Lock()      # one grading at a time per worker process (each has its scratch course)


def _scratch_course(digest, data, assignment, isolated, base):
    """The worker's scratch course for this definition: unpacked, given the tooling and a
    gradebook of its own (never the coordinator's, whatever db_url the definition names), its
    grading environment checked (the reference solution gets full marks here); made once."""
    from .envcheck import check_environment
    from .gradestate import update_gradebook

    root = _courses.get(digest)
    if root is not None:
        return root
    root = Path(base) / f"cnn-course-{digest[:16]}"
    shutil.rmtree(root, ignore_errors=True)
    unzip(data, root)
    shutil.copytree(ROOT / "cnn_course", root / "cnn_course", ignore=shutil.ignore_patterns("__pycache__"))
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(f'\n# a Dask worker\'s scratch course: a gradebook of its own\n'
                     f'c.CourseDirectory.db_url = "sqlite:///{root / "gradebook.db"}?timeout=60"\n')
    course.new_gradebook(root / "gradebook.db")
    quiet = []
    check_environment(root, assignment, isolated, quiet.append)
    update_gradebook(root, assignment, quiet.append)
    _courses[digest] = root
    return root


def grade_remotely(digest, data, assignment, student, submission, isolated):
    """A Dask task: grade one student's staged submission (zip bytes) in this worker's scratch
    course; return {"entry", "autograded" (zip), "feedback" (bytes or None), "worker", "seconds"}.
    Raises if this worker cannot grade as asked (no sandbox where one is wanted, a failed
    environment check): the coordinator lists the student for review."""
    from distributed import get_worker

    worker = get_worker()
    return grade_here(digest, data, assignment, student, submission, isolated, worker.local_directory,
                      str(worker.name or worker.address))


def grade_here(digest, data, assignment, student, submission, isolated, base, name):
    """grade_remotely's work, with the scratch course under the folder base, for a worker called
    name (also what benchmarks/coordinator_recording.py uses to make results without Dask)."""
    from .grading import _grade_students, kernel_groups, sandbox_available

    if isolated and not sandbox_available():
        raise RuntimeError(f"worker {name} cannot run the OS sandbox (root, bubblewrap, setpriv and user "
                           "namespaces are needed); start it as root, or grade --unisolated")
    started = time.perf_counter()
    with _lock:
        root = _scratch_course(digest, data, assignment, isolated, base)
        directory = course.coursedir(root)
        folders = {step: Path(directory.format_path(getattr(directory, f"{step}_directory"), student, assignment))
                   for step in ("submitted", "autograded", "feedback")}
        for folder in folders.values():
            shutil.rmtree(folder, ignore_errors=True)
        unzip(submission, folders["submitted"])
        log = []
        with kernel_groups(log.append):        # each kernel in a control group of its own, as locally
            _grade_students(root, assignment, [student], 1, isolated, log.append)
        autograded = Path(root) / directory.autograded_directory
        entry = gradestate.read(autograded, assignment, student) or {"status": "failed", "reasons": log[-3:],
                                                                     "retry": True}
        page = folders["feedback"] / f"{assignment}.html"
        result = {"entry": entry, "autograded": folder_zip(folders["autograded"]) if folders["autograded"].is_dir()
                  else None, "feedback": page.read_bytes() if page.exists() else None,
                  "worker": name, "seconds": time.perf_counter() - started}
        for folder in folders.values():      # the next student finds nothing of this one
            shutil.rmtree(folder, ignore_errors=True)
        return result


# ------------------------------------------------------------------ the coordinator's side

class ReplayExecute(NbGraderPreprocessor):
    """nbgrader's Execute step on the coordinator: the outputs of each cell are those of the
    worker's graded notebook (graded_directory/<student>/<notebook>.ipynb), no kernel runs.
    The notebooks are sanitized the same way on both sides (the same release, source and
    nbgrader), so they have the same cells; if not, grading this student fails (for review)."""

    graded_directory = Unicode("", help="where the workers' graded notebooks are, by student").tag(config=True)

    def preprocess(self, nb, resources):
        student, name = resources["nbgrader"]["student"], resources["nbgrader"]["notebook"]
        graded = nbformat.read(Path(self.graded_directory) / student / f"{name}.ipynb", as_version=4)
        if [c.cell_type for c in graded.cells] != [c.cell_type for c in nb.cells] or \
                [notebooks.nbgrader_metadata(c).get("grade_id") for c in graded.cells] != \
                [notebooks.nbgrader_metadata(c).get("grade_id") for c in nb.cells]:
            raise ValueError(f"the worker's graded notebook of {student} does not have the submission's cells")
        for mine, theirs in zip(nb.cells, graded.cells):
            if mine.cell_type == "code":
                mine.outputs, mine.execution_count = theirs.outputs, theirs.execution_count
        return nb, resources


def recording_api(root, staging, graded_directory):
    """nbgrader's API for the coordinator: the course's configuration, submissions read from
    the staging folder, Execute replaced by ReplayExecute."""
    from traitlets.config import Config

    from .execute import GuardedExecute
    from .grade_worker import nbgrader_api

    here = os.getcwd()
    os.chdir(root)
    try:
        api = nbgrader_api(submitted=str(staging))
    finally:
        os.chdir(here)
    steps = [ReplayExecute if step in (GuardedExecute, "cnn_course.execute.GuardedExecute") else step
             for step in api.config.Autograde.autograde_preprocessors]
    if ReplayExecute not in steps:
        raise RuntimeError("nbgrader_config.py's Autograde.autograde_preprocessors has no GuardedExecute to replace")
    extra = Config()
    extra.Autograde.autograde_preprocessors = steps
    extra.ReplayExecute.graded_directory = str(graded_directory)
    api.update_config(extra)
    return api


def grade_students(root, assignment, todo, scheduler, isolated, log, recorders=1):
    """Grade the students `todo` on the Dask cluster at `scheduler`; record everything in the
    course as a local run does (grading._grade_students), with `recorders` processes recording
    the workers' results at once."""
    from distributed import Client, as_completed

    from .grading import Progress, stage_all

    root = Path(root)
    directory = course.coursedir(root)
    autograded = root / directory.autograded_directory
    staging = Path(tempfile.mkdtemp(prefix="cnn-grade-staging-"))
    replay = staging / ".graded"
    os.chmod(staging, 0o700)
    own = time.perf_counter()           # the coordinator's own work: staging, recording
    recording = None
    try:
        entries, gradable = stage_all(root, assignment, todo, staging)
        digest, data = definition(root, assignment)
        own = time.perf_counter() - own
        if _url_password(directory.db_url):
            log("grade: WARNING: nbgrader_config.py's db_url holds a password, and nbgrader_config.py travels "
                "to every worker with the assignment: keep the password in ~/.pgpass or PGPASSWORD instead "
                "(docs/distributed.md)")
        recording = Recorders(root, assignment, staging, replay, max(1, min(recorders, len(gradable))))
        with Client(scheduler, timeout=60) as client:
            workers = client.scheduler_info(n_workers=-1)["workers"]
            log(f"grade: {len(gradable)} submissions to the Dask cluster at {scheduler} "
                f"({len(workers)} workers now; more may join); {recording.processes} processes record the results")
            # a task, not scattered data: the result of a task lost with its worker is computed
            # again elsewhere, scattered data would be gone and every task needing it cancelled
            shared = client.submit(_the_definition, data, key=f"cnn-course-definition-{digest}", pure=False)

            def submit(student):
                return client.submit(grade_remotely, digest, shared, assignment, student,
                                     folder_zip(staging / student / assignment), isolated,
                                     key=f"grade-{assignment}-{student}-{digest[:8]}-{os.getpid()}-{time.time_ns()}",
                                     pure=False)

            futures = {submit(student): student for student in gradable}
            progress, remote, started = Progress(len(futures)), [], time.perf_counter()

            def recorded(student, entry, seconds, result):
                nonlocal own
                own += seconds
                remote.append(result["seconds"])
                progress.step(f"{student} {'graded' if entry['status'] == 'graded' else 'FAILED'} "
                              f"in {result['seconds']:.1f} s on {result['worker'].rsplit('/', 1)[-1]}")

            # one loop, no threads: results arriving from the cluster go to the recorders, and a
            # line is printed as soon as one is recorded (polled every tenth of a second)
            sent_again, results = set(), as_completed(futures)
            while not results.is_empty() or recording.pending:
                ready = results.next_batch(block=False)
                for future in ready:
                    student = futures[future]
                    entry = entries[student]
                    try:
                        result = future.result()
                    except Exception as error:
                        if _killed_workers(error) and student not in sent_again:
                            # the scheduler counts a lost worker against every task it held, the
                            # one running and those queued behind it: one more try, a task of its own
                            sent_again.add(student)
                            again = submit(student)
                            futures[again] = student
                            results.add(again)
                            log(f"grade: {student}: Dask workers were lost while they held this submission; "
                                f"sent once more (a second time means it is the cause: listed for review)")
                            continue
                        reason = _task_failure(error)
                        entry.update(status="failed", reasons=entry["reasons"] + [reason], retry=True)
                        gradestate.write(autograded, assignment, student, entry)
                        progress.step(f"{student} FAILED ({reason[:40]})")
                        continue
                    future.release()
                    recording.add(student, result, entry, recorded)
                recording.poll(recorded)
                if not ready:
                    recording.wait(0.1)
            if gradable:
                wall, task = time.perf_counter() - started, sum(remote) / max(1, len(remote))
                log(f"grade: {len(gradable)} submissions in {wall:.0f} s on the cluster "
                    f"({len(gradable) / wall * 60:.1f} per minute); a worker's task took {task:.1f} s on average; "
                    f"the coordinator's own work {own / len(gradable):.2f} s per submission (staging and recording)")
    finally:
        if recording is not None:
            recording.close()
        shutil.rmtree(staging, ignore_errors=True)


class Recorders:
    """Processes of the coordinator that record the workers' results (nbgrader's autograde with
    ReplayExecute, a quarter to half a second each), several at once as local grading's processes
    write one gradebook at once; at most two results per process wait, so the results of a
    fast cluster do not pile up in memory.  A process lost while recording (out of memory on a
    monstrous output, killed) takes down the pool with every result in it: a new pool is
    started, and each of those results is recorded again alone, in a process of its own, so the
    one that ends its process fails only its own student (listed for review; the next run grades
    it again)."""

    def __init__(self, root, assignment, staging, replay, processes):
        self.root, self.assignment, self.processes, self.pending = Path(root), assignment, processes, {}
        self.setup = (str(root), assignment, str(staging), str(replay))
        self.pool = self._new_pool(processes)
        for _ in range(processes):      # started now (nbgrader loads in 2-3 s), not at the first result
            self.pool.submit(os.getpid)

    def _new_pool(self, processes):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawned, not forked: the coordinator runs the Dask client's threads
        return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_recorder, initargs=self.setup)

    def add(self, student, result, entry, recorded):
        """Record a worker's result; calls recorded(student, entry, seconds, result) once it is."""
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        try:
            future = self.pool.submit(_record_here, student, result, entry)
        except BrokenProcessPool:         # lost since the last results came back
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new_pool(self.processes)
            future = self.pool.submit(_record_here, student, result, entry)
        self.pending[future] = (student, result, entry)
        self.poll(recorded)
        while len(self.pending) >= 2 * self.processes:
            self._done(wait(self.pending, return_when=FIRST_COMPLETED).done, recorded)

    def poll(self, recorded):
        """Take the results recorded since (recorded(...) for each); never waits."""
        self._done([f for f in self.pending if f.done()], recorded)

    def wait(self, seconds):
        """Until a recording ends, or seconds at most."""
        from concurrent.futures import FIRST_COMPLETED, wait

        if self.pending:
            wait(self.pending, timeout=seconds, return_when=FIRST_COMPLETED)
        else:
            time.sleep(seconds)

    def finish(self, recorded):
        from concurrent.futures import wait

        self._done(wait(self.pending).done, recorded)

    def _done(self, futures, recorded):
        from concurrent.futures.process import BrokenProcessPool

        for future in futures:
            student, result, entry = self.pending.pop(future)
            seconds = 0.0
            try:
                try:
                    entry, seconds = future.result()
                except BrokenProcessPool:
                    entry, seconds = self._alone(student, result, entry)
            except Exception as error:          # nothing was recorded
                entry.update(status="failed", retry=True, reasons=entry["reasons"] + [
                    f"recording the worker's grades failed: {type(error).__name__}: {str(error)[:200]}"])
                gradestate.write(self.root / course.coursedir(self.root).autograded_directory, self.assignment,
                                 student, entry)
            recorded(student, entry, seconds, result)

    def _alone(self, student, result, entry):
        pool = self._new_pool(1)
        try:
            return pool.submit(_record_here, student, result, entry).result()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def close(self):
        self.pool.shutdown(wait=True, cancel_futures=True)


_recorder = {}      # in a recorder process: the course, its nbgrader API


def _start_recorder(root, assignment, staging, replay):
    directory = course.coursedir(root)
    _recorder.update(root=Path(root), assignment=assignment, staging=Path(staging), replay=Path(replay),
                     directory=directory, api=recording_api(root, staging, replay))


def _record_here(student, result, entry):
    """In a recorder process: record one result (_record) and make grade's record of it; return
    (the entry, seconds taken)."""
    started, r = time.perf_counter(), _recorder
    _record(r["root"], r["assignment"], student, r["staging"], r["replay"], r["api"], result, entry, r["directory"])
    gradestate.write(r["root"] / r["directory"].autograded_directory, r["assignment"], student, entry)
    return entry, time.perf_counter() - started


def _url_password(url):
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).password
    except ValueError:
        return None


def _killed_workers(error):
    from distributed.scheduler import KilledWorker

    return isinstance(error, KilledWorker)


def _task_failure(error):
    """The review reason for a task that did not come back."""
    if _killed_workers(error):
        return ("grading this submission killed Dask workers again and again (or they were lost while it "
                "ran); it was not graded")
    return f"grading on a Dask worker failed: {type(error).__name__}: {str(error)[:200]}"


def _record(root, assignment, student, staging, replay, api, result, entry, directory):
    """Put a worker's result into the course: the gradebook (nbgrader's autograde replaying the
    worker's outputs), autograded/, feedback/ and make grade's record (entry, updated)."""
    remote = result["entry"]
    entry.update(seconds=round(result["seconds"], 1), cells=remote.get("cells", []))
    entry["reasons"] += [r for r in remote.get("reasons", []) if r not in entry["reasons"]]
    if remote.get("status") != "graded" or result["autograded"] is None:
        entry.update(status="failed", retry=bool(remote.get("retry")))
        return
    shutil.rmtree(replay / student, ignore_errors=True)
    unzip(result["autograded"], replay / student)
    with warnings.catch_warnings():     # nbgrader's own SQLAlchemy warnings, in this process
        warnings.simplefilter("ignore")
        reply = api.autograde(assignment, student, force=True, create=True)
    shutil.rmtree(replay / student, ignore_errors=True)
    if not reply.get("success"):
        from .grade_worker import autograde_reason

        entry.update(status="failed", retry=True)
        entry["reasons"].append("recording the worker's grades failed: "
                                + autograde_reason(reply.get("log", "") + reply.get("error", "")))
        return
    entry["status"] = "graded"
    pages = Path(directory.format_path(directory.feedback_directory, student, assignment))
    shutil.rmtree(pages, ignore_errors=True)
    if result["feedback"] is None:
        entry["reasons"].append("feedback could not be generated")
        return
    pages.mkdir(parents=True)
    (pages / (Path(entry["submitted_name"]).stem + ".html")).write_bytes(result["feedback"])
