"""An instructor's class over time: grade, `make clean`, lose the gradebook, change a hidden test
and its points, forget `make release`, break the grading environment, hand the grades over.

One small class (a correct student, an untouched release, a wrong conv_forward, a late one, a
student named in the roster who submitted nothing) in a temporary course, graded by
`python -m cnn_course grade` in the sandbox, step by step:

1. graded once: the class report (grades.csv with a column per function and a late penalty,
   review.csv, report.html with its plots and the commonest failure per function);
2. `make clean` removes only what can be rebuilt: the grades stay and nothing is regraded;
3. the gradebook is deleted (what the old `make clean` did): everyone is graded again, same
   grades, and nobody is reported graded whom the gradebook lacks;
4. a hidden case and the points of one test change in source/ without `make release`: grading
   refuses and writes nothing;
5. after `nbgrader generate_assignment` (what `make release` runs): everyone is regraded, with
   the new points, and no score is above its maximum;
6. a grading environment that cannot start a kernel: the reference solution does not get full
   marks, grading refuses and writes nothing;
7. `clean-grades` says what it deletes, refuses without confirmation, and keeps submitted/.
"""

import csv
import hashlib
import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

import hostile
from conftest import ASSIGNMENT, ROOT, course, notebooks
from test_grading import make_course, run_grade, tree

DUE = datetime(2026, 11, 20, 12, 0, 0)
WRONG = {"conv_forward": hostile.WRONG_CONV_FORWARD}


def grades(root):
    with open(root / "reports" / ASSIGNMENT / "grades.csv") as handle:
        return {row["student_id"]: row for row in csv.DictReader(handle)}


def scores(root, students):
    return {student: course.scores(ASSIGNMENT, student, course=root) for student in students}


def course_state(root):
    """Everything grading writes: a change here means it wrote something."""
    state = {}
    for name in ["autograded", "feedback", "reports"]:
        if (root / name).exists():
            state.update({f"{name}/{k}": v for k, v in tree(root / name).items()
                          if ".grading-kernel" not in k})
    db = root / "gradebook.db"
    state["gradebook.db"] = hashlib.sha256(db.read_bytes()).hexdigest() if db.exists() else None
    return state


def add_roster_and_due_date(root):
    course.nbgrader("db", "assignment", "add", ASSIGNMENT, f"--duedate={DUE.isoformat(sep=' ')} UTC", course=root)
    course.nbgrader("db", "student", "add", "absent", "--first-name=Ada", "--last-name=Absent", course=root)


