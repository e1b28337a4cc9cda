"""The Application assignment: its source notebook is well-formed, its release is current and
hides the answers, and nbgrader grades it like the first one (reference 100, stubs 0), after
training the network to the accuracy the README states."""

import csv
import filecmp
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator

from conftest import ROOT, course, errors, notebooks, stdout

ASSIGNMENT = "cnn_application"
SOURCE = ROOT / "source" / ASSIGNMENT
RELEASE = ROOT / "release" / ASSIGNMENT
FUNCTIONS = ["conv_forward_fast", "conv_backward_fast", "pool_forward_fast", "pool_backward_fast", "relu", "fc",
             "softmax_cross_entropy", "model_forward", "model_backward", "adam_update", "predict"]


@pytest.fixture(scope="module")
def source_app():
    return notebooks.read(SOURCE / f"{ASSIGNMENT}.ipynb")


@pytest.fixture(scope="module")
def release_app():
    return notebooks.read(RELEASE / f"{ASSIGNMENT}.ipynb")


def test_source_is_valid_with_outputs_cleared(source_app):
    nbformat.validate(source_app)
    MetadataValidator().validate_nb(source_app)
    assert not [cell.id for cell in source_app.cells if cell.cell_type == "code" and cell.outputs]


def test_one_test_cell_per_exercise_with_hidden_cases_and_100_points(source_app):
    graded = notebooks.graded_cells(source_app)
    assert list(notebooks.solution_cells(source_app)) == FUNCTIONS
    assert list(graded) == [f"test_{name}" for name in FUNCTIONS]
    assert sum(graded.values()) == 100 and all(points > 0 for points in graded.values())
    for cell in source_app.cells:
        if notebooks.nbgrader_metadata(cell).get("grade"):
            assert "### BEGIN HIDDEN TESTS" in cell.source, cell.id
    for grade_id, cell in notebooks.solution_cells(source_app).items():
        assert "### BEGIN SOLUTION" in cell.source and re.search(rf"^def {grade_id}", cell.source, re.M), grade_id


def test_test_cell_ids_are_unique_across_the_course(source_app):
    """check.selfcheck("relu") finds test_relu among the tests of every assignment."""
    first = notebooks.read(ROOT / "source" / "cnn_step_by_step" / "cnn_step_by_step.ipynb")
    ids = [grade_id for nb in (first, source_app) for grade_id in notebooks.graded_cells(nb)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_release_has_stubs_and_no_answers_or_hidden_cases(release_app):
    text = "\n".join(cell.source for cell in release_app.cells)
    for secret in ["BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "_reference", "_student_layers", "default_rng(606)",
                   "cols.T @ dZ_rows"]:
        assert secret not in text, secret
    for grade_id, cell in notebooks.solution_cells(release_app).items():
        assert "raise NotImplementedError()" in cell.source, grade_id
    for path in RELEASE.rglob("*.py"):
        assert "BEGIN HIDDEN TESTS" not in path.read_text() and "def conv_forward_fast" not in path.read_text()


def test_release_ships_the_course_checks_and_the_data():
    assert filecmp.cmp(SOURCE / "cnn_checks.py", ROOT / "source" / "cnn_step_by_step" / "cnn_checks.py",
                       shallow=False), "run `make release`: cnn_checks.py is copied from the first assignment"
    names = sorted(p.relative_to(RELEASE).as_posix() for p in RELEASE.rglob("*") if p.is_file())
    assert names == ["cnn_app_utils.py", "cnn_application.ipynb", "cnn_checks.py", "datasets/digits.h5"]


@pytest.fixture(scope="module")
def graded_app(tmp_path_factory, source_app):
    """A temporary course with two Application submissions (the solutions; the untouched
    release) graded by `make grade ASSIGNMENT=cnn_application` (nbgrader's autograde, feedback
    and export, in the OS sandbox: read-only notebook folder, memory and CPU limits)."""
    from cnn_course.grading import sandbox_available

    assert sandbox_available(), "bubblewrap and setpriv as root are needed: .ci/run installs bubblewrap"
    root = course.copy_course(tmp_path_factory.mktemp("app_course"))
    course.generate_release(ASSIGNMENT, course=root)
    released = root / "release" / ASSIGNMENT
    release_nb = notebooks.read(released / f"{ASSIGNMENT}.ipynb")
    for student, nb in [("solver", notebooks.fill_solutions(release_nb, source_app)), ("untouched", release_nb)]:
        folder = course.submission_folder(root, student, ASSIGNMENT)
        shutil.copytree(released, folder)
        notebooks.write(nb, folder / f"{ASSIGNMENT}.ipynb")
    result = subprocess.run([sys.executable, "-m", "cnn_course", "grade", ASSIGNMENT, "--jobs", "2"], cwd=root,
                            env=course.environment(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, result.stdout


def test_make_grade_reports_100_for_the_reference_and_0_for_the_stubs(graded_app):
    root, output = graded_app
    assert "UNISOLATED" not in output
    assert re.search(r"^solver +100/100 +graded$", output, re.M), output
    assert re.search(r"^untouched +0/100 +graded$", output, re.M), output
    with open(root / "reports" / ASSIGNMENT / "grades.csv") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert {student: float(row["score"]) for student, row in rows.items()} == {"solver": 100.0, "untouched": 0.0}
    assert float(rows["solver"]["conv_forward_fast"]) == 15, "a column per function"
    assert "the reference solution gets 100/100 in the sandbox" in output


def test_reference_gets_100_and_the_stubs_0(graded_app):
    graded_app, _ = graded_app
    scores = course.class_scores(ASSIGNMENT, ["solver", "untouched"], course=graded_app)
    assert sum(s for s, _ in scores["solver"].values()) == 100, scores["solver"]
    assert sum(s for s, _ in scores["untouched"].values()) == 0
    assert len(scores["untouched"]) == len(FUNCTIONS)
    html = (graded_app / "feedback" / "untouched" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "is not implemented yet" in html and "BEGIN HIDDEN TESTS" not in html


def test_graded_reference_trains_to_98_percent_with_every_figure(graded_app):
    """Run by the autograder, the reference notebook trains the CNN to at least 98% test
    accuracy (the README's figure) and draws every figure, with no error anywhere."""
    graded_app, _ = graded_app
    nb = notebooks.read(graded_app / "autograded" / "solver" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    assert errors(nb) == []
    text = stdout(nb)
    accuracy, seconds = re.search(r"test accuracy ([\d.]+)% \(\d+/359\) after ([\d.]+) s", text).groups()
    assert float(accuracy) >= 98.0, text[-2000:]
    print(f"\ngraded reference: test accuracy {accuracy}% after {seconds} s of training")
    assert re.search(r"loss at initialization: 2\.[23]\d+ +ln\(10\) = 2\.3026", text)
    assert "overfitting 50 images: train accuracy 100%" in text
    assert "same predictions after reloading: True" in text
    assert float(re.search(r"gradient check: relative error ([\d.e+-]+)", text).group(1)) < 1e-6
    figures = {cell.get("id", "").replace("-", "_") for cell in nb.cells
               if cell.cell_type == "code" for out in cell.outputs if "image/png" in out.get("data", {})}
    assert {"load_data", "learning_curves", "confusion_matrix", "filters", "feature_maps",
            "misclassified"} <= figures, figures
