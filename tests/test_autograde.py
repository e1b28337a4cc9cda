"""The instructor flow on a temporary course: a correct submission gets 100, the stub 0."""

import csv

from conftest import ASSIGNMENT, course


def _total(scores):
    return sum(score for score, _ in scores.values()), sum(best for _, best in scores.values())


def test_solutions_autograde_to_100(graded_course):
    root, _ = graded_course
    scores = course.scores(ASSIGNMENT, "solver", course=root)
    assert _total(scores) == (100, 100), scores


def test_untouched_release_autogrades_to_0(graded_course):
    root, _ = graded_course
    scores = course.scores(ASSIGNMENT, "untouched", course=root)
    assert len(scores) == 8
    assert _total(scores) == (0, 100), scores


def test_nbgrader_commands_ran_without_errors(graded_course):
    _, logs = graded_course
    for command, result in logs.items():
        assert result.returncode == 0, command
        assert "[ERROR]" not in result.stderr and "| ERROR]" not in result.stderr, (command, result.stderr)


def test_feedback_and_grades_are_written(graded_course):
    root, _ = graded_course
    for student in ["solver", "untouched"]:
        assert (root / "feedback" / student / ASSIGNMENT / f"{ASSIGNMENT}.html").exists()
    with open(root / "grades.csv") as handle:
        rows = {row["student_id"]: float(row["score"]) for row in csv.DictReader(handle)}
    assert rows == {"solver": 100.0, "untouched": 0.0}


def test_stub_feedback_explains_not_implemented(graded_course):
    root, _ = graded_course
    html = (root / "feedback" / "untouched" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "is not implemented yet" in html
