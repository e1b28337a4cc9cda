"""One grading worker: loads nbgrader once, then grades the students it is sent, one at a time.

    python -m cnn_course.grade_worker ASSIGNMENT RESULT_FD [--sandbox RUNTIME_DIR] [--submitted DIR]

`make grade` (cnn_course.grading) starts one worker per job and hands each the next student
from a shared queue as soon as it is free, so a slow submission never holds up a fixed share of
the class, and the Python start-up and imports of nbgrader are paid once per job instead of
once per student.

Protocol: the worker reads one request per line on stdin and answers each with one JSON line
on the file descriptor RESULT_FD, nbgrader's own result dict ({"success", "log", "error"}):

    STUDENT              nbgrader's ``NbGraderAPI.autograde`` (the code of ``nbgrader autograde
                         --student STUDENT``, with the course's nbgrader_config.py)
                         -> {"student": STUDENT, "autograde": {...}}
    !generate            nbgrader's ``NbGraderAPI.generate_assignment`` (release/ and the gradebook's
                         tests, as ``nbgrader generate_assignment --force``) -> {"generate": {...}}
    !feedback ["S1", ...]  nbgrader's generate_feedback for these students (a JSON list), in one
                         run (its HTML templates are compiled once), rendered by
                         feedback.FeedbackExporter -> {"feedback": {...}}

The parent side of the protocol is the class Worker below (used by grading.py and envcheck.py).

That descriptor is not stdout on purpose: kernels inherit the
worker's stdout and stderr, and student code could write fake result lines there.

--sandbox RUNTIME_DIR runs the kernels with the "cnn-sandbox" kernelspec (found on
JUPYTER_PATH) over ipc sockets in RUNTIME_DIR, as grading.py sets up.  --submitted DIR reads
the submissions from DIR (make grade's staging copy) instead of the course's submitted/.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from . import course, limits


def nbgrader_api(sandbox_runtime=None, submitted=None):
    """nbgrader's high-level API with the configuration of the course in the current folder."""
    from nbgrader.apps import NbGrader, NbGraderAPI
    from traitlets.config import Config

    app = NbGrader()
    app.load_config_file()              # nbgrader_config.py of the course, as the command line does
    config = app.config
    if sandbox_runtime:
        extra = Config()
        extra.Execute.kernel_name = "cnn-sandbox"
        extra.KernelManager.transport = "ipc"
        extra.KernelManager.ip = os.path.join(sandbox_runtime, "ipc", "kernel")   # sandbox.py: a folder of their own
        config.merge(extra)
    if submitted:
        extra = Config()
        extra.CourseDirectory.submitted_directory = submitted
        config.merge(extra)
    return NbGraderAPI(config=config)


def feedback(api, assignment, students):
    """``nbgrader generate_feedback`` for some students, in one run; nbgrader's result dict."""
    from nbgrader.apps.generatefeedbackapp import GenerateFeedback
    from nbgrader.utils import capture_log, temp_attrs
    from traitlets.config import Config

    from cnn_course.feedback import FeedbackExporter

    autograded = os.path.join(api.coursedir.root, api.coursedir.autograded_directory)
    others = sorted(set(os.listdir(autograded)) - set(students))
    config = Config()
    config.HTMLExporter.template_name = "feedback"       # as NbGraderAPI.generate_feedback does
    config.GenerateFeedback.exporter_class = FeedbackExporter   # as nbgrader_config.py says
    with temp_attrs(api.coursedir, assignment_id=assignment, student_id="*", student_id_exclude=",".join(others)):
        app = GenerateFeedback(coursedir=api.coursedir, parent=api)
        app.update_config(config)
        app.force = True
        return capture_log(app)


# ------------------------------------------------------------------ the parent's side

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
        return self.ask(student, limits.SUBMISSION_SECONDS)

    def generate(self, limit=None):
        """nbgrader generate_assignment in this worker's course (no second nbgrader start):
        nbgrader's result dict, or None if the worker died or was killed after `limit` s."""
        reply = self.ask("!generate", limit)
        return None if reply is None else reply.get("generate", {})

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


def autograde_reason(output):
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


def timed_out_cells(output):
    """The cells execute.GuardedExecute reported as past their time limit, from nbgrader's log."""
    from .execute import TIMEOUT_MARKER

    return [line.split(TIMEOUT_MARKER, 1)[1].strip() for line in output.splitlines() if TIMEOUT_MARKER in line]


# ------------------------------------------------------------------ the worker's side

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("assignment")
    parser.add_argument("result_fd", type=int)
    parser.add_argument("--sandbox", metavar="RUNTIME_DIR")
    parser.add_argument("--submitted", metavar="DIR")
    args = parser.parse_args(argv)
    results = os.fdopen(args.result_fd, "w", buffering=1)
    api = nbgrader_api(args.sandbox, args.submitted)
    for line in sys.stdin:
        student = line.strip()
        if not student:
            continue
        if student == "!generate":
            results.write(json.dumps({"generate": api.generate_assignment(args.assignment, force=True)}) + "\n")
        elif student.startswith("!feedback "):
            students = json.loads(student.removeprefix("!feedback "))
            results.write(json.dumps({"feedback": feedback(api, args.assignment, students)}) + "\n")
        else:
            autograde = api.autograde(args.assignment, student, force=True, create=True)
            results.write(json.dumps({"student": student, "autograde": autograde}) + "\n")


if __name__ == "__main__":
    main()
