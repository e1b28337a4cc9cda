"""Fast unit tests of pieces the slow end-to-end tests exercise only as a whole: the feedback
filters (hidden tests, long markdown, formulas) and the sandbox's bubblewrap arguments
(what a kernel may see).  Part of `make test-fast`."""

from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from cnn_course import sandbox
from cnn_course.feedback import MARKDOWN_LIMIT, SELFCHECK_LINE, HideHiddenTests, MathToMathML

pytestmark = pytest.mark.fast


def graded_cell(source, outputs=()):
    cell = new_code_cell(source, outputs=list(outputs))
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "test_f", "points": 5, "locked": True,
                                 "solution": False, "schema_version": 3}
    return cell


def test_hidden_tests_and_their_tracebacks_leave_the_feedback():
    cell = graded_cell("check.array(f(x), y)\n### BEGIN HIDDEN TESTS\n_reference = secret()\n### END HIDDEN TESTS\n",
                       [new_output("error", ename="CheckFailed", evalue="f: wrong values",
                                   traceback=["File <cell>, line 3", "_reference = secret()", "CheckFailed: ..."])])
    cell, _ = HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert "_reference" not in cell.source and "check.array(f(x), y)" in cell.source
    assert cell.outputs[0].traceback == ["CheckFailed: f: wrong values"]


def test_the_run_later_line_goes_and_long_markdown_is_cut():
    plain = new_code_cell("check.selfcheck('f')", outputs=[
        new_output("stream", name="stdout", text=f"f: {SELFCHECK_LINE} (this edition)\n"),
        new_output("stream", name="stdout", text="kept\n")])
    plain, _ = HideHiddenTests().preprocess_cell(plain, {}, 0)
    assert [out.text for out in plain.outputs] == ["kept\n"]
    long = new_markdown_cell("\\begin{a}" * 10_000)
    long, _ = HideHiddenTests().preprocess_cell(long, {}, 0)
    assert len(long.source) < MARKDOWN_LIMIT + 200 and "the rest is not shown" in long.source


def test_formulas_become_mathml_but_code_and_prices_stay():
    cell = new_markdown_cell("$n_H = \\frac{n_{H,prev} - f}{s} + 1$ and `$x$` in code, $$Z = W * A$$")
    cell, _ = MathToMathML().preprocess_cell(cell, {}, 0)
    assert cell.source.count("<math") == 2 and "`$x$`" in cell.source and "\\frac" not in cell.source


def test_the_sandbox_shows_the_kernel_only_its_own_folder(tmp_path):
    notebook_dir, ipc, connection, lib = (tmp_path / name for name in ["submission", "ipc", "kernel.json", "lib"])
    notebook_dir.mkdir()
    (notebook_dir / "nb.ipynb").write_text("{}")
    args = sandbox.bwrap_arguments(notebook_dir, ipc, connection, lib)
    pairs = {(args[i], args[i + 1], args[i + 2]) for i in range(len(args) - 2) if args[i].endswith("bind")}
    assert ("--ro-bind", "/dev/null", str(notebook_dir / "nb.ipynb")) in pairs, "nbgrader's copy holds hidden tests"
    assert ("--ro-bind", str(lib), sandbox.SANDBOX_LIB) in pairs
    assert ("--bind", str(ipc), str(ipc)) in pairs
    writable = {target for kind, _, target in pairs if kind == "--bind"}
    assert writable == {str(ipc)}, "only the kernel's ipc folder is writable (its scratch is a tmpfs)"
    assert "--unshare-net" in args and "--die-with-parent" in args and args[-2:] == ["--chdir", str(notebook_dir)]
    for forbidden in [Path.home(), Path("/root"), Path("/home"), Path(__file__).resolve().parent.parent / "source"]:
        assert not any(target == str(forbidden) for _, _, target in pairs), forbidden


def test_the_kernel_environment_carries_nothing_of_the_instructors(monkeypatch):
    monkeypatch.setenv("SECRET_TOKEN", "x")
    env = sandbox.kernel_environment("/tmp/home", "/tmp/tmp", "/tmp/mpl", "/opt/lib")
    assert "SECRET_TOKEN" not in env and env["PYTHONPATH"] == "/opt/lib" and env["HOME"] == "/tmp/home"


def test_the_limits_live_in_one_place_and_reach_the_kernel_launcher():
    """cnn_course/limits.py is read by the package and by sandbox.py run as a file (a kernel's
    launcher); nbgrader's cell limit comes from it unless nbgrader_config.py sets a number."""
    import subprocess
    import sys

    from cnn_course import ROOT, cgroups, course, execute, grading, limits

    assert sandbox.LIMITS is limits.PRLIMIT and cgroups.KERNEL_TASKS == limits.KERNEL_TASKS
    assert grading.SUBMISSION_WALL_LIMIT == limits.SUBMISSION_SECONDS
    assert execute.GuardedExecute().interrupt_grace == limits.INTERRUPT_GRACE
    assert course.coursedir().config.Execute.timeout == limits.CELL_SECONDS
    launcher = subprocess.run([sys.executable, str(ROOT / "cnn_course" / "sandbox.py"), "--help"],
                              capture_output=True, text=True, cwd="/")
    assert launcher.returncode == 0 and "--course" in launcher.stdout, launcher.stderr


def test_a_scratch_gradebook_is_the_one_nbgrader_makes(tmp_path):
    """course.new_gradebook makes nbgrader's schema and alembic stamp without nbgrader's
    `alembic heads` subprocess; nbgrader then opens it as an existing gradebook."""
    import sqlite3

    from nbgrader.api import Gradebook

    from cnn_course import course

    def schema(path):
        with sqlite3.connect(path) as db:
            return (sorted(db.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")),
                    db.execute("SELECT version_num FROM alembic_version").fetchall())

    ours = course.new_gradebook(tmp_path / "ours.db")
    Gradebook(f"sqlite:///{tmp_path / 'theirs.db'}").close()      # nbgrader's own (runs `alembic heads`)
    assert schema(ours) == schema(tmp_path / "theirs.db")
    with Gradebook(f"sqlite:///{ours}", "cnn-from-scratch") as book:
        book.add_student("someone")
    assert course.new_gradebook(ours) == ours and "someone" in str(sqlite3.connect(ours).execute(
        "SELECT id FROM student").fetchall()), "an existing gradebook is left as it is"
