"""Test cells as Python files: ``source/<assignment>/test_cells/test_<function>.py`` is the
master text of the notebook's test cell ``test_<function>`` (its visible checks and its
``### BEGIN/END HIDDEN TESTS`` blocks, exactly as in the cell), so tests can be read, diffed
and linted as code.  Shared reference computations live once, in cnn_course/references.py: a
line ``# reference: _conv_reference _zero_pad`` in a hidden block stands for their source.

``make release`` writes each file, references expanded, into its cell of the source notebook
before ``nbgrader generate_assignment``; nbgrader sees ordinary cells.  tests/test_assignments.py
fails when a notebook's cell and its file differ.  The folder is not released
(nbgrader_config.py ignores it).
"""

import ast
import re
from pathlib import Path

from . import notebooks

FOLDER = "test_cells"
DIRECTIVE = re.compile(r"^# reference: (?P<names>[\w ]+)$", re.M)
REFERENCES = Path(__file__).with_name("references.py")


def reference_sources(path=REFERENCES):
    """{function name: its source} of the module-level functions of references.py."""
    text = Path(path).read_text(encoding="utf-8")
    return {node.name: ast.get_source_segment(text, node)
            for node in ast.parse(text).body if isinstance(node, ast.FunctionDef)}


def hidden_spans(text):
    """[(start, end)] character ranges of the ### BEGIN/END HIDDEN TESTS blocks."""
    return [m.span() for m in re.finditer(r"^### BEGIN HIDDEN TESTS$.*?^### END HIDDEN TESTS$", text, re.S | re.M)]


def expand(text, where="a test cell"):
    """The cell text of a test file: every ``# reference: ...`` line (only allowed inside a
    hidden block, so that no reference reaches the released notebook) replaced by the source of
    the named functions."""
    sources, spans = reference_sources(), hidden_spans(text)

    def one(match):
        if not any(start <= match.start() < end for start, end in spans):
            raise ValueError(f"{where}: '{match.group(0)}' is outside a hidden block (it would be released)")
        missing = [name for name in match.group("names").split() if name not in sources]
        if missing:
            raise ValueError(f"{where}: no function {missing} in {REFERENCES.name}")
        return "\n".join(sources[name] for name in match.group("names").split())

    return DIRECTIVE.sub(one, text)


def files(folder):
    """{grade_id: path} of an assignment's test cell files."""
    return {path.stem: path for path in sorted(Path(folder, FOLDER).glob("test_*.py"))}


def rendered(folder):
    """{grade_id: cell text} of an assignment's test cell files, references expanded."""
    return {grade_id: expand(path.read_text(encoding="utf-8").rstrip("\n"), f"{FOLDER}/{path.name}")
            for grade_id, path in files(folder).items()}


def _test_cells(nb):
    return {notebooks.nbgrader_metadata(cell)["grade_id"]: cell for cell in nb.cells
            if notebooks.nbgrader_metadata(cell).get("grade")}


def _unmatched(cells, texts):
    """Test cells without a file, and files without a test cell."""
    return ([f"test cell {g} has no file {FOLDER}/{g}.py" for g in cells if g not in texts]
            + [f"{FOLDER}/{g}.py belongs to no graded cell of the notebook" for g in texts if g not in cells])


def differences(nb, folder):
    """Problems between a source notebook's test cells and the files (empty if in sync).  An
    assignment without a test_cells/ folder keeps its tests in the notebook only."""
    if not Path(folder, FOLDER).is_dir():
        return []
    cells, texts = _test_cells(nb), rendered(folder)
    return _unmatched(cells, texts) + [f"test cell {g} differs from {FOLDER}/{g}.py" for g in cells
                                       if g in texts and cells[g].source != texts[g]]


def write_into(nb, folder):
    """Put each file's text into its test cell; return the grade_ids whose cell changed.
    A file without a graded cell (or the reverse) is an error: metadata and points live in
    the notebook, which must have the cell."""
    if not Path(folder, FOLDER).is_dir():
        return []
    cells, texts = _test_cells(nb), rendered(folder)
    problems = _unmatched(cells, texts)
    if problems:
        raise ValueError("; ".join(problems))
    changed = [grade_id for grade_id, cell in cells.items() if cell.source != texts[grade_id]]
    for grade_id in changed:
        cells[grade_id].source = texts[grade_id]
    return changed
