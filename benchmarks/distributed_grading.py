"""How fast does a Dask cluster grade a class, and what does the coordinator itself cost?

    .venv/bin/python benchmarks/distributed_grading.py --students 200 --workers 1 2 4

For each number of workers: a scratch course with a synthetic class (the students alternate
between the reference solution, the untouched release and a few corpus mistakes), a real
`dask scheduler` (worker saturation 1.0, as docs/distributed.md starts it) and that many
`dask worker --nthreads 1` processes on 127.0.0.1, then
`python -m cnn_course grade ASSIGNMENT --scheduler ...`, timed; the coordinator prints its own
work per submission (staging and recording the grades in nbgrader's gradebook) and the mean
time of a worker's task.  From these, N machines of w workers each grade about
N * w / (task seconds) submissions per second, as long as the coordinator's own work per
submission stays well below task seconds / (N * w).  Prints a table; run as root (sandbox).
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cnn_course import course, notebooks  # noqa: E402


def make_class(root, assignment, students):
    release = notebooks.read(root / "release" / assignment / f"{assignment}.ipynb")
    source = notebooks.read(root / "source" / assignment / f"{assignment}.ipynb")
    corpus = sorted((ROOT / "tests" / "corpus" / assignment / "wrong").glob("*.py"))[:6]
    kinds = [notebooks.fill_solutions(release, source), release] + [
        notebooks.fill_solutions(release, source, {path.stem.split("__")[0]: path.read_text()}) for path in corpus]
    for n in range(students):
        folder = course.submission_folder(root, f"student{n:04d}", assignment)
        folder.mkdir(parents=True)
        notebooks.write(kinds[n % len(kinds)], folder / f"{assignment}.ipynb")


def start(command, home, env):
    home.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(command, cwd=home, env=env, stdout=open(home / "log.txt", "w"),
                            stderr=subprocess.STDOUT, start_new_session=True)


def run(assignment, students, workers, folder):
    env = course.environment()
    root = course.copy_course(folder / "course")
    course.generate_release(assignment, course=root)
    make_class(root, assignment, students)
    processes = []
    try:
        schedule = folder / "scheduler.json"
        processes.append(start([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                                "--port", "0", "--no-dashboard", "--scheduler-file", str(schedule)],
                               folder / "scheduler", dict(env, DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION="1.0")))
        while not schedule.exists():
            time.sleep(0.2)
        time.sleep(0.5)
        address = json.loads(schedule.read_text())["address"]
        for n in range(workers):
            processes.append(start([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                                    "--nworkers", "1", "--no-dashboard", "--local-directory",
                                    str(folder / f"worker{n}")], folder / f"worker{n}", env))
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "cnn_course", "grade", assignment, "--scheduler", address],
                                cwd=root, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        if result.returncode != 0:
            raise SystemExit(result.stdout + result.stderr)
        line = re.search(r"(\d+) submissions in (\d+) s on the cluster .*?task took ([\d.]+) s on average; "
                         r"the coordinator's own work ([\d.]+) s", result.stdout)
        return {"wall": wall, "cluster": float(line[2]), "task": float(line[3]), "coordinator": float(line[4])}
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assignment", default="cnn_step_by_step")
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; {args.students} submissions of {args.assignment}")
    print(f"{'workers':>7} {'make grade':>10} {'on cluster':>10} {'per minute':>10} {'task s':>7} {'coordinator s':>13}")
    for workers in args.workers:
        with tempfile.TemporaryDirectory(prefix="cnn-dask-bench-") as tmp:
            r = run(args.assignment, args.students, workers, Path(tmp))
        print(f"{workers:7d} {r['wall']:9.0f}s {r['cluster']:9.0f}s {args.students / r['cluster'] * 60:10.1f} "
              f"{r['task']:7.1f} {r['coordinator']:13.2f}", flush=True)


if __name__ == "__main__":
    main()
