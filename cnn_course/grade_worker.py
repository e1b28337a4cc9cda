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
    !feedback ["S1", ...]  nbgrader's generate_feedback for these students (a JSON list), in one
                         run (its HTML templates are compiled once), rendered by
                         feedback.FeedbackExporter -> {"feedback": {...}}

That descriptor is not stdout on purpose: kernels inherit the
worker's stdout and stderr, and student code could write fake result lines there.

--sandbox RUNTIME_DIR runs the kernels with the "cnn-sandbox" kernelspec (found on
JUPYTER_PATH) over ipc sockets in RUNTIME_DIR, as grading.py sets up.  --submitted DIR reads
the submissions from DIR (make grade's staging copy) instead of the course's submitted/.
"""

import argparse
import json
import os
import sys


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
        if student.startswith("!feedback "):
            students = json.loads(student.removeprefix("!feedback "))
            results.write(json.dumps({"feedback": feedback(api, args.assignment, students)}) + "\n")
        else:
            autograde = api.autograde(args.assignment, student, force=True, create=True)
            results.write(json.dumps({"student": student, "autograde": autograde}) + "\n")


if __name__ == "__main__":
    main()
