"""The feedback pages of `make grade` are nbgrader's pages.

`make grade` renders feedback with cnn_course.feedback.FeedbackExporter, which skips the
BeautifulSoup round trip of nbconvert's HTMLExporter (see its docstring).  These tests run a
grading worker's `!feedback` request (grading.Worker, as `make grade` does) on the course that
`nbgrader generate_feedback` already rendered (conftest.graded_course), and check that
BeautifulSoup turns each of our pages into exactly nbconvert's page.
"""

import shutil

import pytest
from bs4 import BeautifulSoup

from conftest import ASSIGNMENT
from cnn_course.feedback import NO_ALT, add_missing_alt
from cnn_course.grading import Worker

STUDENTS = ["solver", "untouched"]


def page(root, student):
    return (root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def worker_feedback(graded_course, tmp_path_factory):
    """A copy of the graded course whose feedback a grading worker rendered again (the
    `!feedback` request of make grade, grading.Worker.feedback); True if nbgrader succeeded."""
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


def test_worker_feedback_succeeds(worker_feedback):
    root, ok, log = worker_feedback
    assert ok, log
    for student in STUDENTS:
        assert page(root, student).startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("student", STUDENTS)
def test_worker_feedback_is_nbconverts_page(graded_course, worker_feedback, student):
    nbconvert_root, _ = graded_course
    ours, theirs = page(worker_feedback[0], student), page(nbconvert_root, student)
    assert str(BeautifulSoup(ours, "html.parser")) == theirs
    assert "hidden tests: they ran when your work was graded" in ours     # HideHiddenTests ran too


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

