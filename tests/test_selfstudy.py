"""Self-study: the in-notebook full checks, `make check` and the instructor's autograde agree,
and the graded release holds no hidden case."""

import json
import re
import shutil
import subprocess
import sys

import pytest

from cnn_course import ASSIGNMENTS
from cnn_course.assignments import english, named
from conftest import ASSIGNMENT, RELEASE, ROOT, course, execute, notebooks, run_in_kernel


def test_graded_release_holds_no_hidden_case():
    assert not (RELEASE / "cnn_selfcheck.json").exists()
    for path in RELEASE.rglob("*"):
        if path.suffix in (".py", ".ipynb", ".json", ".txt"):
            text = path.read_text()
            for secret in ["BEGIN HIDDEN TESTS", "default_rng", "_reference", "sliding_window_view"]:
                assert secret not in text, f"{path.relative_to(ROOT)} contains {secret!r}"


@pytest.fixture(scope="module")
def selfstudy_course(tmp_path_factory):
    """A clone-like copy of the course where `python -m cnn_course notebooks` has run."""
    root = course.copy_course(tmp_path_factory.mktemp("selfstudy"))
    shutil.copytree(RELEASE.parent, root / "release")
    subprocess.run([sys.executable, "-m", "cnn_course", "notebooks"], cwd=root, check=True, capture_output=True)
    return root


def test_notebooks_copy_has_full_tests_and_keeps_learner_work(selfstudy_course):
    folder = selfstudy_course / "notebooks"
    every = json.loads((folder / "cnn_selfcheck.json").read_text())["assignments"]
    assert list(every) == list(ASSIGNMENTS)            # keyed by assignment: no clash of function names
    for assignment in ASSIGNMENTS:
        tests = every[assignment]
        assert tests.keys() == named(assignment, ROOT).points().keys()
        assert all("BEGIN HIDDEN TESTS" in t["source"] for t in tests.values()), assignment
        assert (folder / f"{assignment}.ipynb").exists()
    notebook = folder / f"{ASSIGNMENT}.ipynb"
    nb = notebooks.read(notebook)
    nb.cells[0].source += "\n\nMy notes."
    notebooks.write(nb, notebook)
    (folder / "cnn_checks.py").write_text("# stale\n")
    result = subprocess.run([sys.executable, "-m", "cnn_course", "notebooks"], cwd=selfstudy_course,
                            check=True, capture_output=True, text=True)
    assert "kept your notebooks/cnn_step_by_step.ipynb" in result.stdout
    assert "My notes." in notebooks.read(notebook).cells[0].source
    assert (folder / "cnn_checks.py").read_text() == (RELEASE / "cnn_checks.py").read_text()


def _learner_notebooks(assignment, source_nb, release_nb):
    """A learner with two wrong functions (the assignment's `learner` corpus cases) and one who
    changed nothing."""
    corpus = ROOT / "tests" / "corpus" / assignment / "wrong"
    wrong = {case.split("__")[0]: (corpus / f"{case}.py").read_text() for case in named(assignment, ROOT).learner}
    assert len(wrong) == 2, f"source/{assignment}/assignment.toml: [tests] learner names two corpus cases"
    return {"two_wrong": notebooks.fill_solutions(release_nb, source_nb, wrong), "untouched": release_nb}, wrong


def _in_notebook_scores(executed):
    text = "".join(out.get("text", "") for cell in executed.cells if cell.cell_type == "code"
                   for out in cell.outputs if out.output_type == "stream")
    table = dict((name, float(score)) for name, score in
                 re.findall(r"^(\w+) +(?:passed|FAILED) +(\d+) / ", text, re.M))
    total = float(re.search(r"Score the autograder would give: (\d+) / 100", text).group(1))
    lines = dict((name, float(score)) for name, score in
                 re.findall(r"^[\u2714\u2718] (\w+): (?:all checks passed, hidden cases included: )?(\d+) / ", text, re.M))
    return table, total, lines


def _check_scores(output):
    return dict((name, float(score)) for name, score in
                re.findall(r"^(\w+) +([\d.]+) / [\d.]+ +(?:passed|FAILED)", output, re.M))


def _without(nb, grade_ids):
    nb = notebooks.nbformat.from_dict(nb)
    nb.cells = [cell for cell in nb.cells if notebooks.nbgrader_metadata(cell).get("grade_id") not in grade_ids]
    return nb


# the English assignments: an edition grades the same cells (tests/test_editions.py checks that)
@pytest.mark.parametrize("assignment", [a.name for a in english(ROOT)])
def test_in_notebook_check_make_check_and_autograde_agree(selfstudy_course, tmp_path, assignment):
    """Without the assignment's heavy cells (training: ungraded, and minutes each run), as the
    corpus courses; tests/test_release.py runs every cell."""
    heavy = named(assignment, ROOT).heavy
    source_nb = _without(notebooks.read(ROOT / "source" / assignment / f"{assignment}.ipynb"), heavy)
    release_nb = _without(notebooks.read(ROOT / "release" / assignment / f"{assignment}.ipynb"), heavy)
    learner, wrong = _learner_notebooks(assignment, source_nb, release_nb)
    points = named(assignment, ROOT).graded_functions()
    instructor = course.copy_course(tmp_path / "instructor")
    notebooks.write(source_nb, instructor / "source" / assignment / f"{assignment}.ipynb")
    course.generate_release(assignment, course=instructor)
    for student, nb in learner.items():
        folder = course.submission_folder(instructor, student, assignment)
        shutil.copytree(instructor / "release" / assignment, folder)
        notebooks.write(nb, folder / f"{assignment}.ipynb")
    course.nbgrader("autograde", assignment, course=instructor)
    for student, nb in learner.items():
        graded = {grade_id.removeprefix("test_"): score
                  for grade_id, (score, _) in course.scores(assignment, student, course=instructor).items()}
        executed = execute(nb, selfstudy_course / "notebooks", timeout=300)
        table, total, lines = _in_notebook_scores(executed)
        path = tmp_path / f"{student}" / f"{assignment}.ipynb"
        path.parent.mkdir()
        notebooks.write(nb, path)
        result = subprocess.run([sys.executable, "-m", "cnn_course", "check", str(path)], cwd=ROOT,
                                env=course.environment(), capture_output=True, text=True, check=True)
        checked = _check_scores(result.stdout)
        assert (path.parent / f"{assignment}_feedback.html").exists()
        assert table == lines == checked == graded, (student, table, lines, checked, graded)
        expected = {"two_wrong": 100 - sum(points[name] for name in wrong), "untouched": 0}[student]
        assert total == sum(graded.values()) == expected, (student, graded)


