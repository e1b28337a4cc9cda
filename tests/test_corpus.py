"""The grades are right: a corpus of wrong and right implementations, autograded by nbgrader.

Each file in tests/corpus/<assignment>/{wrong,right}/ is the replacement code of one
answer cell; its name is ``<function>__<what it does>.py`` and its first line says what it
does; a wrong case's second line may be ``# hint: <words>``, words its feedback must show (the
hint for that mistake, which learners really make).  The cases are packed into submissions of
at most one case per function (the released notebook with those answers, the reference
everywhere else: as many submissions as the function with the most cases has cases, a fifth of
one submission per case), plus the reference alone.  This relies on, and so tests, what grading
promises: each function is graded alone (a test cell swaps in correct versions of the
exercises it calls), so a mistake costs the points of its own function and no others.  All are
autograded with nbgrader (in two temporary courses run side by side, to use both cores), then:

- every wrong case loses points on its own function's test cell;
- every right case's cell, and every cell of a function the submission has no case for, gets
  full marks (a mistake costs no other function's points);
- no test cell of a right function writes to stderr (nbgrader zeroes such cells);
- the feedback of a wrong case explains the failure, with the hint for its mistake in its own
  function's test cell where the case names one, without showing hidden test code.
"""

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cnn_course import ASSIGNMENTS
from cnn_course.assignments import named
from conftest import ROOT, course, notebooks

# Every assignment with a corpus; its functions, points, secrets (hidden-test words feedback must
# not show) and heavy cells come from source/<assignment>/ (cnn_course/assignments.py).
CORPORA = {assignment: Path(__file__).parent / "corpus" / assignment for assignment in ASSIGNMENTS
           if (Path(__file__).parent / "corpus" / assignment).is_dir()}
INFO = {assignment: named(assignment, ROOT) for assignment in CORPORA}
FUNCTIONS = {assignment: len(info.graded_functions()) for assignment, info in INFO.items()}
SECRETS = {assignment: info.secrets for assignment, info in INFO.items()}
GROUPS = 2
# Cells that train and look at a network (assignment.toml's `heavy`): not graded, and most of
# the notebook's run time.  The corpus courses leave them out of their source, so that nbgrader
# grades ~40 cases in minutes; the whole notebook is graded by the assignment's own tests.
UNGRADED_HEAVY = {assignment: info.heavy for assignment, info in INFO.items()}


def case_code(path):
    """A corpus file's code as the learner wrote it: without its header (the first line, what the
    case does, and a `# hint:` line), which would otherwise be in the submission, and so in its
    feedback page, and let every hint check pass whatever the feedback said."""
    lines = path.read_text().splitlines(keepends=True)
    header = 2 if len(lines) > 1 and lines[1].startswith("# hint: ") else 1
    return "".join(lines[header:])


def load_cases(assignment):
    """[(case name, kind, function, code)] for every corpus file, plus the plain reference."""
    cases = [("reference", "right", None, None)]
    for kind in ["wrong", "right"]:
        for path in sorted((CORPORA[assignment] / kind).glob("*.py")):
            cases.append((path.stem, kind, path.stem.split("__")[0], case_code(path)))
    return cases


CASES = {assignment: load_cases(assignment) for assignment in CORPORA}
WRONG = [(assignment, name) for assignment, cases in CASES.items() for name, kind, _, _ in cases if kind == "wrong"]


def pack(cases):
    """[(submission name, {function: case})]: the reference alone, then the cases in submissions
    that hold at most one case per function (first fit, in corpus order)."""
    packed = []
    for case in cases:
        name, _, function, _ = case
        if function is None:
            continue
        for _, bundle in packed:
            if function not in bundle:
                bundle[function] = case
                break
        else:
            packed.append((f"bundle{len(packed) + 1:02d}", {function: case}))
    return [("reference", {})] + packed


@pytest.fixture(scope="session", params=list(CORPORA))
def corpus(request, tmp_path_factory):
    """Autograde every case of one assignment; return (assignment, {case: (scores, autograded
    notebook, feedback html)})."""
    assignment = request.param
    return assignment, autograde_corpus(tmp_path_factory, assignment)


_graded = {}


def autograde_corpus(tmp_path_factory, assignment):
    if assignment in _graded:
        return _graded[assignment]
    source_nb = notebooks.read(ROOT / "source" / assignment / f"{assignment}.ipynb")
    heavy = UNGRADED_HEAVY.get(assignment, set())
    source_nb.cells = [cell for cell in source_nb.cells if notebooks.nbgrader_metadata(cell).get("grade_id") not in heavy]
    groups = []
    for g in range(GROUPS):
        root = course.copy_course(tmp_path_factory.mktemp(f"corpus{g}"))
        notebooks.write(source_nb, root / "source" / assignment / f"{assignment}.ipynb")
        course.generate_release(assignment, course=root)
        groups.append(root)
    release_nb = notebooks.read(groups[0] / "release" / assignment / f"{assignment}.ipynb")
    where, bundles = {}, pack(CASES[assignment])
    for n, (name, bundle) in enumerate(bundles):
        root = groups[n % GROUPS]
        code = {function: case[3] for function, case in bundle.items()}
        submission = notebooks.fill_solutions(release_nb, source_nb, code)
        folder = course.submission_folder(root, name, assignment)
        shutil.copytree(root / "release" / assignment, folder)
        notebooks.write(submission, folder / f"{assignment}.ipynb")
        where[name] = root
    commands = [[sys.executable, "-m", "nbgrader", "autograde", assignment],
                [sys.executable, "-m", "nbgrader", "generate_feedback", assignment]]
    for command in commands:
        runs = [subprocess.Popen(command, cwd=root, env=course.environment(), stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True) for root in groups]
        for run in runs:
            output = run.communicate()[0]
            assert run.returncode == 0, output
    results = {}
    for name, bundle in bundles:
        root = where[name]
        graded = (course.scores(assignment, name, course=root),
                  notebooks.read(root / "autograded" / name / assignment / f"{assignment}.ipynb"),
                  (root / "feedback" / name / assignment / f"{assignment}.html").read_text(), bundle)
        results[name] = graded
        for case in bundle.values():
            results[case[0]] = graded
    _graded[assignment] = results
    return results


