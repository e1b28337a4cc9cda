"""Before a class is graded: is the grading environment right?  (make grade, step 2)

In a scratch copy of the course (nothing is written in the course itself): ``nbgrader
generate_assignment`` must give exactly the committed release/ (else: run ``make release``),
and the reference solution, submitted as a student would, must get full marks in the same
sandbox that will grade the class (a venv the sandbox cannot see, a broken kernel, a changed
test that fails the reference: each would otherwise give every student a wrong grade).
"""

import shutil
import tempfile
import time
from pathlib import Path

from . import course, limits, notebooks, sandbox
from .grade_worker import Worker, autograde_reason

REFERENCE = "reference-solution"   # the student id of the reference solution in the scratch course


class GradingError(Exception):
    """Grading cannot start; the message says why and what to do.  Nothing was written."""


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
        jupyter_path = sandbox.install_kernelspec(probe, probe / "autograded" / ".grading-kernel",
                                                  unisolated=not isolated)
        # one worker generates the release (as nbgrader generate_assignment) and grades the
        # reference: nbgrader starts once
        worker = Worker(probe, assignment, jupyter_path)
        try:
            result, tail = _check_in(worker, probe, root, assignment)
        finally:
            worker.close()
        scores = course.class_scores(assignment, [REFERENCE], course=probe).get(REFERENCE, {})
    got = sum(score or 0 for score, _ in scores.values())
    best = sum(notebooks.graded_cells(notebooks.read(course.notebook("source", assignment, course=root))).values())
    if result is None or not result["autograde"].get("success") or not best or got != best:
        if result is None:
            why = "the grading process died: " + " | ".join(tail)
        elif not result["autograde"].get("success"):
            why = autograde_reason(result["autograde"].get("log", "") + result["autograde"].get("error", ""))
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


def _check_in(worker, probe, root, assignment):
    """In the scratch course `probe`, with one worker: generate the release and compare it with
    the course's committed one (GradingError if they differ), then submit the reference
    solution and grade it.  Returns (the worker's autograde reply or None, its log's tail)."""
    generated = worker.generate(limits.SUBMISSION_SECONDS)
    if not generated or not generated.get("success"):
        log = "" if generated is None else (generated.get("log", "") + generated.get("error", ""))
        detail = "\n".join(log.strip().splitlines()[-12:]) or " | ".join(worker.log_tail(3))
        raise GradingError(f"nbgrader generate_assignment {assignment} fails on source/{assignment}/, "
                           f"so nothing was graded:\n{detail}")
    release = course.folder("release", assignment, course=probe)
    differences = course.release_differences(release, course.folder("release", assignment, course=root))
    if differences:
        raise GradingError(
            f"release/{assignment}/ is not what source/{assignment}/ generates now ("
            + "; ".join(differences[:3]) + "), so nothing was graded.\n"
            "Run `make release` (it regenerates release/ and the gradebook's hidden tests), commit it, "
            "hand the new release out if students must see the change, then grade again.")
    folder = course.submission_folder(probe, REFERENCE, assignment)
    shutil.copytree(release, folder)
    notebooks.write(notebooks.fill_solutions(notebooks.read(release / f"{assignment}.ipynb"),
                                             notebooks.read(course.notebook("source", assignment, course=probe))),
                    folder / f"{assignment}.ipynb")
    return worker.grade(REFERENCE), worker.log_tail(3)
