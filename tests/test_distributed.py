"""`make grade` on a Dask cluster (issue 16, cnn_course/distributed.py): a real scheduler and two
real workers on 127.0.0.1, separate processes with separate working folders (as on separate
machines), grade a class; the grades, review reasons and feedback equal a local `make grade`'s,
also when a worker is killed while the class is being graded."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ASSIGNMENT, ROOT, course, notebooks
from test_grading import make_course

pytestmark = pytest.mark.distributed


class Cluster:
    """`dask scheduler` and `dask worker` processes, each in a session of its own (a worker's
    nanny and its worker process are killed together, as when a machine goes away)."""

    def __init__(self, folder, workers=2, allowed_failures=None):
        self.folder, self.processes, self.workers = folder, [], {}
        env = course.environment()
        # one task at a time per one-thread worker (docs/distributed.md): a lost worker is
        # counted against the submission it was grading only, not the next one queued behind it
        scheduler_env = dict(env, DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION="1.0")
        if allowed_failures is not None:     # how many lost workers a task may take down with it
            scheduler_env["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = str(allowed_failures)
        schedule = folder / "scheduler.json"
        self._start([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                     "--no-dashboard", "--scheduler-file", str(schedule)], folder / "scheduler", scheduler_env)
        deadline = time.monotonic() + 60
        while not schedule.exists():
            assert time.monotonic() < deadline, "the Dask scheduler did not start in 60 s"
            time.sleep(0.2)
        time.sleep(0.5)
        self.address = json.loads(schedule.read_text())["address"]
        for n in range(workers):
            home = folder / f"machine{n}"
            self.workers[f"machine{n}"] = self._start(
                [sys.executable, "-m", "distributed.cli.dask_worker", self.address, "--nthreads", "1",
                 "--nworkers", "1", "--name", f"machine{n}", "--local-directory", str(home / "dask"),
                 "--no-dashboard", "--death-timeout", "120"], home, env)
        self.wait_for(workers)

    def _start(self, command, home, env):
        home.mkdir(parents=True, exist_ok=True)
        log = open(home / "log.txt", "w")
        process = subprocess.Popen(command, cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.processes.append(process)
        return process

    def wait_for(self, n):
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(n, timeout=120)

    def log(self, name):
        return (self.folder / name / "log.txt").read_text(errors="replace")

    def kill(self, name):
        os.killpg(self.workers[name].pid, signal.SIGKILL)

    def close(self):
        for process in self.processes:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()


@pytest.fixture
def cluster(tmp_path):
    running = Cluster(tmp_path / "cluster")
    try:
        yield running
    finally:
        running.close()


def _class(root, base):
    """Five students: all right, untouched, two wrong functions, one wrong, a notebook under
    another name."""
    corpus = ROOT / "tests" / "corpus" / ASSIGNMENT / "wrong"
    wrong = {case: (corpus / f"{case}.py").read_text() for case in
             ["conv_forward__ceil_output_size", "pool_backward__gradient_at_window_corner",
              "zero_pad__pads_every_axis"]}
    students = {
        "solver": base.solved(),
        "untouched": base.release,
        "two_wrong": base.solved(conv_forward=wrong["conv_forward__ceil_output_size"],
                                 pool_backward=wrong["pool_backward__gradient_at_window_corner"]),
        "one_wrong": base.solved(zero_pad=wrong["zero_pad__pads_every_axis"]),
        "renamed": base.solved(),
    }
    for student, nb in students.items():
        folder = course.submission_folder(root, student, ASSIGNMENT)
        folder.mkdir(parents=True)
        name = "my_work.ipynb" if student == "renamed" else f"{ASSIGNMENT}.ipynb"
        notebooks.write(nb, folder / name)
    return list(students)


def _outcome(root, students):
    """{student: (per-cell scores from the gradebook, status, reasons, feedback page names)}."""
    from cnn_course import gradestate

    scores = course.class_scores(ASSIGNMENT, students, course=root)
    outcome = {}
    for student in students:
        entry = gradestate.read(root / "autograded", ASSIGNMENT, student)
        pages = sorted(p.name for p in (root / "feedback" / student / ASSIGNMENT).glob("*.html"))
        outcome[student] = (scores.get(student), entry["status"], sorted(entry["reasons"]), pages)
    return outcome


def _grade(root, *args, on_line=None):
    env = course.environment()
    process = subprocess.Popen([sys.executable, "-m", "cnn_course", "grade", ASSIGNMENT, *args], cwd=root, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in process.stdout:
        lines.append(line)
        if on_line:
            on_line(line)
    assert process.wait(timeout=1800) == 0, "".join(lines)
    return "".join(lines)


def _NotesWhatStarts(folder):
    """A worker plugin (made here so that it travels by value): a file <student>__<worker> in
    folder each time a student's grading starts on a worker."""
    from distributed import WorkerPlugin

    class NotesWhatStarts(WorkerPlugin):
        name = "notes-what-starts"

        def setup(self, worker):
            self.worker = worker.name

        def transition(self, key, start, finish, **kwargs):
            found = re.match(rf"grade-{ASSIGNMENT}-(\w+?)-[0-9a-f]{{8}}-", str(key))
            if finish == "executing" and found:
                open(os.path.join(folder, f"{found[1]}__{self.worker}"), "w").close()

    return NotesWhatStarts()