def cell_output(nb, grade_id):
    """What a test cell of an autograded notebook showed: its text, error and traceback."""
    cell = next(c for c in nb.cells if notebooks.nbgrader_metadata(c).get("grade_id") == grade_id)
    return "".join(out.get("text", "") + out.get("evalue", "") + "\n".join(out.get("traceback", []))
                   for out in cell.outputs)


def _table(results, cases):
    """Each case's submission, and the points of its own function's cell."""
    lines = [f"{'case':58s} {'kind':5s} {'submission':10s} own cell"]
    for name, kind, function, _ in cases:
        scores, _, _, _ = results[name]
        bundle = next(key for key, value in results.items() if value is results[name] and key.startswith(("bundle", "ref")))
        own = scores.get(f"test_{function}", (sum(s for s, _ in scores.values()), 100))
        lines.append(f"{name:58s} {kind:5s} {bundle:10s} {own[0]:g} / {own[1]:g}")
    return "\n".join(lines)


def _judged(results):
    """[(submission, cell, case or None, kind)]: who each graded cell of each submission is
    judged by: the submission's case for that function, else the reference ("right")."""
    judged = []
    for name, (scores, _, _, bundle) in results.items():
        if not name.startswith(("bundle", "reference")):
            continue
        for cell in scores:
            case = bundle.get(cell.removeprefix("test_"))
            judged.append((name, cell, case[0] if case else None, case[1] if case else "right"))
    return judged


@pytest.mark.parametrize("assignment", list(CORPORA))
def test_corpus_is_large_enough(assignment):
    kinds = [kind for _, kind, _, _ in CASES[assignment]]
    assert kinds.count("wrong") >= 25 and kinds.count("right") >= 9
    functions = {function for _, _, function, _ in CASES[assignment] if function}
    assert len(functions) == FUNCTIONS[assignment], functions
    source_nb = notebooks.read(ROOT / "source" / assignment / f"{assignment}.ipynb")
    assert functions == set(notebooks.solution_cells(source_nb)), "every answer cell has wrong cases"


def test_every_grade_is_right(corpus, capsys):
    assignment, results = corpus
    cases = CASES[assignment]
    with capsys.disabled():
        print(f"\n{assignment}\n" + _table(results, cases))
    problems = []
    for submission, cell, case, kind in _judged(results):
        score, best = results[submission][0][cell]
        if kind == "wrong" and score >= best:
            problems.append(f"{case}: wrong {cell.removeprefix('test_')} got full marks ({score}/{best})")
        if kind == "right" and score != best:
            beside = sorted(results[submission][3])
            problems.append(f"{submission}: {cell} lost points ({score}/{best}), "
                            + (f"right case {case}" if case else f"reference code (beside cases of {beside})"))
    judged = {case for _, _, case, _ in _judged(results) if case}
    assert judged == {name for name, _, function, _ in cases if function}, "every case is judged once"
    assert not problems, "\n".join(problems) + "\n" + _table(results, cases)


def test_no_test_cell_of_a_right_function_writes_to_stderr(corpus):
    assignment, results = corpus
    for submission, grade_id, case, kind in _judged(results):
        if kind == "right":
            nb = results[submission][1]
            cell = next(c for c in nb.cells if notebooks.nbgrader_metadata(c).get("grade_id") == grade_id)
            noisy = [out for out in cell.outputs if out.output_type == "stream" and out.name == "stderr"]
            assert not noisy, (submission, grade_id, case, noisy)


@pytest.mark.parametrize("assignment, name", WRONG)
def test_feedback_explains_without_revealing_hidden_tests(tmp_path_factory, assignment, name):
    function = name.split("__")[0]
    _, graded, page, bundle = autograde_corpus(tmp_path_factory, assignment)[name]
    written = "".join(case[3] for case in bundle.values())       # what the learners of the submission wrote
    assert re.search(rf"\b{function}\w*:", page), "the failure message names the function"
    assert f"CheckFailed: {function}" in page, "the failed check is reported by its message"
    for secret in SECRETS[assignment]:
        assert secret not in page or secret in written, f"feedback of {name} reveals {secret!r}"
    assert "hidden tests: they ran when your work was graded" in page
    code = (CORPORA[assignment] / "wrong" / f"{name}.py").read_text().splitlines()
    if len(code) > 1 and code[1].startswith("# hint: "):
        words = code[1].removeprefix("# hint: ")
        assert code[1] not in page and words not in case_code(CORPORA[assignment] / "wrong" / f"{name}.py")
        assert words in html.unescape(page), f"feedback of {name} lacks the hint {words!r}"
        assert words in cell_output(graded, f"test_{function}"), f"test_{function} does not show the hint {words!r}"
