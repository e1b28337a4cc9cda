"""`python -m cnn_course collect ASSIGNMENT --lms {canvas,moodle,plain}` (`make collect`):
realistic downloads of Canvas, Moodle and a plain folder, put in downloaded/<assignment>/archive/
of a temporary course, land as submitted/<student id>/cnn_step_by_step/cnn_step_by_step.ipynb
through nbgrader's zip_collect; re-runs keep what was collected unless --force; a missing
download says where to put it; and a collected class grades (solved 100, stub 0)."""

import hashlib
import shutil
import subprocess
import sys
import zipfile

import nbformat
import pytest

from conftest import ASSIGNMENT, ROOT, course, notebooks

NOTEBOOK = f"{ASSIGNMENT}.ipynb"
TIMEOUT_FOR_TESTS = 10   # seconds per cell when the collected class is graded (the course uses 30)


@pytest.fixture(scope="module")
def template(tmp_path_factory, source_nb):
    """A course with its release generated (copied for each test) and the two notebooks a
    student can hand in: all solutions filled in, and the untouched release."""
    root = course.copy_course(tmp_path_factory.mktemp("lms") / "course")
    with open(root / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.Execute.timeout = {TIMEOUT_FOR_TESTS}\n")
    course.generate_release(ASSIGNMENT, course=root)
    release = notebooks.read(root / "release" / ASSIGNMENT / NOTEBOOK)
    return root, {"solved": notebooks.fill_solutions(release, source_nb), "stub": release}


class Class:
    """A temporary course and the notebooks its students hand in, each one different."""

    def __init__(self, root, nbs):
        self.root, self.nbs = root, nbs
        self.archive = root / "downloaded" / ASSIGNMENT / "archive"

    def notebook(self, tag, kind="solved"):
        """The bytes of a notebook that no other student hands in: the solved notebook or the
        stub with a markdown cell naming `tag` at the end."""
        nb = nbformat.from_dict(self.nbs[kind])
        nb.cells.append(nbformat.v4.new_markdown_cell(f"handed in by {tag}"))
        nbformat.validate(nb)
        return nbformat.writes(nb).encode()

    def zip(self, name, entries):
        """Write archive/NAME, a zip of {path in the zip: bytes or str}."""
        self.archive.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(self.archive / name, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, data in entries.items():
                archive.writestr(path, data)

    def collect(self, lms, *args):
        """Run the instructor's command in the course; nothing may go to stderr."""
        result = subprocess.run([sys.executable, "-m", "cnn_course", "collect", ASSIGNMENT, "--lms", lms, *args],
                                cwd=self.root, env=course.environment(), capture_output=True, text=True,
                                timeout=300)
        print(result.stdout)
        assert result.stderr == "", result.stderr
        return result

    def submitted(self):
        """{path relative to submitted/: sha256} of every file in submitted/."""
        folder = self.root / "submitted"
        return {p.relative_to(folder).as_posix(): sha(p.read_bytes())
                for p in sorted(folder.rglob("*")) if p.is_file()} if folder.is_dir() else {}


def sha(data):
    return hashlib.sha256(data).hexdigest()


def collected(student, data, name=NOTEBOOK):
    return {f"{student}/{ASSIGNMENT}/{name}": sha(data)}


@pytest.fixture
def klass(template, tmp_path):
    root, nbs = template
    return Class(shutil.copytree(root, tmp_path / "course"), nbs)


def test_canvas_download(klass):
    jane_old, jane_late, john, ann, bo = (klass.notebook(tag) for tag in ["jane 1", "jane 2", "john", "ann", "bo"])
    # the download before the due date, then the one after it (Canvas: each student's latest
    # submission; ids grow with each upload; -1, -2 on a file name uploaded before)
    klass.zip("submissions.zip", {
        f"doejane_12345_678777_{NOTEBOOK}": jane_old,
        f"roejohn_23456_678800_{NOTEBOOK}": john,
        "roejohn_23456_678801_notes.txt": "my notes",
        f"__MACOSX/._doejane_12345_678777_{NOTEBOOK}": "resource fork",
        NOTEBOOK: klass.notebook("nobody"),
        "leebo_45678_678900_My Assignment (1).ipynb": bo,
    })
    klass.zip("submissions (1).zip", {
        f"doejane_LATE_12345_678901_{ASSIGNMENT}-1.ipynb": jane_late,
        f"roejohn_23456_678800_{NOTEBOOK}": john,
        f"smithann_LATE_34567_678950_{ASSIGNMENT}-2.ipynb": ann,
    })
    result = klass.collect("canvas")
    assert result.returncode == 0
    assert klass.submitted() == {**collected("12345", jane_late), **collected("23456", john),
                                 **collected("34567", ann), **collected("45678", bo, "My Assignment (1).ipynb")}
    out = result.stdout
    assert (f"12345 (doejane): collected submissions (1)/doejane_LATE_12345_678901_{ASSIGNMENT}-1.ipynb "
            f"-> submitted/12345/{ASSIGNMENT}/{NOTEBOOK}   [LATE]") in out
    assert f"skipped submissions/doejane_12345_678777_{NOTEBOOK}: an older upload" in out
    assert (f"skipped submissions (1)/roejohn_23456_678800_{NOTEBOOK}: the same notebook as "
            f"submissions/roejohn_23456_678800_{NOTEBOOK}") in out
    assert "skipped submissions/roejohn_23456_678801_notes.txt: not a notebook" in out
    assert f"skipped submissions/{NOTEBOOK}: matches no canvas file name" in out
    assert f"skipped submissions/__MACOSX/._doejane_12345_678777_{NOTEBOOK}: a hidden file" in out
    assert f"note: named My Assignment (1).ipynb by the student: make grade grades it as {NOTEBOOK}" in out
    assert "collect: 4 collected, 0 kept as collected before, 0 not collected; 5 file(s) skipped" in out
    assert "collect: late (Canvas's LATE mark): 12345, 34567" in out
    assert sorted(p.name for p in klass.archive.iterdir()) == ["submissions (1).zip", "submissions.zip"]


def test_moodle_download(klass):
    jane, john, ann, bo_1, bo_2, blind = (klass.notebook(tag) for tag in ["jane", "john", "ann", "bo 1", "bo 2", "p"])
    klass.zip("CNN-Step by step-4242.zip", {
        f"Jane Doe_12345_assignsubmission_file_/{NOTEBOOK}": jane,
        f"John Roe_23456_assignsubmission_file_/{NOTEBOOK}": john,
        "John Roe_23456_assignsubmission_onlinetext_/onlinetext.html": "<p>see the notebook</p>",
        f"Ann Smith_34567_assignsubmission_file_{NOTEBOOK}": ann,           # "download in folders" off
        f"Bo Lee_45678_assignsubmission_file_/{NOTEBOOK}": bo_1,           # two different notebooks
        f"Bo Lee_45678_assignsubmission_file_/old/{NOTEBOOK}": bo_2,       # and no way to tell the newer
        f"Participant_56789_assignsubmission_file_/{NOTEBOOK}": blind,     # blind marking
        f"doejane_12345_678901_{NOTEBOOK}": jane,                          # a Canvas file in the wrong place
    })
    result = klass.collect("moodle")
    assert result.returncode == 0
    assert klass.submitted() == {**collected("12345", jane), **collected("23456", john),
                                 **collected("34567", ann), **collected("56789", blind)}
    out = result.stdout
    assert (f"12345 (Jane Doe): collected CNN-Step by step-4242/Jane Doe_12345_assignsubmission_file_/{NOTEBOOK} "
            f"-> submitted/12345/{ASSIGNMENT}/{NOTEBOOK}") in out
    assert "45678 (Bo Lee): NOT collected" in out
    assert out.count("2 different notebooks and nothing in their names says which is newest") == 2
    assert "John Roe_23456_assignsubmission_onlinetext_/onlinetext.html: not a notebook" in out
    assert "matches no moodle file name (it looks like a canvas download: --lms canvas)" in out
    assert "collect: 4 collected, 0 kept as collected before, 1 not collected; 4 file(s) skipped" in out


def test_plain_download_and_reruns_keep_collected_work_unless_force(klass):
    s001, s002, s003, mail = (klass.notebook(tag) for tag in ["s001", "s002", "s003", "mail"])
    klass.archive.mkdir(parents=True)
    (klass.archive / "s001.ipynb").write_bytes(s001)                    # a loose notebook
    klass.zip("class.zip", {"s002.ipynb": s002, "jane.doe@uni.example.ipynb": mail,
                            NOTEBOOK: klass.notebook("nobody"), "README.txt": "hello"})
    result = klass.collect("plain")
    assert result.returncode == 0
    first = {**collected("s001", s001), **collected("s002", s002), **collected("jane.doe@uni.example", mail)}
    assert klass.submitted() == first
    assert f"skipped class/{NOTEBOOK}: named like the assignment, not like a student" in result.stdout
    assert "skipped class/README.txt: matches no plain file name" in result.stdout

    # a second download: s001 handed in again, s003 is new
    s001_again = klass.notebook("s001 again")
    (klass.archive / "s001.ipynb").write_bytes(s001_again)
    (klass.archive / "s003.ipynb").write_bytes(s003)
    result = klass.collect("plain")
    assert result.returncode == 0
    assert klass.submitted() == {**first, **collected("s003", s003)}, "a re-run without --force changed submitted/"
    out = result.stdout
    assert (f"s001: kept submitted/s001/{ASSIGNMENT}/ as it is: already collected, and this download's "
            "notebook differs: --force replaces it") in out
    assert f"s002: kept submitted/s002/{ASSIGNMENT}/ as it is: already collected, the same notebook" in out
    assert "collect: 1 collected, 3 kept as collected before (--force replaces them)" in out

    result = klass.collect("plain", "--force")
    assert result.returncode == 0
    assert klass.submitted() == {**first, **collected("s001", s001_again), **collected("s003", s003)}
    assert "collect: 4 collected, 0 kept" in result.stdout


def test_without_a_download_it_says_where_to_put_it(klass):
    (klass.root / "submitted" / "earlier" / ASSIGNMENT).mkdir(parents=True)
    (klass.root / "submitted" / "earlier" / ASSIGNMENT / NOTEBOOK).write_bytes(klass.notebook("earlier"))
    before = klass.submitted()
    assert not (klass.root / "downloaded").exists()
    for state in ["did not exist (created it, empty)", "is empty"]:
        result = klass.collect("canvas")
        assert result.returncode == 1
        assert f"nothing to collect: downloaded/{ASSIGNMENT}/archive/ {state}" in result.stdout
        assert '"Download Submissions"' in result.stdout
        assert f"put the zip(s) as downloaded, not unpacked, in downloaded/{ASSIGNMENT}/archive/" in result.stdout
        assert "make collect LMS=canvas" in result.stdout
        assert klass.submitted() == before
        assert klass.archive.is_dir() and not list(klass.archive.iterdir())


def test_make_collect_runs_the_command():
    listed = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "make collect " in listed and "LMS=canvas|moodle|plain" in listed
    dry = subprocess.run(["make", "-n", "collect", "LMS=moodle", "ASSIGNMENT=cnn_application", "COLLECT_ARGS=--force"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert f"{ROOT}/.venv/bin/python -m cnn_course collect cnn_application --lms moodle --force" in dry


def test_a_collected_class_grades(klass):
    from cnn_course.grading import sandbox_available

    assert sandbox_available(), "bubblewrap and setpriv as root are needed: .ci/run installs bubblewrap"
    klass.zip("submissions.zip", {
        f"doejane_LATE_12345_678901_{ASSIGNMENT}-1.ipynb": nbformat.writes(klass.nbs["solved"]),
        f"roejohn_23456_678902_{NOTEBOOK}": nbformat.writes(klass.nbs["stub"]),
    })
    assert klass.collect("canvas").returncode == 0
    assert sorted(klass.submitted()) == [f"12345/{ASSIGNMENT}/{NOTEBOOK}", f"23456/{ASSIGNMENT}/{NOTEBOOK}"]
    result = subprocess.run([sys.executable, "-m", "cnn_course", "grade", ASSIGNMENT, "--jobs", "2"],
                            cwd=klass.root, env=course.environment(), capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    totals = {student: sum(score for score, _ in course.scores(ASSIGNMENT, student, course=klass.root).values())
              for student in ["12345", "23456"]}
    assert totals == {"12345": 100, "23456": 0}, result.stdout
    assert "needs a person's look: 0" in result.stdout, result.stdout
