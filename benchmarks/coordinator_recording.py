"""How many results a second can the coordinator of a Dask grading run record, with 1, 2, ... processes?

    .venv/bin/python benchmarks/coordinator_recording.py --students 120 --processes 1 2

With a cluster of many machines the workers are not the limit: the coordinator stages every
submission and, for each worker's result, runs nbgrader's autograde with ReplayExecute to put
the grades in the gradebook (cnn_course/distributed.py, ``Recorders``).  This measures that part
alone, with no cluster: three real results are made once (a worker's own code, ``grade_here``,
in the OS sandbox: the reference solution, the untouched release, two wrong functions) and
given to --students students; each row is a fresh copy of the course in which ``Recorders``
with that many processes records all of them.  Prints seconds and results recorded per second;
run as root (the sandbox), on a quiet machine.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cnn_course import course, distributed, gradestate, notebooks  # noqa: E402
from cnn_course.gradestate import update_gradebook  # noqa: E402
from cnn_course.grading import sandbox_available, stage_all  # noqa: E402

ASSIGNMENT = "cnn_step_by_step"


def kinds(root):
    """Three submissions: the reference solution, the untouched release, two wrong functions."""
    release = notebooks.read(root / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    source = notebooks.read(root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    wrong = ROOT / "tests" / "corpus" / ASSIGNMENT / "wrong"
    mistakes = {"conv_forward": (wrong / "conv_forward__ceil_output_size.py").read_text(),
                "zero_pad": (wrong / "zero_pad__pads_every_axis.py").read_text()}
    return [notebooks.fill_solutions(release, source), release, notebooks.fill_solutions(release, source, mistakes)]


def a_course(folder, students, made):
    """A copy of the course with the class's submissions in submitted/."""
    root = course.copy_course(folder)
    course.generate_release(ASSIGNMENT, course=root)
    for n in range(students):
        submission = course.submission_folder(root, f"student{n:04d}", ASSIGNMENT)
        submission.mkdir(parents=True)
        notebooks.write(made[n % len(made)], submission / f"{ASSIGNMENT}.ipynb")
    update_gradebook(root, ASSIGNMENT, lambda line: None)
    return root


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=120)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    isolated = sandbox_available()
    with tempfile.TemporaryDirectory(prefix="cnn-recording-bench-") as tmp:
        tmp = Path(tmp)
        made = kinds(ROOT)
        # three real results, made by a worker's own code (once: its environment check included)
        first = a_course(tmp / "results", len(made), made)
        os.chdir(first)
        digest, data = distributed.definition(first, ASSIGNMENT)
        staging = tmp / "results-staging"
        _, gradable = stage_all(first, ASSIGNMENT, sorted(p.name for p in (first / "submitted").iterdir()), staging)
        started = time.perf_counter()
        results = [distributed.grade_here(digest, data, ASSIGNMENT, student,
                                          distributed.folder_zip(staging / student / ASSIGNMENT), isolated,
                                          tmp / "worker", "bench") for student in gradable]
        assert all(r["entry"]["status"] == "graded" for r in results), [r["entry"] for r in results]
        print(f"{os.cpu_count()} cores; {len(results)} results made by a worker's code in "
              f"{time.perf_counter() - started:.0f} s ({'sandboxed' if isolated else 'UNISOLATED'}); "
              f"recording them for {args.students} students")
        print(f"{'processes':>9} {'staging':>8} {'recording':>9} {'per second':>10} {'speed-up':>8}")
        base = None
        for processes in args.processes:
            root = a_course(tmp / f"course{processes}", args.students, made)
            os.chdir(root)
            students = sorted(p.name for p in (root / "submitted").iterdir())
            staged = time.perf_counter()
            entries, gradable = stage_all(root, ASSIGNMENT, students, tmp / f"staging{processes}")
            staged = time.perf_counter() - staged
            recording = distributed.Recorders(root, ASSIGNMENT, tmp / f"staging{processes}",
                                              tmp / f"staging{processes}" / ".graded", processes)
            done = []
            try:
                recording.add(gradable[0], results[0], entries[gradable[0]], lambda *a: done.append(a))
                recording.finish(lambda *a: done.append(a))      # the processes started and ready
                started = time.perf_counter()
                for n, student in enumerate(gradable[1:], 1):
                    recording.add(student, results[n % len(results)], entries[student], lambda *a: done.append(a))
                recording.finish(lambda *a: done.append(a))
                seconds = time.perf_counter() - started
            finally:
                recording.close()
            graded = [gradestate.read(root / "autograded", ASSIGNMENT, s)["status"] for s in gradable]
            assert graded.count("graded") == len(gradable), graded
            rate = (len(gradable) - 1) / seconds
            base = base or rate
            print(f"{processes:9d} {staged / len(students):7.2f}s {seconds:8.0f}s {rate:10.2f} {rate / base:7.2f}x",
                  flush=True)


if __name__ == "__main__":
    main()
