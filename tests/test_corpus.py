"""The grades are right: a corpus of wrong and right implementations, autograded by nbgrader.

Each file in tests/corpus/wrong/ and tests/corpus/right/ is the replacement code of one
answer cell; its name is ``<function>__<what it does>.py`` and its first line says what it
does.  Every case becomes one submission: the released notebook with all answers correct
except that one function.  All are autograded with nbgrader (in two temporary courses run
side by side, to use both cores), then:

- every wrong case loses points on its own function's test cell, and only there;
- every right case gets 100;
- no test cell of a right case writes to stderr (nbgrader zeroes such cells);
- the feedback of a wrong case explains the failure without showing hidden test code.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ASSIGNMENT, course, notebooks

CORPUS = Path(__file__).parent / "corpus"
GROUPS = 2


def load_cases():
    """[(case name, kind, function, code)] for every corpus file, plus the plain reference."""
    cases = [("reference", "right", None, None)]
    for kind in ["wrong", "right"]:
        for path in sorted((CORPUS / kind).glob("*.py")):
            cases.append((path.stem, kind, path.stem.split("__")[0], path.read_text()))
    return cases


CASES = load_cases()


@pytest.fixture(scope="session")
def corpus_results(tmp_path_factory, source_nb):
    """Autograde every case; return {case: (scores, autograded notebook, feedback html)}."""
    groups = []
    for g in range(GROUPS):
        root = course.copy_course(tmp_path_factory.mktemp(f"corpus{g}"))
        course.generate_release(ASSIGNMENT, course=root)
        groups.append(root)
    release_nb = notebooks.read(groups[0] / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    where = {}
    for n, (name, _, function, code) in enumerate(CASES):
        root = groups[n % GROUPS]
        submission = notebooks.fill_solutions(release_nb, source_nb, {function: code} if function else None)
        folder = course.submission_folder(root, name, ASSIGNMENT)
        shutil.copytree(root / "release" / ASSIGNMENT, folder)
        notebooks.write(submission, folder / f"{ASSIGNMENT}.ipynb")
        where[name] = root
    commands = [[sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT], [sys.executable, "-m", "nbgrader", "generate_feedback", ASSIGNMENT]]
    for command in commands:
        runs = [subprocess.Popen(command, cwd=root, env=course.environment(), stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True) for root in groups]
        for run in runs:
            output = run.communicate()[0]
            assert run.returncode == 0, output
    results = {}
    for name, root in where.items():
        results[name] = (course.scores(ASSIGNMENT, name, course=root),
                         notebooks.read(root / "autograded" / name / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
                         (root / "feedback" / name / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text())
    return results


def _table(results):
    cells = list(next(iter(results.values()))[0])
    lines = [f"{'case':58s} {'kind':5s} total  " + " ".join(c.removeprefix("test_")[:8].rjust(8) for c in cells)]
    for name, kind, _, _ in CASES:
        scores = results[name][0]
        total = sum(score for score, _ in scores.values())
        lines.append(f"{name:58s} {kind:5s} {total:5g}  " + " ".join(f"{scores[c][0]:8g}" for c in cells))
    return "\n".join(lines)


def test_corpus_is_large_enough():
    kinds = [kind for _, kind, _, _ in CASES]
    assert kinds.count("wrong") >= 25 and kinds.count("right") >= 10
    functions = {function for _, _, function, _ in CASES if function}
    assert len(functions) == 8, functions


def test_every_grade_is_right(corpus_results, capsys):
    with capsys.disabled():
        print("\n" + _table(corpus_results))
    problems = []
    for name, kind, function, _ in CASES:
        scores = corpus_results[name][0]
        for cell, (score, best) in scores.items():
            own = cell == f"test_{function}"
            if kind == "wrong" and own and score >= best:
                problems.append(f"{name}: wrong {function} got full marks ({score}/{best})")
            if (kind == "right" or not own) and score != best:
                problems.append(f"{name}: {cell} lost points ({score}/{best})")
    assert not problems, "\n".join(problems) + "\n" + _table(corpus_results)


def test_no_test_cell_of_a_right_case_writes_to_stderr(corpus_results):
    for name, kind, _, _ in CASES:
        if kind == "right":
            nb = corpus_results[name][1]
            noisy = [notebooks.nbgrader_metadata(cell)["grade_id"] for cell in nb.cells
                     if notebooks.nbgrader_metadata(cell).get("grade")
                     for out in cell.outputs if out.output_type == "stream" and out.name == "stderr"]
            assert not noisy, (name, noisy)


@pytest.mark.parametrize("name", [name for name, kind, _, _ in CASES if kind == "wrong"])
def test_feedback_explains_without_revealing_hidden_tests(corpus_results, name):
    function = name.split("__")[0]
    html = corpus_results[name][2]
    assert f"{function}:" in html, "the failure message names the function"
    assert f"CheckFailed: {function}" in html, "the failed check is reported by its message"
    # hidden test code: the references, the random cases, the loops over cases
    for secret in ["BEGIN HIDDEN TESTS", "_reference", "sliding_window_view", "default_rng", "dtype, hint in ["]:
        assert secret not in html, f"feedback of {name} reveals {secret!r}"
    assert "hidden tests: they ran when your work was graded" in html
