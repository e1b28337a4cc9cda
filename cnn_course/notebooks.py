"""Notebook helpers on top of nbformat: graded cells, cleared outputs, filled-in solutions.

A *solution submission* is what a student who solved everything hands in: the released
notebook with each answer cell replaced by the reference code of the source notebook (its
``### BEGIN/END SOLUTION`` marker lines removed).  Tests build submissions this way instead
of submitting the source notebook itself, so they exercise exactly what students receive.
"""

import re

import nbformat

MARKER_LINE = re.compile(r"^[ \t]*### (?:BEGIN|END) SOLUTION[ \t]*\n?", re.M)


def read(path):
    """Read a notebook (nbformat 4)."""
    return nbformat.read(path, as_version=4)


def write(nb, path):
    """Validate and write a notebook."""
    nbformat.validate(nb)
    nbformat.write(nb, path)


def nbgrader_metadata(cell):
    """The nbgrader metadata of a cell ({} for an ordinary cell)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def graded_cells(nb):
    """{grade_id: points} of the autograded test cells, in notebook order."""
    return {meta["grade_id"]: meta.get("points", 0)
            for meta in map(nbgrader_metadata, nb.cells) if meta.get("grade")}


def solution_cells(nb):
    """{grade_id: cell} of the cells a student answers, in notebook order."""
    return {nbgrader_metadata(cell)["grade_id"]: cell
            for cell in nb.cells if nbgrader_metadata(cell).get("solution")}


def clear_outputs(nb):
    """Remove outputs and execution counts of every code cell, in place; True if anything changed."""
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            cell.outputs, cell.execution_count = [], None
            changed = True
    return changed


def solution_code(cell):
    """The reference code of a source solution cell, as a student would have typed it."""
    return MARKER_LINE.sub("", cell.source)


def fill_solutions(release_nb, source_nb, replace=None):
    """Return a copy of release_nb with every answer cell filled with the source's solution.

    replace -- optional {grade_id: code}: use this code for those cells instead (one wrong or
               alternative implementation among otherwise correct answers).
    """
    filled = nbformat.from_dict(release_nb)
    solutions = solution_cells(source_nb)
    replace = replace or {}
    unknown = set(replace) - set(solutions)
    if unknown:
        raise KeyError(f"no answer cell with grade_id {sorted(unknown)}")
    for grade_id, cell in solution_cells(filled).items():
        cell.source = replace.get(grade_id, solution_code(solutions[grade_id]))
    return filled


def full_tests(source_nb):
    """{grade_id: {"points": p, "source": code}}: every test cell of the source notebook,
    hidden tests included.  Written to cnn_selfcheck.json for self-learners only."""
    return {nbgrader_metadata(cell)["grade_id"]: {"points": nbgrader_metadata(cell)["points"], "source": cell.source}
            for cell in source_nb.cells if nbgrader_metadata(cell).get("grade")}
