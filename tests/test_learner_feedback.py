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

CORPUS = RELEASE.parent.parent / "tests" / "corpus" / "wrong"


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
