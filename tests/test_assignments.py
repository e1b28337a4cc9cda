"""Every assignment of the course (every source/<name>/ with an assignment.toml), checked the
same way: its source notebook is well-formed for nbgrader, grades 100 points with one test cell
per answer cell, hides its hidden tests, and its release holds stubs and none of its secrets.
A new assignment gets these checks by existing; nothing here names one."""

import re

import nbformat
import pytest
from nbgrader.nbgraderformat import MetadataValidator

from cnn_course import ASSIGNMENTS, testcells
from cnn_course.assignments import discover, named
from conftest import ROOT, notebooks

pytestmark = pytest.mark.fast   # part of `make test-fast`


@pytest.fixture(params=ASSIGNMENTS)
def assignment(request):
    return named(request.param, ROOT)


def test_the_course_lists_every_assignment_folder():
    folders = sorted(p.name for p in (ROOT / "source").iterdir() if p.is_dir())
    assert sorted(ASSIGNMENTS) == folders, "a folder of source/ without assignment.toml is not an assignment"
    orders = [a.order for a in discover(ROOT) if a.edition_of is None]     # an edition has its English one's
    assert orders == sorted(set(orders)), "two assignments share an order"


def test_valid_nbformat_and_nbgrader_metadata_with_outputs_cleared(assignment):
    nb = assignment.source_nb()
    nbformat.validate(nb)
    MetadataValidator().validate_nb(nb)
    dirty = [cell.get("id") for cell in nb.cells
             if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)]
    assert not dirty, f"cells with outputs (run `make release` to clear them): {dirty}"


def test_grade_ids_are_unique(assignment):
    ids = [notebooks.nbgrader_metadata(cell)["grade_id"] for cell in assignment.source_nb().cells
           if notebooks.nbgrader_metadata(cell)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_100_points_with_one_test_cell_per_answer_cell(assignment):
    points = assignment.points()
    assert sum(points.values()) == 100, points
    assert all(p > 0 for p in points.values()), points
    assert list(points) == [f"test_{name}" for name in assignment.functions()], \
        "each answer cell <function> is followed (in order) by its test cell test_<function>"


def test_each_answer_cell_defines_its_function_with_a_solution_region(assignment):
    for grade_id, cell in notebooks.solution_cells(assignment.source_nb()).items():
        assert re.search(rf"^def {grade_id}", cell.source, re.M), grade_id
        assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source, grade_id


def test_every_test_cell_has_hidden_tests(assignment):
    for cell in assignment.source_nb().cells:
        if notebooks.nbgrader_metadata(cell).get("grade"):
            assert "### BEGIN HIDDEN TESTS" in cell.source, cell.id


def test_the_release_has_stubs_and_none_of_the_secrets(assignment):
    release = ROOT / "release" / assignment.name
    nb = notebooks.read(release / f"{assignment.name}.ipynb")
    text = "\n".join(cell.source for cell in nb.cells)
    for secret in ["BEGIN SOLUTION", *assignment.secrets]:
        assert secret not in text, secret
    for grade_id, cell in notebooks.solution_cells(nb).items():
        assert "raise NotImplementedError()" in cell.source, grade_id
    for path in release.rglob("*.py"):
        assert "BEGIN HIDDEN TESTS" not in path.read_text(), path


def test_the_settings_name_real_cells(assignment):
    ids = {notebooks.nbgrader_metadata(cell).get("grade_id") for cell in assignment.source_nb().cells}
    assert assignment.heavy <= ids, assignment.heavy - ids
    assert not assignment.heavy & set(assignment.points()), "a heavy cell left out of the corpus courses is graded"


def test_the_test_cells_are_their_files(assignment):
    """source/<name>/test_cells/test_<function>.py is the master text of each test cell; `make
    release` writes it (shared references expanded) into the notebook."""
    problems = testcells.differences(assignment.source_nb(), assignment.folder)
    assert not problems, "run `make release`: " + "; ".join(problems)


def test_shared_references_are_written_once(assignment):
    """A reference computation used by several test cells lives in cnn_course/references.py; a
    test file names it (`# reference: ...`) instead of typing it again."""
    shared = testcells.reference_sources()
    for path in testcells.files(assignment.folder).values():
        text = path.read_text()
        typed = [name for name in shared if re.search(rf"^\s*def {name}\(", text, re.M)]
        assert not typed, f"{path.relative_to(ROOT)} types {typed} again: write `# reference: {' '.join(typed)}`"


def test_each_self_check_names_its_assignment(assignment):
    """Two assignments may have exercises of the same name (relu, model_forward): the notebook's
    self-check cells say whose, so a kernel that does not know its notebook (JupyterLab tells
    it, other front ends may not) still checks the right one."""
    calls = [line for cell in assignment.source_nb().cells if cell.cell_type == "code"
             for line in cell.source.splitlines() if "check.selfcheck(" in line]
    graded = set(assignment.graded_functions())
    assert len(calls) == len(graded), calls
    for line in calls:
        assert re.fullmatch(rf'check\.selfcheck\("(\w+)", assignment="{assignment.name}"\)', line.strip()), line
        assert re.search(r'"(\w+)"', line).group(1) in graded, line
