"""What a learner sees when a test fails, in the released notebook run as they run it.

- A wrong helper does not blame its correct caller: with a wrong conv_single_step, the test of
  a correct conv_forward says that conv_single_step must be fixed first (and the autograder
  gives conv_forward its points: tests/test_corpus.py).
- A failure is its message, not 20-40 lines of traceback ending in the course's checks
  (``CheckFailed._render_traceback_``), with the learner's own failing line when their code
  raised, and a hint for the likely cause (float(b): b.item()).
"""

import pytest

from conftest import ASSIGNMENT, RELEASE, execute, notebooks

CORPUS = RELEASE.parent.parent / "tests" / "corpus" / "cnn_step_by_step" / "wrong"


@pytest.fixture(scope="module")
def run_with(tmp_path_factory, release_nb, source_nb):
    def run(**replacements):
        folder = tmp_path_factory.mktemp("learner") / ASSIGNMENT
        import shutil

        shutil.copytree(RELEASE, folder)
        return execute(notebooks.fill_solutions(release_nb, source_nb, replacements), folder)
    return run


def error_of(nb, grade_id):
    cell = next(c for c in nb.cells if notebooks.nbgrader_metadata(c).get("grade_id") == grade_id)
    return next((out for out in cell.outputs if out.output_type == "error"), None)


def test_a_wrong_helper_is_named_not_its_caller(run_with):
    nb = run_with(conv_single_step=(CORPUS / "conv_single_step__bias_inside_sum.py").read_text())
    assert error_of(nb, "test_conv_single_step") is not None
    error = error_of(nb, "test_conv_forward")
    assert error is not None and "conv_forward: cannot be checked yet: it calls your conv_single_step" in error.evalue
    assert "fix conv_single_step first" in error.evalue
    assert error_of(nb, "test_pool_forward") is None, "the other tests are not affected"


def test_a_failure_is_its_message_with_the_learners_line_and_a_hint(run_with):
    nb = run_with(conv_single_step=(CORPUS / "conv_single_step__float_of_b.py").read_text())
    error = error_of(nb, "test_conv_single_step")
    assert error.ename == "CheckFailed"
    assert "raised TypeError" in error.evalue and "b.item()" in error.evalue
    assert "at:       line" in error.evalue and "float(b)" in error.evalue, error.evalue
    shown = "\n".join(error.traceback)
    assert len(error.traceback) <= 8 and "cnn_checks.py" not in shown, shown


def test_the_readme_shows_what_a_learner_really_sees(run_with):
    """The README's example failure is the message a conv_forward whose windows end at
    vert_start + stride really gets."""
    nb = run_with(conv_forward=(CORPUS / "conv_forward__window_end_from_stride.py").read_text())
    error = error_of(nb, "test_conv_forward")
    readme = (RELEASE.parent.parent / "README.md").read_text()
    assert f"CheckFailed: {error.evalue}\n```" in readme, error.evalue


def test_a_function_that_exits_does_not_stop_the_self_check_summary(run_with, tmp_path):
    """SystemExit raised by a learner's function used to end the summary with a traceback."""
    import json
    import shutil

    from conftest import ROOT, execute

    folder = tmp_path / ASSIGNMENT
    shutil.copytree(RELEASE, folder)
    nb_source = notebooks.read(ROOT / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    (folder / "cnn_selfcheck.json").write_text(json.dumps({"assignments": {ASSIGNMENT: notebooks.full_tests(nb_source)}}))
    nb = notebooks.fill_solutions(notebooks.read(RELEASE / f"{ASSIGNMENT}.ipynb"), nb_source,
                                  {"distribute_value": "def distribute_value(dz, shape):\n    raise SystemExit(3)\n"})
    executed = execute(nb, folder)
    text = "".join(out.get("text", "") for cell in executed.cells if cell.cell_type == "code" for out in cell.outputs)
    assert "distribute_value           FAILED" in text and "Score the autograder would give: 95 / 100" in text, text[-1500:]


def test_make_check_says_why_when_the_notebook_cannot_be_graded(tmp_path, release_nb, source_nb):
    """A notebook whose kernel dies: `make check` says so in one message, no Python traceback."""
    import subprocess
    import sys

    import nbformat

    from conftest import ROOT, course

    nb = notebooks.fill_solutions(release_nb, source_nb)
    nb.cells.insert(5, nbformat.v4.new_code_cell("import os\nos._exit(1)"))
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    notebooks.write(nb, path)
    result = subprocess.run([sys.executable, "-m", "cnn_course", "check", str(path)], cwd=ROOT,
                            env=course.environment(), capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert "check: the autograder could not grade your notebook: the kernel died" in result.stderr, result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_make_check_works_from_the_notebooks_folder():
    """A JupyterLab terminal opens in notebooks/: make there runs the course's targets."""
    import subprocess

    from conftest import ROOT

    result = subprocess.run(["make", "-n", "check", "ASSIGNMENT=cnn_application"], cwd=ROOT / "notebooks",
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "-m cnn_course check notebooks/cnn_application.ipynb" in result.stdout, result.stdout
