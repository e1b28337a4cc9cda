"""nbgrader configuration of the course (read by every nbgrader command run from this folder).

Layout, as nbgrader expects it: source/<assignment>/ (instructor notebooks with solutions and
hidden tests), release/<assignment>/ (what students get), submitted/<student>/<assignment>/,
autograded/<student>/<assignment>/, feedback/<student>/<assignment>/, gradebook.db.
"""

c = get_config()  # noqa: F821 -- provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "cnn-from-scratch"

# The gradebook, with a 60 s busy timeout: `make grade` runs several `nbgrader autograde`
# processes at once, and each waits for the others' short writes instead of failing.
import os  # noqa: E402

c.CourseDirectory.db_url = "sqlite:///{}?timeout=60".format(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "gradebook.db"))

# Per-cell time limit, in seconds, when nbgrader runs a notebook (autograde, validate): 30 s,
# why in cnn_course/limits.py (every limit of a grading run is there); a number here overrides it.
import sys  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cnn_course import limits  # noqa: E402

c.Execute.timeout = limits.CELL_SECONDS

# Interrupt the kernel on timeout (instead of killing it) so the following cells still run
# and the other exercises are still graded.
c.Execute.interrupt_on_timeout = True

# Always run submissions in the course's own Python kernel ("python3" from the environment
# that runs nbgrader), whatever kernel a student's notebook metadata names.
c.Execute.kernel_name = "python3"

# If a student deletes a test cell, autograde puts it back (from the gradebook) and runs it,
# instead of silently giving no points and no feedback for it.
c.OverwriteCells.add_missing_cells = True

# Files nbgrader leaves out when it copies an assignment or a submission (its defaults;
# .cnn-hidden: the grader's requests to a kernel while it grades a test cell outside it,
# cnn_course/execute.py, never copied into feedback; assignment.toml and test_cells/: what the
# course tooling knows about an assignment and the master text of its test cells,
# cnn_course/assignments.py and testcells.py, never released; edition_zh/: the Chinese text an
# edition is built from, cnn_course/editions.py).
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".cnn-hidden",
                            "assignment.toml", "test_cells", "edition_*"]

# What a student sees in place of a reference solution.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# Feedback shows students the result of every test, hidden ones included, but not the hidden
# test code: cnn_course.feedback.HideHiddenTests removes it (and the tracebacks that quote it)
# before nbgrader renders the HTML; MathToMathML writes the formulas as MathML, so the page
# needs nothing from the network.
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor  # noqa: E402
from nbgrader.preprocessors import GetGrades  # noqa: E402

from cnn_course.feedback import HideHiddenTests, MathToMathML  # noqa: E402

c.GenerateFeedback.preprocessors = [GetGrades, HideHiddenTests, MathToMathML, CSSHTMLHeaderPreprocessor]

# Feedback pages are rendered by cnn_course.feedback.FeedbackExporter: nbgrader's feedback page
# whose index names each function (templates/cnn_feedback/), without nbconvert's slow
# BeautifulSoup pass; the same for make grade, make check, generate_feedback and the formgrader.
from cnn_course.feedback import FeedbackExporter  # noqa: E402

c.GenerateFeedback.exporter_class = FeedbackExporter

# Autograde with nbgrader's own steps, except that Execute is cnn_course.execute.GuardedExecute:
# a kernel that ignores the interrupt after a cell's time limit (a loop that swallows
# BaseException) is shut down at once instead of making every later cell wait out its limit.
from nbconvert.preprocessors import ClearMetadataPreprocessor  # noqa: E402
from nbgrader.preprocessors import AssignLatePenalties, CheckCellMetadata, IgnorePattern, LimitOutput, SaveAutoGrades  # noqa: E402

from cnn_course.execute import GuardedExecute  # noqa: E402

c.Autograde.autograde_preprocessors = [GuardedExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                                       SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]

# On a shared server (JupyterHub, docs/jupyterhub.md), `nbgrader release_feedback` releases
# every student's feedback it can.  nbgrader's own release stops with a FileNotFoundError at a
# feedback folder without submission_secret.txt / timestamp.txt: a student whose work came in
# without the exchange (an LMS download, zip_collect).  cnn_course.exchange.ReleaseFeedback
# skips such a folder with one line naming the student and the pages to hand back by hand,
# and exits with 0 when others were released.
c.ExchangeFactory.release_feedback = "cnn_course.exchange.ReleaseFeedback"
