"""The feedback pages of `make grade` are nbgrader's pages.

`make grade` renders feedback with cnn_course.feedback.FeedbackExporter, which skips the
BeautifulSoup round trip of nbconvert's HTMLExporter (see its docstring).  These tests run a
grading worker's `!feedback` request (the code `make grade` runs) on the course that
`nbgrader generate_feedback` already rendered (conftest.graded_course), and check that
BeautifulSoup turns each of our pages into exactly nbconvert's page.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import ASSIGNMENT
from cnn_course import course
from cnn_course.feedback import NO_ALT, add_missing_alt

STUDENTS = ["solver", "untouched"]


def page(root, student):
    return (root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def worker_feedback(graded_course, tmp_path_factory):
    """A copy of the graded course whose feedback a grading worker rendered again; its reply."""
    root, _ = graded_course
    copy = tmp_path_factory.mktemp("feedback") / "course"
    shutil.copytree(root, copy)
    shutil.rmtree(copy / "feedback")
    read_fd, write_fd = os.pipe()
    worker = subprocess.Popen([sys.executable, "-m", "cnn_course.grade_worker", ASSIGNMENT, str(write_fd)],
                              cwd=copy, env=course.environment(), stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, pass_fds=(write_fd,))
    os.close(write_fd)
    with os.fdopen(read_fd) as results:
        worker.stdin.write("!feedback " + json.dumps(STUDENTS) + "\n")
        worker.stdin.flush()
        reply = json.loads(results.readline())
    worker.stdin.close()
    assert worker.wait(timeout=60) == 0, worker.stderr.read()
    return copy, reply["feedback"]


def test_worker_feedback_succeeds(worker_feedback):
    root, reply = worker_feedback
    assert reply["success"], reply.get("log", "") + reply.get("error", "")
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

