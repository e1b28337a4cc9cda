"""`make grade` on a class of hostile and broken submissions (tests/hostile.py): it finishes,
gives each its right score, lists each for review with a reason (and only those with a real
one), keeps everyone else's grade, never writes into submitted/, and the sandbox keeps student
code away from the course; re-runs are idempotent and resume; parallel grading stores exactly
the grades sequential `nbgrader autograde` stores."""

import csv
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import hostile
from conftest import ASSIGNMENT, course, notebooks

TIMEOUT_FOR_TESTS = 10   # seconds per cell in these temporary courses (the course uses 30)


class Base:
    def __init__(self, root, source_nb):
        self.release_dir = root / "release" / ASSIGNMENT
        self.release = notebooks.read(self.release_dir / f"{ASSIGNMENT}.ipynb")
        self.source = source_nb

    def solved(self, **replacements):
        return notebooks.fill_solutions(self.release, self.source, replacements)


def make_course(path, source_nb):
    root = course.copy_course(path)
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.Execute.timeout = {TIMEOUT_FOR_TESTS}\n")
    course.generate_release(ASSIGNMENT, course=root)
    return root, Base(root, source_nb)


def run_grade(root, *args, expect=0, jobs=2):
    env = course.environment()
    env.pop("PYTHONDONTWRITEBYTECODE", None)   # as on an instructor's machine: nothing may appear in source/
    result = subprocess.run([sys.executable, "-m", "cnn_course", "grade", ASSIGNMENT, "--jobs", str(jobs), *args],
                            cwd=root, env=env, capture_output=True, text=True, timeout=1800)
    assert result.returncode == expect, result.stdout + result.stderr
    return result.stdout + result.stderr


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(folder):
    """{relative path: sha256 (or the link target)} of everything under a folder."""
    return {str(p.relative_to(folder)): (f"-> {p.readlink()}" if p.is_symlink() else sha(p) if p.is_file() else "dir")
            for p in sorted(folder.rglob("*"))}


def grades_csv(root):
    with open(root / "reports" / ASSIGNMENT / "grades.csv") as handle:
        return {row["student_id"]: row for row in csv.DictReader(handle)}


def review_csv(root):
    with open(root / "reports" / ASSIGNMENT / "review.csv") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory, source_nb):
    from cnn_course.grading import sandbox_available

    assert sandbox_available(), "bubblewrap and setpriv as root are needed: .ci/run installs bubblewrap"
    root, base = make_course(tmp_path_factory.mktemp("class"), source_nb)
    expected = {name: build(course.submission_folder(root, name, ASSIGNMENT), base)
                for name, build in hostile.CASES.items()}
    before = {"config": sha(root / "nbgrader_config.py"),
              "source": sorted(p.name for p in (root / "source" / ASSIGNMENT).iterdir()),
              "submitted": tree(root / "submitted")}
    output = run_grade(root)
    print(output)
    return root, expected, before, output


def _state(root, student):
    return json.loads((root / "autograded" / ".grading" / ASSIGNMENT / f"{student}.json").read_text())


def _scores(root, student):
    try:
        return course.scores(ASSIGNMENT, student, course=root)
    except Exception:
        return {}


def test_grading_ran_in_the_sandbox(graded_class):
    _, _, _, output = graded_class
    assert "in the sandbox" in output and "UNISOLATED" not in output


@pytest.mark.parametrize("name", list(hostile.CASES))
def test_each_submission_gets_its_right_score_and_reason(graded_class, name):
    root, expected, _, output = graded_class
    want = expected[name]
    state = _state(root, name)
    scores = _scores(root, name)
    for grade_id, score in want["scores"].items():
        if score is None:
            assert grade_id not in scores, f"{name}: {grade_id} was graded"
        else:
            assert scores.get(grade_id, (None,))[0] == score, (name, grade_id, scores)
    total = sum(s for s, _ in scores.values()) if state["status"] == "graded" else 0
    assert total == want["total"], (name, state, scores)
    assert sum(m for _, m in scores.values()) in (0, 100), "points changed"
    review = [row for row in review_csv(root) if row["student_id"] == name]
    if want["review"]:
        assert any(want["review"] in reason for reason in state["reasons"]), (name, state["reasons"])
        assert re.search(rf"^  {re.escape(name)}: .*{re.escape(want['review'])}", output, re.M), output
        assert any(want["review"] in row["reason"] for row in review), review
    else:   # only real problems are listed: not the exchange's timestamp.txt or submission_secret.txt
        allowed = want.get("may_review")
        assert all(allowed and allowed in row["reason"] for row in review), (review, output)
        assert all(allowed and allowed in line for line in re.findall(rf"^  {re.escape(name)}: .*", output, re.M)), \
            output
    if want.get("cell"):
        assert any(want["cell"] in row["cell"] for row in review), review
    row = grades_csv(root)[name]
    assert float(row["score"]) == want["total"], row
    for grade_id, score in want["scores"].items():        # a column per function
        if score is not None:
            assert float(row[grade_id.removeprefix("test_")]) == score, (grade_id, row)


