"""Unit tests of make grade's pieces that need no kernel: staging, the release comparison,
the timed-out cell, the fingerprints and handing files back to the course owner."""

import os
import shutil

import nbformat
import pytest

from cnn_course import ASSIGNMENTS, execute, grade_worker, gradestate, grading, limits, preflight
from conftest import ASSIGNMENT, RELEASE, ROOT, SOURCE, notebooks

pytestmark = pytest.mark.fast   # part of `make test-fast`


def test_stage_copies_files_and_leaves_out_links(tmp_path):
    submission = tmp_path / "submitted"
    (submission / "data").mkdir(parents=True)
    (submission / f"{ASSIGNMENT}.ipynb").write_text("{}")
    (submission / "data" / "x.npy").write_bytes(b"123")
    (submission / "to_source").symlink_to(ROOT / "source")
    (submission / "dangling.py").symlink_to(tmp_path / "nothing-here")
    (submission / "data" / "gradebook.db").symlink_to(ROOT / "gradebook.db")
    reasons = preflight.stage(submission, tmp_path / "staged")
    staged = sorted(str(p.relative_to(tmp_path / "staged")) for p in (tmp_path / "staged").rglob("*"))
    assert staged == sorted(["data", "data/x.npy", f"{ASSIGNMENT}.ipynb"])
    assert len(reasons) == 1 and all(name in reasons[0] for name in ["to_source", "dangling.py", "gradebook.db"])


def release_nb():
    return notebooks.read(RELEASE / f"{ASSIGNMENT}.ipynb")


def test_an_edited_test_cell_is_listed_but_a_cell_of_an_earlier_release_is_not():
    release = release_nb()
    edited = nbformat.from_dict(release)
    cell = next(c for c in edited.cells if notebooks.nbgrader_metadata(c).get("grade_id") == "test_conv_forward")
    cell.source = "print('all tests passed')"
    cell.metadata.nbgrader["points"] = 50
    assert preflight.compare_with_release(edited, release) == [
        "edited locked cell test_conv_forward (restored for grading)",
        "changed the points of test_conv_forward (restored for grading)"]
    cell.metadata.nbgrader["checksum"] = "from-an-earlier-release"     # the instructor changed it since
    assert preflight.compare_with_release(edited, release) == []


@pytest.mark.parametrize("name", ["timestamp.txt", "submission_secret.txt", ".ipynb_checkpoints/x.ipynb",
                                  "__pycache__/m.cpython-311.pyc"])
def test_nbgraders_own_files_are_no_reason_for_review(tmp_path, name):
    folder = tmp_path / ASSIGNMENT
    shutil.copytree(RELEASE, folder)
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("x")
    files = {p.relative_to(RELEASE) for p in RELEASE.rglob("*")}
    ok, reasons, name_submitted = preflight.preflight(folder, ASSIGNMENT, release_nb(), files,
                                                      ignore=[".ipynb_checkpoints", "*.pyc", "__pycache__"])
    assert ok and reasons == [] and name_submitted == f"{ASSIGNMENT}.ipynb"


def test_a_wrongly_named_notebook_is_graded_under_the_right_name(tmp_path):
    folder = tmp_path / ASSIGNMENT
    shutil.copytree(RELEASE, folder)
    (folder / f"{ASSIGNMENT}.ipynb").rename(folder / f"{ASSIGNMENT} (1).ipynb")
    files = {p.relative_to(RELEASE) for p in RELEASE.rglob("*")}
    ok, reasons, submitted_name = preflight.preflight(folder, ASSIGNMENT, release_nb(), files)
    assert ok and submitted_name == f"{ASSIGNMENT} (1).ipynb"
    assert sorted(p.name for p in folder.glob("*.ipynb")) == [f"{ASSIGNMENT}.ipynb"]
    assert reasons == [f"notebook named {ASSIGNMENT} (1).ipynb, graded as {ASSIGNMENT}.ipynb"]


