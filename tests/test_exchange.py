"""cnn_course.exchange.ReleaseFeedback, through nbgrader's real exchange commands.

A temporary course and exchange: the assignment is released (``nbgrader release_assignment``),
two students fetch and submit it (``nbgrader fetch_assignment`` / ``submit --student``), the
instructor collects (``nbgrader collect``), and a third student's work is put straight into
submitted/ as an LMS download would be (no timestamp, no secret).  Each student gets a
feedback page the way ``nbgrader generate_feedback`` leaves it (the page, plus the
submission's timestamp.txt and submission_secret.txt).  Then ``nbgrader release_feedback``
(ReleaseFeedbackApp, with the course's nbgrader_config.py, which selects our class) and each
exchange student's ``nbgrader fetch_feedback``.
"""

import shutil

import pytest
from nbgrader.utils import notebook_hash

from conftest import ASSIGNMENT, RELEASE, course

COURSE_ID = "cnn-from-scratch"
EXCHANGE_STUDENTS = ["ada", "alan"]
LMS_STUDENT = "lms-student"


def feedback_page(student):
    return (f"<html><body><h4>{ASSIGNMENT} (Score: {len(student)}.0 / 100.0)</h4>"
            f"<p>feedback of {student}</p></body></html>")


class Class:
    """The temporary course: its root, the exchange root, each student's home."""

    def __init__(self, tmp):
        self.root = course.copy_course(tmp / "course")
        shutil.copytree(RELEASE, self.root / "release" / ASSIGNMENT)
        self.exchange = tmp / "exchange"
        self.exchange.mkdir()
        self.exchange.chmod(0o1777)
        self.homes = {student: tmp / "home" / student for student in EXCHANGE_STUDENTS}

    def instructor(self, *args, check=True):
        return course.nbgrader(*args, f"--Exchange.root={self.exchange}", course=self.root, check=check)

    def student(self, student, *args, check=True):
        """nbgrader run by a student: in their home, with their own cache, and (no global
        config here) the course id on the command line."""
        home = self.homes[student]
        home.mkdir(parents=True, exist_ok=True)
        return course.nbgrader(*args, f"--course={COURSE_ID}", f"--Exchange.root={self.exchange}",
                               f"--Exchange.cache={home / '.nbgrader_cache'}", course=home, check=check)

    def feedback_folder(self, student):
        return self.root / "feedback" / student / ASSIGNMENT

    def released(self):
        folder = self.exchange / COURSE_ID / "feedback"
        return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """Released, fetched, submitted, collected; an LMS submission; feedback pages written."""
    klass = Class(tmp_path_factory.mktemp("exchange_course"))
    klass.instructor("release_assignment", ASSIGNMENT)
    for student in EXCHANGE_STUDENTS:
        klass.student(student, "fetch_assignment", ASSIGNMENT)
        klass.student(student, "submit", ASSIGNMENT, f"--student={student}")
    collected = klass.instructor("collect", ASSIGNMENT)
    for student in EXCHANGE_STUDENTS:
        assert f"Collecting submission: {student} {ASSIGNMENT}" in collected.stderr + collected.stdout
    lms = course.submission_folder(klass.root, LMS_STUDENT, ASSIGNMENT)
    shutil.copytree(RELEASE, lms)
    # what generate_feedback leaves: the page, and the submission's timestamp and secret if any
    for student in [*EXCHANGE_STUDENTS, LMS_STUDENT]:
        submitted = course.submission_folder(klass.root, student, ASSIGNMENT)
        folder = klass.feedback_folder(student)
        folder.mkdir(parents=True)
        (folder / f"{ASSIGNMENT}.html").write_text(feedback_page(student))
        for name in ["timestamp.txt", "submission_secret.txt"]:
            if (submitted / name).exists():
                shutil.copy2(submitted / name, folder / name)
    assert not (klass.feedback_folder(LMS_STUDENT) / "submission_secret.txt").exists()
    assert (klass.feedback_folder("ada") / "submission_secret.txt").exists()
    return klass


def test_nbgraders_own_release_feedback_stops_at_an_lms_student(graded_class):
    """Why the class exists: nbgrader 0.9's own release_feedback crashes on this course (and
    releases nothing after the LMS student)."""
    result = graded_class.instructor(
        "release_feedback", ASSIGNMENT,
        "--ExchangeFactory.release_feedback=nbgrader.exchange.default.release_feedback.ExchangeReleaseFeedback",
        check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "FileNotFoundError" in output and "timestamp.txt" in output, output
    shutil.rmtree(graded_class.exchange / COURSE_ID / "feedback", ignore_errors=True)


def test_only_lms_students_selected_fails_clearly(graded_class):
    result = graded_class.instructor("release_feedback", ASSIGNMENT, f"--student={LMS_STUDENT}", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert (f"No feedback released: every feedback folder in feedback/{LMS_STUDENT}/{ASSIGNMENT}/ came in "
            f"without the exchange ({LMS_STUDENT})") in output, output
    assert "Traceback" not in output, output
    assert graded_class.released() == []


def test_no_feedback_at_all_fails_clearly(graded_class):
    result = graded_class.instructor("release_feedback", ASSIGNMENT, "--student=nobody", check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"No feedback to release in feedback/nobody/{ASSIGNMENT}/: grade first" in output, output
    assert "Traceback" not in output, output


def test_release_feedback_releases_everyone_it_can_and_names_the_lms_student(graded_class):
    result = graded_class.instructor("release_feedback", ASSIGNMENT, check=False)
    output = result.stdout + result.stderr
    print(output)
    assert result.returncode == 0, output
    lms_line = (f"{LMS_STUDENT}: {ASSIGNMENT} came in without the exchange (LMS?): hand back "
                f"feedback/{LMS_STUDENT}/{ASSIGNMENT}/*.html yourself (it has no submission_secret.txt, "
                "timestamp.txt)")
    assert output.count(lms_line) == 1, output
    assert "Traceback" not in output, output
    for student in EXCHANGE_STUDENTS:
        assert f"Releasing feedback for student '{student}' on assignment '{COURSE_ID}/{ASSIGNMENT}/" in output
    assert f"Released the feedback of 2 student(s) on {ASSIGNMENT}; 1 to hand back yourself: {LMS_STUDENT}" in output

    # in the exchange: one page per exchange student, named by nbgrader's hash of its secret
    expected = {}
    for student in EXCHANGE_STUDENTS:
        secret = (graded_class.feedback_folder(student) / "submission_secret.txt").read_text()
        expected[f"{notebook_hash(secret=secret, notebook_id=ASSIGNMENT)}.html"] = student
    assert graded_class.released() == sorted(expected), output
    for name, student in expected.items():
        assert (graded_class.exchange / COURSE_ID / "feedback" / name).read_text() == feedback_page(student)

    # each student fetches their own page, and only theirs, with nbgrader fetch_feedback
    for student in EXCHANGE_STUDENTS:
        fetched = graded_class.student(student, "fetch_feedback", ASSIGNMENT, f"--student={student}")
        pages = sorted((graded_class.homes[student] / ASSIGNMENT / "feedback").glob("*/*.html"))
        assert [p.name for p in pages] == [f"{ASSIGNMENT}.html"], fetched.stderr
        assert pages[0].read_text() == feedback_page(student)

    # releasing again is harmless (the same pages are replaced)
    again = graded_class.instructor("release_feedback", ASSIGNMENT, check=False)
    assert again.returncode == 0, again.stderr
    assert graded_class.released() == sorted(expected)

