"""How long the notebook and its grading take: prints figures, asserts nothing.

    .venv/bin/python benchmarks/grading_time.py [--repeat N] [--assignment cnn_application]

1. The source notebook (reference solutions + hidden tests) run top to bottom with
   nbclient: wall time with kernel start-up, time per cell, and the time of the test cells
   (visible + hidden checks of all the graded functions).
2. One submission (the release with the reference solutions) autograded by
   `nbgrader autograde` in a temporary course: wall time of the command.
"""

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from nbclient import NotebookClient

from cnn_course import ASSIGNMENTS, ROOT, course, notebooks  # installed into .venv by `make` (pip install -e .)

ASSIGNMENT = "cnn_step_by_step"   # or --assignment


def cell_seconds(cell):
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    def parse(stamp):
        return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return (parse(end) - parse(start)).total_seconds()


def run_notebook(folder):
    nb = notebooks.read(folder / f"{ASSIGNMENT}.ipynb")
    started = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    wall = time.perf_counter() - started
    cells = [(notebooks.nbgrader_metadata(c).get("grade_id", "?"), bool(notebooks.nbgrader_metadata(c).get("grade")),
              cell_seconds(c)) for c in nb.cells if c.cell_type == "code"]
    return wall, cells


def main():
    global ASSIGNMENT
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--assignment", choices=ASSIGNMENTS, default=ASSIGNMENT)
    args = parser.parse_args()
    ASSIGNMENT = args.assignment
    walls, tests, totals, autogrades = [], [], [], []
    slowest = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copytree(ROOT / "source" / ASSIGNMENT, tmp / "nb")
        root = course.copy_course(tmp / "course")
        course.generate_release(ASSIGNMENT, course=root)
        release_nb = notebooks.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
        source_nb = notebooks.read(ROOT / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
        for run in range(args.repeat):
            wall, cells = run_notebook(tmp / "nb")
            walls.append(wall)
            tests.append(sum(s for _, graded, s in cells if graded))
            totals.append(sum(s for _, _, s in cells))
            for name, _, seconds in cells:
                slowest[name] = max(slowest.get(name, 0.0), seconds)
            student = f"student{run}"
            folder = course.submission_folder(root, student, ASSIGNMENT)
            shutil.copytree(root / "release" / ASSIGNMENT, folder)
            notebooks.write(notebooks.fill_solutions(release_nb, source_nb), folder / f"{ASSIGNMENT}.ipynb")
            started = time.perf_counter()
            course.nbgrader("autograde", ASSIGNMENT, "--student", student, course=root)
            autogrades.append(time.perf_counter() - started)
            print(f"run {run + 1}/{args.repeat}: notebook {wall:.1f} s wall, autograde {autogrades[-1]:.1f} s", flush=True)
    med = statistics.median
    print(f"\n{ASSIGNMENT}: notebook top to bottom (reference solutions), wall incl. kernel start: "
          f"median {med(walls):.1f} s")
    print(f"  sum of cell times:                        median {med(totals):.2f} s")
    print(f"  test cells (visible + hidden):            median {med(tests):.2f} s")
    print("  slowest cells: " + ", ".join(f"{n} {s:.2f} s" for n, s in sorted(slowest.items(), key=lambda kv: -kv[1])[:4]))
    print(f"nbgrader autograde of one submission, wall:  median {med(autogrades):.1f} s")


if __name__ == "__main__":
    main()