@pytest.fixture(scope="module")
def class_course(tmp_path_factory, source_nb):
    root, base = make_course(tmp_path_factory.mktemp("regrading"), source_nb)
    with open(root / "nbgrader_config.py", "a") as config:   # a late submission scores 0
        config.write('\nc.LateSubmissionPlugin.penalty_method = "zero"\n')
    add_roster_and_due_date(root)
    class_ = {"right": base.solved(), "stub": base.release, "wrong": base.solved(**WRONG), "late": base.solved()}
    for student, nb in class_.items():
        folder = course.submission_folder(root, student, ASSIGNMENT)
        hostile.save(folder, nb, base)
        when = DUE + (timedelta(hours=5) if student == "late" else -timedelta(hours=1))
        (folder / "timestamp.txt").write_text(when.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
    output = run_grade(root)
    print(output)
    return root, base, sorted(class_), output


def test_the_class_report(class_course):
    root, _, students, output = class_course
    rows = grades(root)
    assert set(rows) == {*students, "absent"}, "one row per student of the roster"
    functions = [grade_id.removeprefix("test_") for grade_id in
                 notebooks.graded_cells(notebooks.read(root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"))]
    for name in functions + ["raw_score", "late_penalty", "score", "max_score", "status"]:
        assert name in rows["right"], name
    assert [float(rows["wrong"][f]) for f in functions] == \
        [0.0 if f == "conv_forward" else float(rows["right"][f]) for f in functions]
    assert float(rows["right"]["score"]) == 100 and float(rows["stub"]["score"]) == 0
    assert float(rows["wrong"]["score"]) == 80 and rows["wrong"]["late_penalty"] == "0"
    assert float(rows["late"]["raw_score"]) == 100 and float(rows["late"]["late_penalty"]) == 100 \
        and float(rows["late"]["score"]) == 0, rows["late"]
    assert rows["absent"]["status"] == "no submission" and float(rows["absent"]["score"]) == 0
    assert rows["absent"]["first_name"] == "Ada"
    page = (root / "reports" / ASSIGNMENT / "report.html").read_text()
    assert page.count("src='data:image/png;base64,") == 2, "score histogram and pass rates per function"
    assert re.search(r"mean</th><td>[\d.]+ / 100", page)
    # the commonest failure of conv_forward is the wrong student's message, read from the graded notebook
    assert re.search(r"<td>conv_forward</td>.*?<td>CheckFailed: conv_forward: [^<]+\(1 student\)</td>", page, re.S), \
        page[page.index("Per function"):][:3000]
    assert "grades: " in output and "report.html" in output


def test_make_clean_keeps_the_grades(class_course):
    root, _, students, _ = class_course
    before = scores(root, students)
    shutil.copy2(ROOT / "Makefile", root / "Makefile")
    (root / ".venv").mkdir()                       # what make clean may remove
    result = subprocess.run(["make", "clean"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not (root / ".venv").exists()
    for kept in ["gradebook.db", "submitted", "feedback", "reports", f"autograded/right/{ASSIGNMENT}",
                 f"autograded/.grading/{ASSIGNMENT}"]:
        assert (root / kept).exists(), kept
    output = run_grade(root)
    assert f"0 to grade, {len(students)} unchanged since graded" in output, output
    assert scores(root, students) == before


def test_a_lost_gradebook_is_regraded_not_reported_empty(class_course):
    root, _, students, _ = class_course
    before = scores(root, students)
    (root / "gradebook.db").unlink()
    add_roster_and_due_date(root)        # the instructor imports them again
    output = run_grade(root)
    assert f"{len(students)} to grade" in output and "0/-  graded" not in output, output
    assert len(re.findall(r"^\[\d/\d\] \w+ graded", output, re.M)) == len(students), output
    assert scores(root, students) == before
    assert {s: float(r["score"]) for s, r in grades(root).items() if s in students} == \
        {"right": 100, "stub": 0, "wrong": 80, "late": 0}


def test_a_stale_release_is_refused_and_nothing_written(class_course):
    root, _, _, _ = class_course
    source = root / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = notebooks.read(source)
    for cell in nb.cells:
        meta = notebooks.nbgrader_metadata(cell)
        if meta.get("grade_id") == "test_zero_pad":
            meta["points"] = 5
            cell.source = cell.source.replace("### END HIDDEN TESTS",
                                              "assert zero_pad(np.ones((1, 1, 1, 1)), 1).shape == (1, 3, 3, 1)\n"
                                              "### END HIDDEN TESTS")
            break
    else:
        pytest.fail("no test_zero_pad cell")
    notebooks.write(nb, source)
    before = course_state(root)
    output = run_grade(root, expect=2)
    assert "is not what source/" in output and "make release" in output and "nothing was graded" in output, output
    assert course_state(root) == before


def test_changed_tests_regrade_everyone(class_course):
    root, _, students, _ = class_course
    course.generate_release(ASSIGNMENT, course=root)          # what `make release` runs
    output = run_grade(root)
    assert f"{len(students)} to grade" in output, output
    assert len(re.findall(r"^\[\d/\d\] \w+ graded", output, re.M)) == len(students), output
    for student, table in scores(root, students).items():
        assert table["test_zero_pad"][1] == 5, (student, table)
        assert all(score <= best for score, best in table.values()), (student, table)
    assert {s: float(r["score"]) for s, r in grades(root).items() if s in students} == \
        {"right": 95, "stub": 0, "wrong": 75, "late": 0}
    assert float(grades(root)["right"]["max_score"]) == 95
    # a points change after release is no student's doing: no review reason for it
    assert "changed the points" not in output, output


def test_a_broken_grading_environment_is_refused_and_nothing_written(class_course):
    root, _, _, _ = class_course
    config = root / "nbgrader_config.py"
    original = config.read_text()
    config.write_text(original + "\nc.Execute.startup_timeout = 0.01   # no kernel starts this fast\n")
    try:
        before = course_state(root)
        output = run_grade(root, "--force", expect=2)
        assert "the reference solution of cnn_step_by_step got 0/" in output and "nothing was graded" in output, output
        assert course_state(root) == before
    finally:
        config.write_text(original)


def test_clean_grades_says_what_it_deletes_and_keeps_submissions(class_course):
    root, _, students, _ = class_course
    submitted = tree(root / "submitted")
    command = [sys.executable, "-m", "cnn_course", "clean-grades"]
    refused = subprocess.run(command, cwd=root, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert refused.returncode != 0 and "nothing deleted" in refused.stderr, refused
    assert "gradebook.db" in refused.stdout and "feedback/" in refused.stdout and "reports/" in refused.stdout
    assert (root / "gradebook.db").exists()
    done = subprocess.run(command + ["--yes"], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for gone in ["gradebook.db", "feedback", "reports", "autograded/right", "autograded/.grading"]:
        assert not (root / gone).exists(), gone
    assert tree(root / "submitted") == submitted