def test_the_timed_out_cell_is_named():
    nb = release_nb()
    index = next(i for i, c in enumerate(nb.cells) if notebooks.nbgrader_metadata(c).get("grade_id") == "test_zero_pad")
    loop = nbformat.v4.new_code_cell("\n  while True:\n    pass")
    nb.cells.insert(index + 1, loop)
    where = execute.describe(nb, loop)
    assert where == f"cell {index + 2} of {len(nb.cells)} (below test_zero_pad): while True:"
    log = f"[AutogradeApp | WARNING] {execute.TIMEOUT_MARKER} {where}\n[AutogradeApp | INFO] next"
    assert grade_worker.timed_out_cells(log) == [where]


def test_the_tests_fingerprint_follows_hidden_tests_and_points(tmp_path):
    shutil.copytree(ROOT / "source" / ASSIGNMENT, tmp_path / "source" / ASSIGNMENT)
    path = tmp_path / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    first = gradestate.tests_fingerprint(tmp_path, ASSIGNMENT)
    nb = notebooks.read(path)
    prose = next(c for c in nb.cells if c.cell_type == "markdown")
    prose.source += "\nA clearer sentence."
    notebooks.write(nb, path)
    assert gradestate.tests_fingerprint(tmp_path, ASSIGNMENT) == first, "prose does not change the grades"
    test = next(c for c in nb.cells if notebooks.nbgrader_metadata(c).get("grade_id") == "test_pool_forward")
    test.metadata.nbgrader["points"] = 14
    notebooks.write(nb, path)
    second = gradestate.tests_fingerprint(tmp_path, ASSIGNMENT)
    assert second != first
    test.source = test.source.replace("### END HIDDEN TESTS", "pass\n### END HIDDEN TESTS")
    notebooks.write(nb, path)
    assert gradestate.tests_fingerprint(tmp_path, ASSIGNMENT) not in (first, second)


def test_the_submission_fingerprint_does_not_follow_links(tmp_path):
    (tmp_path / "a").write_text("x")
    (tmp_path / "link").symlink_to("/dev/zero")        # read through, it would never end
    first = gradestate.folder_fingerprint(tmp_path)
    (tmp_path / "a").write_text("y")
    assert gradestate.folder_fingerprint(tmp_path) != first


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give files away")
def test_grading_as_root_gives_the_course_back_to_its_owner(tmp_path):
    root = tmp_path / "course"
    (root / "autograded" / "alice").mkdir(parents=True)
    (root / "autograded" / "alice" / "x.ipynb").write_text("{}")
    (root / "gradebook.db").write_text("")
    os.chown(root, 65534, 65534)
    grading.give_back(root, [root / "gradebook.db", root / "autograded", root / "feedback"])
    for path in [root / "gradebook.db", root / "autograded", root / "autograded" / "alice" / "x.ipynb"]:
        assert (path.stat().st_uid, path.stat().st_gid) == (65534, 65534), path
    os.chown(root, 0, 0)          # a root-owned course keeps root's files
    (root / "reports").mkdir()
    grading.give_back(root, [root / "reports"])
    assert (root / "reports").stat().st_uid == 0


class FakeWorker:
    """A grading worker that grades everyone and hangs on one student's feedback page."""

    def __init__(self, calls, hangs_on):
        self.calls, self.hangs_on, self.closed = calls, hangs_on, False

    def grade(self, student):
        return {"autograde": {"success": True, "log": ""}}

    def feedback(self, students, limit=None):
        self.calls.append((list(students), limit))
        return None if self.hangs_on in students else True     # None: killed after `limit` seconds

    def close(self):
        self.closed = True


def test_a_feedback_page_that_hangs_stops_no_one_elses():
    from queue import Queue

    calls, started = [], []

    def start_worker():
        started.append(FakeWorker(calls, hangs_on="b"))
        return started[-1]

    queue = Queue()
    for student in ["a", "b", "c"]:
        queue.put(student)
    done = []
    last = grading.run_job(None, start_worker, queue, grading.Feedback(1), lambda *args: done.append(args[0]))
    assert done == ["a", "b", "c"]
    assert [students for students, _ in calls] == [["a", "b", "c"], ["a"], ["b"], ["c"]]
    assert calls[0][1] == grading.FEEDBACK_LIMIT * 4 and calls[1][1] == grading.FEEDBACK_LIMIT
    assert [w.closed for w in started] == [True, True, False] and last is started[-1]


