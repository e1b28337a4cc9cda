"""Grading a class: plain sequential `nbgrader autograde` against `make grade`. Prints figures.

    .venv/bin/python benchmarks/grading_speed.py [--students 40] [--jobs 2]

Builds a class of N submissions (a mix: correct, one or two wrong functions from the test
corpus, the untouched stub, a broken notebook), copies it into three temporary courses and
grades it three ways, timing each:

  sequential   nbgrader autograde ASSIGNMENT          (nbgrader alone, one student after another)
  parallel     python -m cnn_course grade --jobs N    (the sandboxed kernel, N at a time)
  unisolated   python -m cnn_course grade --jobs N --unisolated   (same, without the sandbox)

and checks that the three store the same grades.  The sequential figure is nbgrader's
autograde + generate_feedback (with nbconvert's own HTMLExporter) + export, the same work
`make grade` does.  The course renders feedback pages with cnn_course.feedback.FeedbackExporter
(the same pages, about half the time): the sequential feedback is timed a second time with that
renderer, and the speed-up over that sum is printed too, as the part of the speed-up that
parallelism gives.  make grade's time includes its check of the grading environment (the
reference solution graded in a scratch course, about 15 s).
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cnn_course import ROOT, course, notebooks  # `make` installs cnn_course into .venv (pip install -e .)

ASSIGNMENT = "cnn_step_by_step"
CORPUS = ROOT / "tests" / "corpus" / "cnn_step_by_step" / "wrong"


def build_class(root, students):
    release_dir = root / "release" / ASSIGNMENT
    release = notebooks.read(release_dir / f"{ASSIGNMENT}.ipynb")
    source = notebooks.read(ROOT / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    wrong = sorted(CORPUS.glob("*.py"))
    for n in range(students):
        folder = course.submission_folder(root, f"student{n:03d}", ASSIGNMENT)
        shutil.copytree(release_dir, folder)
        kind = n % 10
        if kind == 8:
            nb = release                                  # untouched stub
        elif kind == 9:
            (folder / f"{ASSIGNMENT}.ipynb").write_text("{ not a notebook")
            continue
        elif kind in (5, 6, 7):
            case = wrong[n % len(wrong)]
            nb = notebooks.fill_solutions(release, source, {case.stem.split("__")[0]: case.read_text()})
        else:
            nb = notebooks.fill_solutions(release, source)
        notebooks.write(nb, folder / f"{ASSIGNMENT}.ipynb")


def timed(command, root):
    started = time.perf_counter()
    result = subprocess.run(command, cwd=root, env=course.environment(), capture_output=True, text=True)
    return time.perf_counter() - started, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="grading-bench-") as tmp:
        roots = {}
        for name in ["sequential", "parallel", "unisolated"]:
            roots[name] = course.copy_course(Path(tmp) / name)
            course.generate_release(ASSIGNMENT, course=roots[name])
            build_class(roots[name], args.students)
        print(f"class of {args.students} submissions, {args.jobs} jobs; grading three ways...", flush=True)
        times = {}
        autograde, _ = timed([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT], roots["sequential"])
        # nbgrader's own page renderer (nbconvert's HTMLExporter, with the course's template)
        feedback, _ = timed([sys.executable, "-m", "nbgrader", "generate_feedback", ASSIGNMENT,
                             "--GenerateFeedback.exporter_class=cnn_course.feedback.NbconvertFeedbackExporter"],
                            roots["sequential"])
        export, _ = timed([sys.executable, "-m", "nbgrader", "export"], roots["sequential"])
        times["sequential"] = autograde + feedback + export
        print(f"  sequential nbgrader: autograde {autograde:.0f} s + generate_feedback {feedback:.0f} s"
              f" + export {export:.0f} s", flush=True)
        # the same feedback again, rendered as make grade renders it: how much of the speed-up
        # is make grade's cheaper feedback page, and how much is parallelism
        renderer, result = timed([sys.executable, "-m", "nbgrader", "generate_feedback", ASSIGNMENT, "--force",
                                  "--GenerateFeedback.exporter_class=cnn_course.feedback.FeedbackExporter"],
                                 roots["sequential"])
        assert result.returncode == 0 and "FeedbackExporter" not in result.stderr, result.stderr
        print(f"  sequential generate_feedback with make grade's FeedbackExporter: {renderer:.0f} s", flush=True)
        for name, extra in [("parallel", []), ("unisolated", ["--unisolated"])]:
            times[name], result = timed([sys.executable, "-m", "cnn_course", "grade", ASSIGNMENT,
                                         "--jobs", str(args.jobs), *extra], roots[name])
            assert result.returncode == 0, result.stdout + result.stderr
            print(f"  make grade ({name}, incl. feedback and export): {times[name]:.0f} s", flush=True)
        students = [f"student{n:03d}" for n in range(args.students)]

        def all_scores(root):
            table = course.class_scores(ASSIGNMENT, students, course=root)
            return {student: table.get(student, {}) for student in students}

        scores = {name: all_scores(root) for name, root in roots.items()}
        totals = {name: {s: sum(x for x, _ in v.values()) for s, v in table.items()} for name, table in scores.items()}
        # broken notebooks: nbgrader stores a 0 for them, make grade lists them ungradable (0)
        same = all(totals[name] == totals["sequential"]
                   and all(scores[name][s] == scores["sequential"][s] for s in students
                           if scores[name][s] and scores["sequential"][s])
                   for name in ["parallel", "unisolated"])
    n = args.students
    print(f"\nsubmissions: {n}   same totals for all and same per-cell grades for graded ones: {same}")
    print(f"sequential nbgrader (autograde + feedback + export): {times['sequential']:6.0f} s"
          f"  ({times['sequential'] / n:.1f} s per submission; autograde alone {autograde:.0f} s)")
    print(f"make grade, sandboxed, {args.jobs} jobs:                   {times['parallel']:6.0f} s  "
          f"({times['parallel'] / n:.1f} s per submission)"
          f"  speed-up {times['sequential'] / times['parallel']:.2f}x")
    same_renderer = autograde + renderer + export
    print(f"  against sequential nbgrader with make grade's feedback renderer ({same_renderer:.0f} s): "
          f"{same_renderer / times['parallel']:.2f}x, the part due to parallelism")
    print(f"make grade, unisolated, {args.jobs} jobs:                  {times['unisolated']:6.0f} s  "
          f"({times['unisolated'] / n:.1f} s per submission)"
          f"  isolation costs {100 * (times['parallel'] / times['unisolated'] - 1):+.0f} %")


if __name__ == "__main__":
    main()
