"""Command line of the course tooling: ``python -m cnn_course COMMAND``.

    figures     draw every figure into images/ and copy the used ones into source/
    release     clear source outputs, then nbgrader generate_assignment into release/
    notebooks   copy the released assignments into notebooks/ for self-study,
                never overwriting a notebook that is already there
    solution    write the released notebook with the reference solutions filled in
"""

import argparse
import shutil
import sys
from pathlib import Path

from . import ASSIGNMENTS, ROOT, assets, course, notebooks


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
        print(f"release: nbgrader generate_assignment {assignment} ...", flush=True)
        course.generate_release(assignment)
        print(f"release: wrote release/{assignment}/")


def cmd_notebooks(args):
    target = ROOT / "notebooks"
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
        print(f"notebooks: {assignment} is ready in {target.relative_to(ROOT)}/")


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
    solution = commands.add_parser("solution", help="write a solution-filled release notebook")
    solution.add_argument("assignment", choices=ASSIGNMENTS)
    solution.add_argument("output", type=Path)
    solution.set_defaults(run=cmd_solution)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    sys.exit(main())