def test_a_dask_cluster_grades_like_make_grade_even_when_a_worker_dies(tmp_path, source_nb, cluster):
    from distributed import Client

    from cnn_course.grading import sandbox_available

    assert sandbox_available(), "the workers grade in the sandbox: root and bubblewrap are needed (.ci/run)"
    local, base = make_course(tmp_path / "local", source_nb)
    students = _class(local, base)
    _grade(local, "--jobs", "2")
    expected = _outcome(local, students)
    assert expected["solver"][1] == "graded" and sum(s for s, _ in expected["solver"][0].values()) == 100
    assert sum(s for s, _ in expected["two_wrong"][0].values()) == 65

    remote, _ = make_course(tmp_path / "remote", source_nb)
    _class(remote, base)
    killed = []
    started = tmp_path / "started"
    started.mkdir()
    with Client(cluster.address, timeout=60) as client:
        client.register_plugin(_NotesWhatStarts(str(started)))

    def kill_the_other(line):
        """At the first result, the other machine is grading a student (each machine's first
        task takes its environment check too): it goes away, as a machine does."""
        first = re.match(r"\[1/\d+\] .* on (machine\d)", line)
        if first and not killed:
            other = next(name for name in cluster.workers if name != first[1])
            cluster.kill(other)
            killed.append((first[1], other))

    output = _grade(remote, "--scheduler", cluster.address, on_line=kill_the_other)
    assert killed, output
    survivor, gone = killed[0]
    assert f"{len(students)} submissions to the Dask cluster at {cluster.address}" in output, output
    done = re.findall(r"^\[\d+/\d+\] (\w+) graded in [\d.]+ s on (machine\d)", output, re.M)
    assert sorted(student for student, _ in done) == sorted(students), output
    # a student whose grading had started on the machine that went away was graded by the other
    lost = {name.split("__")[0] for name in os.listdir(started) if name.endswith(f"__{gone}")}
    assert lost & {student for student, machine in done if machine == survivor}, (lost, output)
    got = _outcome(remote, students)
    assert got == expected, (got, expected)
    # nothing of the workers' scratch courses reached the coordinator's course: one gradebook
    assert not list((remote / "autograded").glob("*/cnn-course-*"))
    # graded again with nothing changed: nothing is sent
    again = _grade(remote, "--scheduler", cluster.address)
    assert "0 to grade" in again, again


class Postgres:
    """Debian's PostgreSQL server (apt-get install postgresql: .ci/run), a cluster of its own in a
    temporary folder, run as the postgres user, on 127.0.0.1 and a free port; one database."""

    def __init__(self):
        import socket
        import tempfile

        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        assert versions, "Debian's postgresql is not installed: apt-get install postgresql (.ci/run does it)"
        self.bin = versions[-1].parent
        self.folder = Path(tempfile.mkdtemp(prefix="cnn-postgres-"))
        os.chmod(self.folder, 0o755)
        shutil.chown(self.folder, "postgres", "postgres")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.as_postgres(self.bin / "initdb", "-D", self.folder / "data", "--auth=trust", "-U", "postgres",
                         "--encoding=UTF8", "--no-locale")
        self.as_postgres(self.bin / "pg_ctl", "-D", self.folder / "data", "-l", self.folder / "server.log", "-w",
                         "-o", f"-h 127.0.0.1 -p {self.port} -k {self.folder}", "start")
        self.as_postgres(self.bin / "createdb", "-h", "127.0.0.1", "-p", str(self.port), "course")
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/course"

    def as_postgres(self, *command):
        result = subprocess.run(["runuser", "-u", "postgres", "--", *map(str, command)], capture_output=True, text=True,
                                cwd=self.folder)
        assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"

    def close(self):
        subprocess.run(["runuser", "-u", "postgres", "--", str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"),
                        "-m", "immediate", "stop"], capture_output=True, cwd=self.folder)
        shutil.rmtree(self.folder, ignore_errors=True)


def _use_gradebook(root, url):
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(f'\nc.CourseDirectory.db_url = "{url}"\n')


def test_a_postgresql_gradebook_is_shared_by_two_course_folders(tmp_path, source_nb):
    """nbgrader's db_url may be a PostgreSQL database: `make grade` (parallel workers writing at
    once) stores the class's grades there, and another folder of the course (a second grader or
    coordinator, another machine) with the same db_url sees them; no SQLite file is written."""
    server = Postgres()
    try:
        first, base = make_course(tmp_path / "first", source_nb)
        _use_gradebook(first, server.url)
        (first / "gradebook.db").unlink()          # copy_course's empty SQLite file: must not come back
        students = _class(first, base)
        _grade(first, "--jobs", "2")
        assert not (first / "gradebook.db").exists()
        second = course.copy_course(tmp_path / "second")
        _use_gradebook(second, server.url)
        seen = course.class_scores(ASSIGNMENT, students, course=second)
        totals = {student: sum(score for score, _ in seen[student].values()) for student in students}
        assert totals == {"solver": 100, "untouched": 0, "two_wrong": 65, "one_wrong": 90, "renamed": 100}, totals
        assert course.coursedir(second).db_url.startswith("postgresql://")
    finally:
        server.close()


