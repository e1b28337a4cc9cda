"""The feedback pages of `make grade` are nbgrader's pages, with an index that names functions.

Feedback is rendered with cnn_course.feedback.FeedbackExporter (nbgrader_config.py), which
skips the BeautifulSoup round trip of nbconvert's HTMLExporter (see its docstring).  These
tests run a grading worker's `!feedback` request (grade_worker.Worker, as `make grade` does) on a
copy of the graded course (conftest.graded_course), render the same pages with nbconvert's own
HTMLExporter and the same template (`nbgrader generate_feedback` with
NbconvertFeedbackExporter), and check that BeautifulSoup turns each of our pages into exactly
nbconvert's page; and that the page's index names each function.
"""

import re
import shutil

import pytest
from bs4 import BeautifulSoup

from cnn_course.feedback import NO_ALT, add_missing_alt
from cnn_course.grade_worker import Worker
from conftest import ASSIGNMENT, course, notebooks

STUDENTS = ["solver", "untouched"]


def page(root, student):
    return (root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def worker_feedback(graded_course, tmp_path_factory):
    """A copy of the graded course whose feedback a grading worker rendered again (the
    `!feedback` request of make grade, grade_worker.Worker.feedback); True if nbgrader succeeded."""
    root, _ = graded_course
    copy = tmp_path_factory.mktemp("feedback") / "course"
    shutil.copytree(root, copy)
    shutil.rmtree(copy / "feedback")
    worker = Worker(copy, ASSIGNMENT, jupyter_path=copy / "no-kernels")   # feedback starts no kernel
    try:
        ok = worker.feedback(STUDENTS)
        log = "\n".join(worker.log_tail(20))
    finally:
        worker.close()
    return copy, ok, log


@pytest.fixture(scope="module")
def nbconvert_feedback(graded_course, tmp_path_factory):
    """A copy of the graded course whose feedback nbconvert's own HTMLExporter rendered (with
    the course's template and preprocessors)."""
    root, _ = graded_course
    copy = tmp_path_factory.mktemp("nbconvert-feedback") / "course"
    shutil.copytree(root, copy)
    shutil.rmtree(copy / "feedback")
    course.nbgrader("generate_feedback", ASSIGNMENT,
                    "--GenerateFeedback.exporter_class=cnn_course.feedback.NbconvertFeedbackExporter", course=copy)
    return copy


def test_worker_feedback_succeeds(worker_feedback):
    root, ok, log = worker_feedback
    assert ok, log
    for student in STUDENTS:
        assert page(root, student).startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("student", STUDENTS)
def test_worker_feedback_is_nbconverts_page(nbconvert_feedback, worker_feedback, student):
    ours, theirs = page(worker_feedback[0], student), page(nbconvert_feedback, student)
    assert str(BeautifulSoup(ours, "html.parser")) == theirs
    assert "hidden tests: they ran when your work was graded" in ours     # HideHiddenTests ran too


@pytest.mark.parametrize("student, score", [("solver", 20.0), ("untouched", 0.0)])
def test_the_index_names_each_function_with_its_score(graded_course, source_nb, student, score):
    """nbgrader's index says "Test cell" eight times; ours names the function each grades."""
    root, _ = graded_course
    functions = [grade_id.removeprefix("test_") for grade_id in notebooks.graded_cells(source_nb)]
    index = re.findall(r'<li><a href="#(test_\w+)">([^<]*)</a> \(Score: ([\d.]+) / ([\d.]+)\)',
                       page(root, student))
    assert [grade_id for grade_id, *_ in index] == [f"test_{name}" for name in functions]
    assert [label for _, label, *_ in index] == functions and "conv_forward" in functions
    assert dict((label, float(got)) for _, label, got, _ in index)["conv_forward"] == score


def nbconvert_alt(html):
    """What HTMLExporter.from_notebook_node does to images (nbconvert 7.17)."""
    soup = BeautifulSoup(html, features="html.parser")
    for elem in soup.select("img:not([alt])"):
        elem.attrs["alt"] = NO_ALT
    return str(soup)


@pytest.mark.parametrize("html", [
    '<p>a figure <img src="x.png"> here</p>',
    '<img src="data:image/png;base64,iVBORw0KGgo=" width="20"/>',
    '<IMG SRC="w.png" >',
    '<img alt="described" src="y.png"><img src="z.png">',
    '<img\nsrc="multi-line.png"\n>',
    '<p>no images at all, not even an <imgur> tag</p>',
])
def test_images_without_alt_text_get_nbconverts(html):
    ours, _ = add_missing_alt(html)
    assert str(BeautifulSoup(ours, "html.parser")) == nbconvert_alt(html)



@pytest.mark.parametrize("student", STUDENTS)
def test_the_page_needs_nothing_from_the_network_and_says_what_ran(graded_course, student):
    """Formulas are MathML (no MathJax from a CDN: offline they stayed raw LaTeX), figures fit
    the page, and the graded page does not say the hidden checks "run when graded": they ran."""
    root, _ = graded_course
    html = page(root, student)
    assert "<math" in html and "cdnjs" not in html and "mathjax" not in html.lower()
    assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', html), "nothing loaded from the network"
    assert "img { max-width: 100%" in html
    assert "the hidden checks run when your work is graded" not in html
    assert "$$" not in html.split("<body")[1].split("</body>")[0].replace("\\$", ""), "no raw display LaTeX left"