def test_grading_never_writes_into_submitted(graded_class):
    """submitted/ is nbgrader's input: renamed notebooks, old nbformats, duplicated test cells
    are fixed in a private copy, never in the students' files."""
    root, _, before, _ = graded_class
    assert tree(root / "submitted") == before["submitted"]


def test_student_code_could_not_read_or_write_the_course(graded_class):
    root, _, before, _ = graded_class
    assert sha(root / "nbgrader_config.py") == before["config"]
    assert sorted(p.name for p in (root / "source" / ASSIGNMENT).iterdir()) == before["source"]
    assert (course.submission_folder(root, "control_correct", ASSIGNMENT) / f"{ASSIGNMENT}.ipynb").exists()
    assert not list(root.parent.rglob("PWNED"))

    def printed(student):
        nb = notebooks.read(root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
        return "".join(out.get("text", "") for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs)

    reads = printed("reads_hidden_tests")    # "<path> True" for a file holding hidden tests
    assert "FOUND" in reads and not re.search(r" True$", reads, re.M), reads
    writes = printed("writes_outside_its_folder")
    assert "WRITTEN" not in writes and writes.count("blocked") == 5, writes
    disk = printed("fills_its_disk")
    assert re.search(r"DISK FULL after (\d+) MiB", disk) and int(re.search(r"after (\d+)", disk).group(1)) <= 256, disk
    links = printed("symlinks_in_the_submission")
    assert "READ" not in links and links.count("blocked") == 2, links
    assert not list(Path("/tmp").glob("cnn-pwned-*")), "a symbolic link was written through"
    assert "DEEP TREE made" in printed("deep_tree_in_its_sockets_folder")
    flood = root / "autograded" / "floods_the_worker_with_images" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert flood.stat().st_size < 80 * 1024 ** 2, "the worker kept the whole flood"
    assert "the grader kept the first 50 MB" in printed("floods_the_worker_with_images")


def test_the_hidden_tests_reach_neither_the_kernel_nor_feedback(graded_class):
    """The hidden tests run outside the kernel: its input history, its source cache and what a
    student's code can put into an error message hold none of their code."""
    root = graded_class[0]

    def printed(student):
        nb = notebooks.read(root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
        return "".join(out.get("text", "") + out.get("evalue", "") for cell in nb.cells if cell.cell_type == "code"
                       for out in cell.outputs)

    history = printed("prints_the_input_history")
    assert "ECHO" in history and "conv_forward: all tests passed." in history, history[-3000:]
    for student in ["prints_the_input_history", "leaks_frames_into_its_error", "borrows_the_hidden_reference"]:
        for marker in hostile.HIDDEN_MARKERS:
            assert marker not in printed(student), (student, marker)
    for student in ["prints_the_input_history", "leaks_frames_into_its_error"]:   # (the borrower's own code names them)
        page = (root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
        for marker in hostile.HIDDEN_MARKERS:
            assert marker not in page, (student, marker)
    assert "LEAK" in printed("leaks_frames_into_its_error")


def kernels_left():
    """Processes of grading kernels (their user ids start at sandbox.UID_BASE) still running."""
    from cnn_course.sandbox import UID_BASE

    left = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            uid = int(next(line for line in status.read_text().splitlines() if line.startswith("Uid:")).split()[1])
        except (OSError, StopIteration, ValueError):
            continue
        if uid >= UID_BASE:
            left.append(status.parent.name)
    return left


HOG = """
import os, time
for _ in range(60):                      # busy processes, each in a session of its own
    if os.fork() == 0:
        os.setsid()
        end = time.time() + 40
        while time.time() < end:
            pass
        os._exit(0)
print("HOG started")
"""
FORK_BOMB = """
import os, time
children = 0
try:
    while children < 5000:
        if os.fork() == 0:
            os.setsid()
            time.sleep(40)
            os._exit(0)
        children += 1
except OSError as error:
    print("FORK BOMB stopped after", children, type(error).__name__)
"""


def test_a_cpu_hog_and_a_fork_bomb_do_not_slow_the_student_beside_them(tmp_path, source_nb):
    """Graded at the same time (three jobs): a submission that keeps 60 processes busy and one
    that forks until it may not; the honest student beside them keeps exactly full marks, and
    when grading ends no process of theirs is left.  (Their own grades are whatever their
    kernels managed: the hog's is too slow to answer an interrupt, the fork bomb's children
    break its connection to nbgrader.)"""
    root, base = make_course(tmp_path / "neighbours", source_nb)
    for student, nb in [("a_hog", hostile.with_cell(base.solved(), "packages", HOG)),
                        ("b_fork_bomb", hostile.with_cell(base.solved(), "packages", FORK_BOMB)),
                        ("c_honest", base.solved())]:
        hostile.save(course.submission_folder(root, student, ASSIGNMENT), nb, base)
    output = run_grade(root, jobs=3)
    print(output)
    assert "no control groups" not in output
    assert course.scores(ASSIGNMENT, "c_honest", course=root) == \
        {grade_id: (float(points), float(points)) for grade_id, points in hostile.FULL.items()}
    assert not re.search(r"^  c_honest: ", output, re.M), output
    assert kernels_left() == []


PLANT = """
import json, os, tempfile
from ipykernel.connect import get_connection_file
sockets = os.path.dirname(json.load(open(get_connection_file()))["ip"])
startup = os.path.expanduser("~/.ipython/profile_default/startup")
os.makedirs(startup, exist_ok=True)
for folder in [startup, tempfile.gettempdir(), "/dev/shm", sockets]:
    try:
        with open(os.path.join(folder, "00-planted.py"), "w") as planted:
            planted.write("print('PLANTED CODE RAN')\\n")
        print("planted in", folder)
    except OSError as error:
        print("not planted in", folder, type(error).__name__)
"""
LOOK = """
import json, os, tempfile
from ipykernel.connect import get_connection_file
sockets = os.path.dirname(json.load(open(get_connection_file()))["ip"])
for folder in [os.path.expanduser("~/.ipython/profile_default/startup"), tempfile.gettempdir(), "/dev/shm", sockets]:
    print("LOOKING", os.path.exists(os.path.join(folder, "00-planted.py")))
"""


def test_nothing_a_kernel_writes_reaches_the_next_student(tmp_path, source_nb):
    """One job: the first student plants an IPython start-up script in its home and files in
    every folder it can write; the next student of the same worker finds none of them."""
    root, base = make_course(tmp_path / "planted", source_nb)
    hostile.save(course.submission_folder(root, "a_planter", ASSIGNMENT),
                 hostile.with_cell(base.solved(), "packages", PLANT), base)
    hostile.save(course.submission_folder(root, "b_next", ASSIGNMENT),
                 hostile.with_cell(base.solved(), "packages", LOOK), base)
    run_grade(root, jobs=1)

    def printed(student):
        nb = notebooks.read(root / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
        return "".join(out.get("text", "") for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs)

    assert printed("a_planter").count("planted in") == 4, printed("a_planter")
    assert printed("b_next").count("LOOKING False") == 4 and "PLANTED" not in printed("b_next"), printed("b_next")
    assert sum(course.scores(ASSIGNMENT, "b_next", course=root)[g][0] for g in hostile.FULL) == 100


def test_regrading_is_idempotent_and_resumes(graded_class):
    root, _, _, _ = graded_class
    before = {name: _scores(root, name) for name in hostile.CASES}
    output = run_grade(root)
    assert f"0 to grade, {len(hostile.CASES)} unchanged since graded" in output, output
    assert not re.search(r"^\[\s*\d+/\d+\]", output, re.M), "nothing should be graded again"
    assert "reference solution" not in output, "no environment check when nothing is graded"
    # an interrupted run: one student's grading never finished (no record, half a graded copy)
    (root / "autograded" / ".grading" / ASSIGNMENT / "control_wrong_conv_forward.json").unlink()
    shutil.rmtree(root / "autograded" / "control_wrong_conv_forward" / ASSIGNMENT / "data")
    output = run_grade(root)
    assert re.search(r"^\[1/1\] control_wrong_conv_forward graded", output, re.M), output
    assert {name: _scores(root, name) for name in hostile.CASES} == before


def test_parallel_grades_equal_sequential_nbgrader(tmp_path, source_nb):
    wrong = {"conv_forward": hostile.WRONG_CONV_FORWARD,
             "pool_backward": (hostile.CORPUS / "wrong" / "pool_backward__gradient_at_window_corner.py").read_text()}
    roots = []
    for name in ["sequential", "parallel"]:
        root, base = make_course(tmp_path / name, source_nb)
        for student, nb in [("right", base.solved()), ("stub", base.release),
                            ("one_wrong", base.solved(conv_forward=wrong["conv_forward"])),
                            ("two_wrong", base.solved(**wrong))]:
            hostile.save(course.submission_folder(root, student, ASSIGNMENT), nb, base)
        roots.append(root)
    course.nbgrader("autograde", ASSIGNMENT, course=roots[0])
    run_grade(roots[1])
    for student in ["right", "stub", "one_wrong", "two_wrong"]:
        assert course.scores(ASSIGNMENT, student, course=roots[0]) == course.scores(ASSIGNMENT, student, course=roots[1])
    assert sum(s for s, _ in course.scores(ASSIGNMENT, "two_wrong", course=roots[1]).values()) == 65