def test_a_cluster_grades_into_postgresql_and_a_submission_that_keeps_killing_workers_is_reviewed(
        tmp_path, source_nb):
    """The coordinator's gradebook is a PostgreSQL database (several graders may share it): the
    workers' grades land there and a second folder of the course sees them.  One submission
    takes its worker down each time its grading starts (as one that exhausts a whole machine's
    memory would; here a worker plugin ends the worker process, and its nanny starts a new one):
    the scheduler fails its task (KilledWorker), the coordinator sends it once more, and after
    the second loss lists it for review, ungraded; the rest of the class is graded as usual."""
    from distributed import Client, WorkerPlugin

    class TakesItsMachineDown(WorkerPlugin):
        name = "takes-its-machine-down"

        def transition(self, key, start, finish, **kwargs):
            if finish == "executing" and "-crasher-" in str(key):
                os._exit(1)

    server = Postgres()
    # no failure allowed, and one task at a time per worker: a loss counts against the crasher only
    cluster = Cluster(tmp_path / "cluster", allowed_failures=0)
    try:
        with Client(cluster.address, timeout=60) as client:
            client.register_plugin(TakesItsMachineDown())
        root, base = make_course(tmp_path / "coordinator", source_nb)
        _use_gradebook(root, server.url)
        (root / "gradebook.db").unlink()
        students = _class(root, base)
        crasher = course.submission_folder(root, "crasher", ASSIGNMENT)
        crasher.mkdir(parents=True)
        notebooks.write(base.solved(), crasher / f"{ASSIGNMENT}.ipynb")
        output = _grade(root, "--scheduler", cluster.address)
        sent_again = re.findall(r"^grade: (\w+): Dask workers were lost while they held this submission; "
                                r"sent once more", output, re.M)
        assert sent_again == ["crasher"], output
        assert re.search(r"^\[\d+/6\] crasher FAILED", output, re.M), output
        review = (root / "reports" / ASSIGNMENT / "review.csv").read_text()
        assert "crasher" in review and "killed Dask workers" in review, review
        from cnn_course import gradestate

        assert gradestate.decide(root, ASSIGNMENT, students + ["crasher"], False) == \
            {"crasher": "the grading machines failed it last time"}     # the next run tries it again
        restarts = sum(cluster.log(name).count("Restarting worker") for name in cluster.workers)
        assert restarts == 2, f"the crasher should have taken down two workers, not {restarts}"
        assert not (root / "gradebook.db").exists()

        second = course.copy_course(tmp_path / "second")
        _use_gradebook(second, server.url)
        seen = course.class_scores(ASSIGNMENT, students + ["crasher"], course=second)
        totals = {student: sum(score for score, _ in seen[student].values()) for student in students}
        assert totals == {"solver": 100, "untouched": 0, "two_wrong": 65, "one_wrong": 90, "renamed": 100}, totals
        assert not seen.get("crasher"), seen.get("crasher")
    finally:
        cluster.close()
        server.close()


class _EndsTheProcess:
    """A result part whose unpickling ends the process that receives it (as running out of
    memory on a monstrous output would)."""

    def __reduce__(self):
        return os._exit, (3,)


def test_a_recorder_process_lost_costs_only_its_own_students_grade(tmp_path):
    """The coordinator's Recorders: a process lost while recording takes its pool down; the
    results that were in it are recorded again, each alone, and the one that ends its process
    again is failed with the reason, listed for review; the others are recorded as usual.
    (Results that a worker could not grade are recorded without nbgrader: as failed with the
    worker's reason.)"""
    from cnn_course import distributed, gradestate

    root = course.copy_course(tmp_path / "course")
    staging = tmp_path / "staging"
    students = [f"student{n}" for n in range(6)]
    recording = distributed.Recorders(root, ASSIGNMENT, staging, staging / ".graded", 2)
    done = []
    try:
        for student in students:
            crashes = student == "student2"
            result = {"entry": {"status": "failed", "reasons": [f"{student}'s cell never ended"]},
                      "autograded": _EndsTheProcess() if crashes else None, "feedback": None, "worker": "w",
                      "seconds": 1.0}
            recording.add(student, result, {"reasons": [], "submitted_name": f"{ASSIGNMENT}.ipynb"},
                          lambda student, entry, seconds, result: done.append(student))
        recording.finish(lambda student, entry, seconds, result: done.append(student))
    finally:
        recording.close()
    assert sorted(done) == students
    for student in students:
        entry = gradestate.read(root / "autograded", ASSIGNMENT, student)
        assert entry["status"] == "failed", entry
        if student == "student2":
            assert any("recording the worker's grades failed: BrokenProcessPool" in r for r in entry["reasons"]), entry
            assert entry["retry"], entry        # not the submission's doing: the next run grades it again
        else:
            assert entry["reasons"] == [f"{student}'s cell never ended"], (student, entry)
            assert not entry["retry"], entry