# ------------------------------------------------------------ grading outside the kernel

def test_the_kernel_gets_the_cell_without_its_hidden_tests():
    from cnn_course import outside

    cell = ("### BEGIN HIDDEN TESTS\n# (in the kernel too: imports)\nimport numpy as np\n### END HIDDEN TESTS\n"
            "x = 1\n### BEGIN HIDDEN TESTS\nsecret = _reference(x)\n### END HIDDEN TESTS\nprint(x)\n")
    kernel, hidden = outside.split_cell(cell)
    assert hidden and "secret" not in kernel and "_reference" not in kernel
    assert "import numpy as np" in kernel and kernel.endswith("print(x)\n")
    assert outside.split_cell("print(1)\n") == ("print(1)\n", False)
    assert outside.free_names(cell) == ["_reference"]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_test_cell_substitutes_only_functions_graded_above(assignment):
    """A correct version in the kernel is no answer to borrow only if its function was graded
    before: the test cells that substitute name only functions of earlier test cells (a
    ``**_text_layers()`` counts as the names that reference function returns)."""
    import ast

    from cnn_course import references

    nb = notebooks.read(ROOT / "source" / assignment / f"{assignment}.ipynb")
    graded = []
    for cell in nb.cells:
        meta = notebooks.nbgrader_metadata(cell)
        if not meta.get("grade"):
            continue
        calls = [node for node in ast.walk(ast.parse(cell.source)) if isinstance(node, ast.Call)
                 and isinstance(node.func, ast.Attribute) and node.func.attr == "substitute"]
        names = {keyword.arg for call in calls for keyword in call.keywords if keyword.arg}
        names |= {name for call in calls for keyword in call.keywords if keyword.arg is None
                  for name in getattr(references, keyword.value.func.id)()}
        if names:
            # test_relu grades relu_forward and relu_backward, test_fc fc_forward and fc_backward
            earlier = {f"{function}{part}" for function in graded for part in ["", "_forward", "_backward"]}
            assert names <= earlier, (meta["grade_id"], names - earlier)
            assert "check.end_substitutes()" in cell.source, meta["grade_id"]
        graded.append(meta["grade_id"].removeprefix("test_"))
    assert graded


def test_values_cross_between_kernel_and_grader_with_their_identity():
    import numpy as np

    checks = outside_checks()
    A, hp = np.arange(6.0).reshape(2, 3), {"stride": 2}
    given = [[A, hp], {}]
    arrays = {}
    sent = checks.encode((A * 2, (A, hp), np.float32(1.5), [1, "x"], np.float64, np.dtype("float32")), arrays,
                         checks.paths(given))
    back = checks.decode(sent, arrays, given)
    assert back[1][0] is A and back[1][1] is hp, "the receiver's own inputs, so identity checks hold"
    assert np.array_equal(back[0], A * 2) and type(back[2]) is np.float32 and back[2] == 1.5
    assert back[3] == [1, "x"] and back[4] is np.float64 and back[5] == np.dtype("float32")

    class Sneaky(np.ndarray):
        pass

    faked = checks.decode(checks.encode(A.view(Sneaky), {}), {})
    assert type(faked).__name__ == "Sneaky" and not isinstance(faked, np.ndarray)
    assert isinstance(checks.decode({"$array": "missing"}, {}), checks.Foreign)
    assert isinstance(checks.decode({"$arg": [5, 5]}, {}, given), checks.Foreign)


def outside_checks():
    from cnn_course import outside

    return outside.Assignment(SOURCE).checks


