"""Command line of the course tooling: ``python -m cnn_course COMMAND``.

    figures     draw every figure into images/ and copy the used ones into source/
    release     clear source outputs, then nbgrader generate_assignment into release/
    notebooks   copy the released assignments into notebooks/ for self-study,
                never overwriting a notebook that is already there, with the full
                test set (cnn_selfcheck.json) for the in-notebook self-checks
    check       grade your notebooks/ copy with the real autograder: per-function table,
                and nbgrader's HTML feedback written next to the notebook
    grade       grade every submission in submitted/: parallel, sandboxed, resumable;
                feedback, grades.csv, a summary and a review list
    solution    write the released notebook with the reference solutions filled in
"""

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import ASSIGNMENTS, ROOT, assets, course, grading, notebooks


def cmd_figures(args):
    for assignment in ASSIGNMENTS:
        assets.build(assignment)


def cmd_release(args):
    for assignment in ASSIGNMENTS:
        path = ROOT / "source" / assignment / f"{assignment}.ipynb"
        nb = notebooks.read(path)
        if notebooks.clear_outputs(nb):
            notebooks.write(nb, path)
            print(f"release: cleared outputs of {path.relative_to(ROOT)}")
        assets.sync_images(assignment)
        assets.sync_checks(assignment)
        print(f"release: nbgrader generate_assignment {assignment} ...", flush=True)
        course.generate_release(assignment)
        print(f"release: wrote release/{assignment}/")


def cmd_notebooks(args):
    target = ROOT / "notebooks"
    full_tests = {}
    for assignment in ASSIGNMENTS:
        released = ROOT / "release" / assignment
        for path in sorted(released.rglob("*")):
            if path.is_dir():
                continue
            destination = target / path.relative_to(released)
            if path.suffix == ".ipynb" and destination.exists():
                print(f"notebooks: kept your {destination.relative_to(ROOT)}")
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
        full_tests[assignment] = notebooks.full_tests(
            notebooks.read(ROOT / "source" / assignment / f"{assignment}.ipynb"))
        print(f"notebooks: {assignment} is ready in {target.relative_to(ROOT)}/")
    (target / "cnn_selfcheck.json").write_text(json.dumps({"assignments": full_tests}, indent=1))


def cmd_check(args):
    notebook = args.notebook.resolve()
    assignment = notebook.stem
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cnn-check-") as tmp:
        root = course.copy_course(Path(tmp))
        print(f"check: [1/3] nbgrader generate_assignment {assignment}", flush=True)
        course.generate_release(assignment, course=root)
        folder = course.submission_folder(root, "self", assignment)
        shutil.copytree(root / "release" / assignment, folder)
        shutil.copy2(notebook, folder / notebook.name)
        print(f"check: [2/3] nbgrader autograde {assignment} (runs your whole notebook)", flush=True)
        course.nbgrader("autograde", assignment, "--student", "self", course=root)
        print(f"check: [3/3] nbgrader generate_feedback {assignment}", flush=True)
        course.nbgrader("generate_feedback", assignment, "--student", "self", course=root)
        feedback = notebook.with_name(f"{assignment}_feedback.html")
        shutil.copy2(root / "feedback" / "self" / assignment / f"{assignment}.html", feedback)
        print(f"\n{course.score_table(course.scores(assignment, 'self', course=root))}")
    print(f"\nfeedback: {feedback}   ({time.perf_counter() - started:.0f} s)")


def cmd_grade(args):
    grading.grade(args.assignment, jobs=args.jobs, force=args.force, unisolated=args.unisolated)


def cmd_solution(args):
    release_nb = notebooks.read(ROOT / "release" / args.assignment / f"{args.assignment}.ipynb")
    source_nb = notebooks.read(ROOT / "source" / args.assignment / f"{args.assignment}.ipynb")
    notebooks.write(notebooks.fill_solutions(release_nb, source_nb), args.output)
    print(f"solution: wrote {args.output}")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m cnn_course", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("figures", help="draw the figures into images/").set_defaults(run=cmd_figures)
    commands.add_parser("release", help="regenerate release/ from source/").set_defaults(run=cmd_release)
    commands.add_parser("notebooks", help="copy released notebooks into notebooks/").set_defaults(run=cmd_notebooks)
    check = commands.add_parser("check", help="grade notebooks/ with the real autograder")
    check.add_argument("notebook", type=Path, nargs="?", default=ROOT / "notebooks" / "cnn_step_by_step.ipynb")
    check.set_defaults(run=cmd_check)
    grade = commands.add_parser("grade", help="grade every submission in submitted/")
    grade.add_argument("assignment", choices=ASSIGNMENTS)
    grade.add_argument("--jobs", type=int, default=None, help="submissions graded at once (default: all cores)")
    grade.add_argument("--force", action="store_true", help="grade again submissions already graded")
    grade.add_argument("--unisolated", action="store_true", help="do not use the OS sandbox")
    grade.set_defaults(run=cmd_grade)
    solution = commands.add_parser("solution", help="write a solution-filled release notebook")
    solution.add_argument("assignment", choices=ASSIGNMENTS)
    solution.add_argument("output", type=Path)
    solution.set_defaults(run=cmd_solution)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    sys.exit(main())
