"""Shared fixtures: a graded temporary course, and executed notebooks.

The expensive ones (nbgrader runs, notebook executions) are session-scoped so that each
runs once per test session.
"""

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from cnn_course import ROOT, course, notebooks

ASSIGNMENT = "cnn_step_by_step"
SOURCE = ROOT / "source" / ASSIGNMENT
RELEASE = ROOT / "release" / ASSIGNMENT


def execute(nb, folder, timeout=120):
    """Run every cell of nb with folder as the working directory; return the executed copy.
    Errors are recorded in the outputs, not raised, so tests can report all of them."""
    nb = nbformat.from_dict(nb)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def run_in_kernel(code, folder, timeout=60):
    """Run code in a fresh python3 kernel started in folder (as a notebook there would be);
    return (everything it printed, the execute_reply)."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3", cwd=str(folder))
    try:
        printed = []
        reply = kc.execute_interactive(code, timeout=timeout,
                                       output_hook=lambda msg: printed.append(msg["content"].get("text", "")))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return "".join(printed), reply


def errors(nb):
    """[(cell id, ename, evalue)] of the cells that raised."""
    return [(cell.get("id"), out.ename, out.evalue)
            for cell in nb.cells if cell.cell_type == "code"
            for out in cell.outputs if out.output_type == "error"]


def stdout(nb):
    """Everything the notebook printed to stdout, in order."""
    return "".join(out.text for cell in nb.cells if cell.cell_type == "code"
                   for out in cell.outputs if out.output_type == "stream" and out.name == "stdout")


@pytest.fixture(scope="session")
def source_nb():
    return notebooks.read(SOURCE / f"{ASSIGNMENT}.ipynb")


@pytest.fixture(scope="session")
def release_nb():
    return notebooks.read(RELEASE / f"{ASSIGNMENT}.ipynb")


@pytest.fixture(scope="session")
def executed_source(tmp_path_factory, source_nb):
    """The instructor's notebook (solutions and hidden tests) run top to bottom in a copy
    of its folder, with one cell appended that the figure tests read."""
    folder = tmp_path_factory.mktemp("source") / ASSIGNMENT
    shutil.copytree(SOURCE, folder)
    nb = nbformat.from_dict(source_nb)
    nb.cells.append(nbformat.v4.new_code_cell((Path(__file__).parent / "figure_probe.py").read_text()))
    return execute(nb, folder)


@pytest.fixture(scope="session")
def graded_course(tmp_path_factory, source_nb):
    """A temporary course: release generated with nbgrader, two submissions (all solutions;
    the untouched release), autograded, feedback generated and grades exported."""
    root = course.copy_course(tmp_path_factory.mktemp("course"))
    course.generate_release(ASSIGNMENT, course=root)
    released = root / "release" / ASSIGNMENT
    release_nb = notebooks.read(released / f"{ASSIGNMENT}.ipynb")
    for student, nb in [("solver", notebooks.fill_solutions(release_nb, source_nb)), ("untouched", release_nb)]:
        folder = course.submission_folder(root, student, ASSIGNMENT)
        shutil.copytree(released, folder)
        notebooks.write(nb, folder / f"{ASSIGNMENT}.ipynb")
    logs = {
        "autograde": course.nbgrader("autograde", ASSIGNMENT, course=root),
        "generate_feedback": course.nbgrader("generate_feedback", ASSIGNMENT, course=root),
        "export": course.nbgrader("export", course=root),
    }
    return root, logs
