"""The instructor's source notebook is well-formed for nbgrader."""

import re

import nbformat
from nbgrader.nbgraderformat import MetadataValidator

from conftest import SOURCE, notebooks

GRADED_FUNCTIONS = ["zero_pad", "conv_single_step", "conv_forward", "pool_forward", "conv_backward",
                    "create_mask_from_window", "distribute_value", "pool_backward"]


def test_valid_nbformat_and_nbgrader_metadata(source_nb):
    nbformat.validate(source_nb)
    MetadataValidator().validate_nb(source_nb)


def test_outputs_are_cleared(source_nb):
    dirty = [cell.get("id") for cell in source_nb.cells
             if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)]
    assert not dirty, f"cells with outputs (run `make release` to clear them): {dirty}"


def test_grade_ids_are_unique(source_nb):
    ids = [notebooks.nbgrader_metadata(cell)["grade_id"] for cell in source_nb.cells
           if notebooks.nbgrader_metadata(cell)]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_points_sum_to_100_with_one_test_cell_per_function(source_nb):
    graded = notebooks.graded_cells(source_nb)
    assert sum(graded.values()) == 100
    assert list(graded) == [f"test_{name}" for name in GRADED_FUNCTIONS]
    assert list(notebooks.solution_cells(source_nb)) == GRADED_FUNCTIONS
    assert all(points > 0 for points in graded.values())


def test_each_answer_cell_defines_its_function_with_a_solution_region(source_nb):
    for grade_id, cell in notebooks.solution_cells(source_nb).items():
        assert re.search(rf"^def {grade_id}\(", cell.source, re.M), grade_id
        assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source, grade_id


def test_every_test_cell_has_hidden_tests(source_nb):
    for cell in source_nb.cells:
        if notebooks.nbgrader_metadata(cell).get("grade"):
            assert "### BEGIN HIDDEN TESTS" in cell.source, cell.id


def test_checks_module_holds_no_reference_solution():
    """cnn_checks.py ships to students: it may compare and explain, never compute answers."""
    text = (SOURCE / "cnn_checks.py").read_text()
    for name in ["np.pad(", "sliding_window_view", "einsum", "def zero_pad", "def conv_"]:
        assert name not in text, name