@pytest.mark.parametrize("edition", ["", "zh"])
def test_make_lab_serves_the_notebook(edition):
    """`make lab` (the README's command) copies the notebooks and serves the assignment;
    `make lab EDITION=zh` serves its Chinese edition in a JupyterLab whose menus are Chinese
    (the language pack, chosen for that lab only: the English lab stays English)."""
    import socket
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    lab = subprocess.Popen(["make", "lab", f"EDITION={edition}",
                            f"LAB_ARGS=--no-browser --port={port} --ServerApp.token=course-test"],
                           cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           start_new_session=True)
    notebook = ASSIGNMENT + (f"_{edition}" if edition else "")
    url = f"http://127.0.0.1:{port}/lab/tree/notebooks/{notebook}.ipynb?token=course-test"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as page:
                    assert page.status == 200
                    break
            except OSError:
                assert lab.poll() is None, lab.stdout.read()
                assert time.monotonic() < deadline, "JupyterLab did not answer within 90 s"
                time.sleep(1)
        contents = f"http://127.0.0.1:{port}/api/contents/notebooks/{notebook}.ipynb?token=course-test&content=0"
        with urllib.request.urlopen(contents, timeout=5) as answer:
            assert json.load(answer)["type"] == "notebook"
        settings = f"http://127.0.0.1:{port}/lab/api/settings/@jupyterlab/translation-extension:plugin?token=course-test"
        with urllib.request.urlopen(settings, timeout=5) as answer:
            locale = json.load(answer)["schema"]["properties"]["locale"]["default"]   # with the overrides
        assert locale == ("zh_CN" if edition == "zh" else "default"), locale
        if edition == "zh":     # the language pack is installed and has JupyterLab's own words in Chinese
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab/api/translations/zh_CN?token=course-test",
                                        timeout=5) as answer:
                data = json.load(answer)["data"]
            assert "文件" in json.dumps(data["jupyterlab"], ensure_ascii=False)
        # a self-learner's JupyterLab: no instructor tools, no Assignment List (no exchange)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token=course-test", timeout=5) as page:
            config = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page.read().decode(), re.S).group(1)
        disabled = json.loads(config)["disabledExtensions"]
        for extension in ["formgrader", "create-assignment", "course-list", "assignment-list"]:
            assert f"@jupyter/nbgrader:{extension}" in disabled, disabled
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/formgrader?token=course-test", timeout=5)
            raise AssertionError("the formgrader is served to a learner")
        except urllib.error.HTTPError as error:
            assert error.code == 404
    finally:
        import os
        import signal

        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=30)


def test_a_learner_can_see_the_solution_and_start_an_exercise_again(selfstudy_course, tmp_path):
    """In a kernel started in notebooks/: check.solution(name) prints the reference solution of
    an exercise; check.reset(name) asks JupyterLab to replace the cell it runs in with the
    exercise's starting code (IPython's set_next_input payload). In a graded edition (no
    cnn_selfcheck.json) neither reveals anything."""
    data = json.loads((selfstudy_course / "notebooks" / "cnn_selfcheck.json").read_text())
    solution, stub = data["solutions"][ASSIGNMENT]["conv_forward"], data["stubs"][ASSIGNMENT]["conv_forward"]
    assert "def conv_forward" in solution and "BEGIN SOLUTION" not in solution and "NotImplementedError" not in solution
    assert "raise NotImplementedError()" in stub
    graded = tmp_path / "graded"
    shutil.copytree(RELEASE, graded)
    for folder, expect_solution in [(selfstudy_course / "notebooks", True), (graded, False)]:
        text, reply = run_in_kernel('import cnn_checks as check\ncheck.solution("conv_forward")\n'
                                    'check.reset("conv_forward")', folder)
        payloads = reply["content"].get("payload", [])
        if expect_solution:
            assert solution in text
            assert any(p.get("source") == "set_next_input" and p.get("text") == stub and p.get("replace")
                       for p in payloads), payloads
        else:
            assert "def conv_forward" not in text and "self-study edition" in text and not payloads


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_contents_link_to_headings_of_the_notebook(assignment):
    """Each notebook lists its exercises with links; each link is a heading's anchor as
    JupyterLab (and nbconvert) make them: the heading's text, spaces turned into '-'."""
    nb = notebooks.read(ROOT / "release" / assignment / f"{assignment}.ipynb")
    text = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    anchors = {line.lstrip("#").strip().replace(" ", "-") for line in text.splitlines() if re.match(r"#{1,6} ", line)}
    links = re.findall(r"\]\(#([^)]+)\)", text)
    exercises = len(re.findall(r"^### (?:Exercise|练习) \d+", text, re.M))
    assert len(set(links)) >= exercises >= 8
    assert set(links) <= anchors, set(links) - anchors
