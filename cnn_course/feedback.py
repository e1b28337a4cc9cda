"""nbgrader plug-in: feedback that explains failures without revealing hidden tests.

nbgrader's ``generate_feedback`` turns the autograded notebook into HTML as it is, so a
student would read the hidden test code of every test cell, and in the traceback of a
failed check the lines around it.  ``HideHiddenTests`` runs before the HTML export (see
nbgrader_config.py) and, in every autograded test cell:

- replaces each ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` block with one comment;
- reduces each error to its last line, ``CheckFailed: <message>``: the message says which
  function failed on which case, expected vs. got and a hint (see cnn_checks.py), while the
  traceback, with its lines of test code, is left out.
"""

import re

from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_grade

HIDDEN_BLOCK = re.compile(r"^([ \t]*)### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[ \t]*$", re.S | re.M)
PLACEHOLDER = r"\1# (hidden tests: they ran when your work was graded; a failure is reported below)"


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden test code and tracebacks from test cells before feedback is rendered."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and is_grade(cell):
            cell.source = HIDDEN_BLOCK.sub(PLACEHOLDER, cell.source)
            for output in cell.outputs:
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources
