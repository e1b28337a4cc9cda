"""The Application assignment: its source notebook is well-formed, its release is current and
hides the answers, and nbgrader grades it like the first one (reference 100, stubs 0), after
training the network to the accuracy docs/notebooks.md states."""

import csv
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, course, errors, notebooks, stdout

ASSIGNMENT = "cnn_application"
SOURCE = ROOT / "source" / ASSIGNMENT
RELEASE = ROOT / "release" / ASSIGNMENT


@pytest.fixture(scope="module")
def source_app():
    return notebooks.read(SOURCE / f"{ASSIGNMENT}.ipynb")


@pytest.fixture(scope="module")
def release_app():
    return notebooks.read(RELEASE / f"{ASSIGNMENT}.ipynb")






def test_release_holds_no_answer(release_app):
    text = "\n".join(cell.source for cell in release_app.cells)
    assert "cols.T @ dZ_rows" not in text
    for path in RELEASE.rglob("*.py"):
        assert "def conv_forward_fast" not in path.read_text(), path


def test_release_ships_the_course_checks_and_the_data():
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
    assert len(scores["untouched"]) == len(notebooks.graded_cells(notebooks.read(SOURCE / f"{ASSIGNMENT}.ipynb")))
    html = (graded_app / "feedback" / "untouched" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "is not implemented yet" in html and "BEGIN HIDDEN TESTS" not in html


def test_graded_reference_trains_to_98_percent_with_every_figure(graded_app):
    """Run by the autograder, the reference notebook trains the CNN to at least 98% test
    accuracy (the figure in docs/notebooks.md) and draws every figure, with no error anywhere."""
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