def test_an_assignment_may_give_named_cells_more_time(tmp_path, monkeypatch):
    """[limits] cell_seconds in assignment.toml: those cells get more than Execute.timeout (capped
    at limits.CELL_SECONDS_MAX), every other cell keeps it."""
    (tmp_path / "source" / "slow").mkdir(parents=True)
    (tmp_path / "source" / "slow" / "assignment.toml").write_text(
        "[limits]\ncell_seconds = { train = 120, forever = 100000 }\n")
    assert limits.cell_seconds(tmp_path / "source" / "slow") == {"train": 120, "forever": limits.CELL_SECONDS_MAX}
    assert limits.cell_seconds(tmp_path) == {}
    assert limits.cell_seconds(ROOT / "source" / "cnn_text")["train_rand"] > limits.CELL_SECONDS
    monkeypatch.chdir(tmp_path)
    guarded = execute.GuardedExecute(timeout=30)
    guarded._resources_for_outside, guarded._long_cells = {"nbgrader": {"assignment": "slow"}}, None

    def cell(grade_id):
        return nbformat.v4.new_code_cell("pass", metadata={"nbgrader": {"grade_id": grade_id}})

    assert [guarded._get_timeout(cell(g)) for g in ("train", "forever", "other")] == [120, limits.CELL_SECONDS_MAX, 30]
    assert guarded._get_timeout(nbformat.v4.new_code_cell("pass")) == 30


@pytest.mark.fast
def test_a_task_that_kills_its_workers_is_listed_for_review_with_that_reason():
    """distributed.py: the scheduler gives up on a task that killed `allowed-failures` workers
    (KilledWorker); the student is reported with a reason, not retried for ever."""
    from distributed.scheduler import KilledWorker

    from cnn_course import distributed

    assert "killed Dask workers" in distributed._task_failure(KilledWorker("grade-x", "tcp://w:1", 3))
    assert "ValueError: bad" in distributed._task_failure(ValueError("bad"))


def test_a_gradebook_password_that_would_travel_to_the_workers_is_noticed():
    from cnn_course import distributed

    assert distributed._url_password("postgresql://grader:s3cret@db.example.org/course") == "s3cret"
    assert distributed._url_password("postgresql://grader@db.example.org/course") is None
    assert distributed._url_password("sqlite:////srv/course/gradebook.db?timeout=60") is None


@pytest.mark.fast
def test_a_failure_of_the_grading_machines_is_graded_again_by_the_next_run(tmp_path):
    """A student failed by the submission (a cell that never ends) stays failed until it
    changes; one failed by the machinery (a lost Dask task, a result not recorded: retry) is
    graded again by the next run."""
    from cnn_course import course

    root = course.copy_course(tmp_path / "course")
    tests = gradestate.tests_fingerprint(root, ASSIGNMENT)
    for student, retry in [("own_fault", False), ("machines_fault", True)]:
        folder = course.submission_folder(root, student, ASSIGNMENT)
        folder.mkdir(parents=True)
        (folder / f"{ASSIGNMENT}.ipynb").write_text("{}")
        gradestate.write(root / "autograded", ASSIGNMENT, student,
                         {"submission": gradestate.folder_fingerprint(folder), "tests": tests, "status": "failed",
                          "reasons": ["x"], "retry": retry})
    assert gradestate.decide(root, ASSIGNMENT, ["own_fault", "machines_fault"], False) == \
        {"machines_fault": "the grading machines failed it last time"}


def test_what_travels_to_a_worker_is_the_same_zip_for_the_same_files(tmp_path):
    from cnn_course import distributed

    (tmp_path / "a" / "sub").mkdir(parents=True)
    (tmp_path / "a" / "sub" / "x.txt").write_text("x")
    (tmp_path / "a" / "y.txt").write_text("y")
    first = distributed.folder_zip(tmp_path / "a")
    assert distributed.folder_zip(tmp_path / "a") == first
    out = distributed.unzip(first, tmp_path / "b")
    assert (out / "sub" / "x.txt").read_text() == "x" and (out / "y.txt").read_text() == "y"
    assert distributed.folder_zip(tmp_path / "a", only=["sub"]) != first
    import io
    import zipfile

    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../outside.txt", "no")
    with pytest.raises(ValueError, match="outside"):
        distributed.unzip(evil.getvalue(), tmp_path / "c")
