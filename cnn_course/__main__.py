"""Command line of the course tooling: ``python -m cnn_course COMMAND``.

    figures     draw every figure into images/ and copy the used ones into source/
    release     clear source outputs, then nbgrader generate_assignment into release/
    notebooks   copy the released assignments into notebooks/ for self-study,
                never overwriting a notebook that is already there, with the full
                test set (cnn_selfcheck.json) for the in-notebook self-checks
    check       grade your notebooks/ copy with the real autograder: per-function table,
                and nbgrader's HTML feedback written next to the notebook
    grade       grade every submission in submitted/ that needs it: checked against the
                reference solution first, parallel, sandboxed, resumable; feedback, the class
                report (reports/ASSIGNMENT/), a summary and a review list
    report      write the class report again from the gradebook (reports/ASSIGNMENT/)
    clean-grades  delete every grade, graded notebook, feedback page and report (not submitted/)
    solution    write the released notebook with the reference solutions filled in
    collect     collect submissions from an LMS download (Canvas, Moodle, or <student>.ipynb
                files) in downloaded/ASSIGNMENT/archive/ into submitted/ with nbgrader
                zip_collect (docs/lms.md)
    edition-skeleton  print the cells.md a translation of an assignment starts from (docs/editions.md)
    messages    list the messages of the checks and test cells (--missing: those without Chinese)
"""

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import ASSIGNMENTS, ROOT, assets, course, editions, grade_worker, grading, lms, notebooks, testcells
from .assignments import discover, english


def cmd_figures(args):
    for assignment in ASSIGNMENTS:
        assets.build(assignment)


def cmd_release(args):
    for assignment in english(ROOT):
        prepare_source(assignment.name)
        for language in editions.editions_of(assignment):
            name = editions.edition_name(assignment.name, language)
            try:
                editions.build(assignment, language, course.folder("source", name), assets.checks_copy(), assets.IMAGES)
            except editions.TranslationError as error:
                sys.exit(f"release: {name}: {error}")
            print(f"release: wrote source/{name}/ from source/{assignment.name}/ and its edition_{language}/")
    for assignment in discover(ROOT):
        print(f"release: nbgrader generate_assignment {assignment.name} ...", flush=True)
        course.generate_release(assignment.name)
        print(f"release: wrote release/{assignment.name}/")


def prepare_source(assignment):
    """Before releasing an English assignment: outputs cleared, test cells from test_cells/,
    figures and cnn_checks.py copied in."""
    path = course.notebook("source", assignment)
    nb = notebooks.read(path)
    cleared = notebooks.clear_outputs(nb)
    try:
        tests = testcells.write_into(nb, path.parent)
    except ValueError as error:
        sys.exit(f"release: {assignment}: {error}")
    if cleared or tests:
        notebooks.write(nb, path)
        print(f"release: {path.relative_to(ROOT)}: " + "; ".join(
            (["outputs cleared"] if cleared else []) +
            ([f"test cells from {testcells.FOLDER}/: {', '.join(tests)}"] if tests else [])))
    assets.sync_images(assignment)
    assets.sync_checks(assignment)


def cmd_notebooks(args):
    target = ROOT / "notebooks"
    full_tests, solutions, stubs = {}, {}, {}
    for assignment in ASSIGNMENTS:
        released = course.folder("release", assignment)
        for path in sorted(released.rglob("*")):
            if path.is_dir():
                continue
            destination = target / path.relative_to(released)
            if path.suffix == ".ipynb" and destination.exists():
                print(f"notebooks: kept your {destination.relative_to(ROOT)}")
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
        source_nb = notebooks.read(course.notebook("source", assignment))
        full_tests[assignment] = notebooks.full_tests(source_nb)
        solutions[assignment] = {name: notebooks.solution_code(cell)
                                 for name, cell in notebooks.solution_cells(source_nb).items()}
        stubs[assignment] = {name: cell.source for name, cell in notebooks.solution_cells(
            notebooks.read(released / f"{assignment}.ipynb")).items()}
        print(f"notebooks: {assignment} is ready in {target.relative_to(ROOT)}/")
    # one cnn_checks.py for every notebook here: the English one (a Chinese edition's first cell
    # sets check.LANGUAGE = "zh" for its own kernel)
    (target / "cnn_checks.py").write_text(assets.checks_copy(), encoding="utf-8")
    (target / "cnn_selfcheck.json").write_text(json.dumps(
        {"assignments": full_tests, "solutions": solutions, "stubs": stubs}, indent=1))


def check_target(given):
    """The notebook `make check` grades: a path (relative to where you are), or an assignment's
    name (its copy in notebooks/)."""
    if given is None:
        given = "cnn_step_by_step"
    path = Path(given)
    if path.suffix != ".ipynb" and given in ASSIGNMENTS:
        path = ROOT / "notebooks" / f"{given}.ipynb"
    return path.resolve()


def _with_progress(label, command):
    """Run an nbgrader command (course.nbgrader), printing the seconds it has been running every
    10 s, so that a long run does not look stuck."""
    import threading

    done, started = threading.Event(), time.perf_counter()

    def tick():
        while not done.wait(10):
            print(f"check:       ... {label}: {time.perf_counter() - started:.0f} s", flush=True)

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    try:
        return command()
    finally:
        done.set()


def cmd_check(args):
    notebook = check_target(args.notebook)
    if not notebook.exists():
        sys.exit(f"check: {notebook} does not exist; `make lab` copies the notebooks into notebooks/, "
                 "or give the notebook's path: python -m cnn_course check path/to/cnn_step_by_step.ipynb")
    assignment = notebook.stem
    if assignment not in ASSIGNMENTS:
        sys.exit(f"check: {notebook.name} is none of the course's notebooks ({', '.join(ASSIGNMENTS)}); "
                 "keep its name, or copy it to one of those names")
    saved = time.time() - notebook.stat().st_mtime
    print(f"check: {notebook} as saved {saved / 60:.0f} min ago: changes not saved in JupyterLab (Ctrl+S) "
          "are not checked", flush=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cnn-check-") as tmp:
        root = course.copy_course(Path(tmp))
        print(f"check: [1/3] nbgrader generate_assignment {assignment}", flush=True)
        course.generate_release(assignment, course=root)
        folder = course.submission_folder(root, "self", assignment)
        shutil.copytree(course.folder("release", assignment, course=root), folder)
        shutil.copy2(notebook, folder / notebook.name)
        print(f"check: [2/3] nbgrader autograde {assignment} (runs your whole notebook, hidden tests included)",
              flush=True)
        result = _with_progress("autograde", lambda: course.nbgrader(
            "autograde", assignment, "--student", "self", "--force", course=root, check=False))
        graded = course.notebook("autograded", assignment, "self", course=root)
        if result.returncode != 0 or not graded.exists():
            why = grade_worker.autograde_reason(result.stdout + result.stderr)
            sys.exit(f"check: the autograder could not grade your notebook: {why}.\n"
                     "Run it top to bottom in JupyterLab (Kernel > Restart Kernel and Run All Cells) to see where.")
        print(f"check: [3/3] nbgrader generate_feedback {assignment}", flush=True)
        course.nbgrader("generate_feedback", assignment, "--student", "self", course=root)
        feedback = notebook.with_name(f"{assignment}_feedback.html")
        shutil.copy2(course.folder("feedback", assignment, "self", course=root) / f"{assignment}.html", feedback)
        reasons = failure_reasons(graded)
        print(f"\n{course.score_table(course.scores(assignment, 'self', course=root), reasons)}")
    print(f"\nfeedback: {feedback}   ({time.perf_counter() - started:.0f} s)")


def failure_reasons(graded_notebook):
    """{grade_id: the first line of its failure message} of a graded notebook."""
    from .report import failure_message

    reasons = {}
    for cell in notebooks.read(graded_notebook).cells:
        grade_id = notebooks.nbgrader_metadata(cell).get("grade_id")
        if notebooks.nbgrader_metadata(cell).get("grade") and any(
                out.output_type == "error" for out in cell.outputs):
            reasons[grade_id] = failure_message(cell).removeprefix("CheckFailed: ")
    return reasons


def cmd_grade(args):
    try:
        grading.grade(args.assignment, jobs=args.jobs, force=args.force, unisolated=args.unisolated,
                      scheduler=args.scheduler)
    except grading.GradingError as error:
        print(f"grade: {error}", file=sys.stderr)
        sys.exit(2)


def cmd_report(args):
    result = course.nbgrader("export", "--exporter=cnn_course.report.ClassReport",
                             f"--assignment=[{args.assignment!r}]", check=False)
    if result.returncode:
        sys.exit(f"report: nbgrader export failed:\n{result.stdout}{result.stderr}")
    print(f"report: {ROOT / 'reports' / args.assignment}/ (grades.csv, review.csv, report.html)")


def cmd_clean_grades(args):
    directory = course.coursedir(ROOT)
    autograded = ROOT / directory.autograded_directory
    doomed = [path for path in [ROOT / "gradebook.db", ROOT / "gradebook.db-journal",
                                ROOT / directory.feedback_directory, ROOT / "reports", ROOT / "grades.csv"]
              if path.exists()]
    doomed += sorted(p for p in autograded.iterdir() if p.name != "README.md") if autograded.is_dir() else []
    if not doomed:
        print("clean-grades: nothing to delete")
        return
    print("clean-grades deletes every grade of every assignment; students' submissions in "
          f"{directory.submitted_directory}/ are kept:")
    for path in doomed:
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size
        count = f", {sum(1 for d in path.iterdir())} entries" if path.is_dir() else ""
        print(f"  {path.relative_to(ROOT)}{'/' if path.is_dir() else ''}  ({size / 1e6:.1f} MB{count})")
    if not args.yes:
        if not sys.stdin.isatty():
            sys.exit("clean-grades: nothing deleted; confirm with --yes (make clean-grades YES=1)")
        if input("type yes to delete them: ").strip() != "yes":
            sys.exit("clean-grades: nothing deleted")
    for path in doomed:
        shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    print(f"clean-grades: deleted {len(doomed)} entries")


def cmd_solution(args):
    release_nb = notebooks.read(course.notebook("release", args.assignment))
    source_nb = notebooks.read(course.notebook("source", args.assignment))
    notebooks.write(notebooks.fill_solutions(release_nb, source_nb), args.output)
    print(f"solution: wrote {args.output}")


def cmd_collect(args):
    status = lms.collect(args.assignment, args.lms, force=args.force)
    if status:
        sys.exit(status)


def cmd_edition_skeleton(args):
    from .assignments import named

    print(editions.skeleton(named(args.assignment, ROOT).source_nb()), end="")


def cmd_messages(args):
    from . import messages

    texts = messages.every(ROOT)
    if args.missing:
        checks = {}
        exec(compile(assets.checks_copy(), "cnn_checks.py", "exec"), checks)
        texts = messages.missing(checks["_zh_match"], texts)
    for text in texts:
        print(repr(text))
    if args.missing:
        print(f"{len(texts)} without Chinese", file=sys.stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m cnn_course", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("figures", help="draw the figures into images/").set_defaults(run=cmd_figures)
    commands.add_parser("release", help="regenerate release/ from source/").set_defaults(run=cmd_release)
    commands.add_parser("notebooks", help="copy released notebooks into notebooks/").set_defaults(run=cmd_notebooks)
    check = commands.add_parser("check", help="grade notebooks/ with the real autograder")
    check.add_argument("notebook", nargs="?", help="a notebook's path, or an assignment's name "
                       "(its copy in notebooks/); default: cnn_step_by_step")
    check.set_defaults(run=cmd_check)
    grade = commands.add_parser("grade", help="grade every submission in submitted/")
    grade.add_argument("assignment", choices=ASSIGNMENTS)
    grade.add_argument("--jobs", type=int, default=None, help="submissions graded at once (default: all cores); "
                       "with --scheduler: results recorded at once")
    grade.add_argument("--force", action="store_true", help="grade again submissions already graded")
    grade.add_argument("--unisolated", action="store_true", help="do not use the OS sandbox")
    grade.add_argument("--scheduler", metavar="ADDRESS", help="grade on the Dask cluster of this scheduler "
                       "(tcp://HOST:8786) instead of this machine's cores (docs/distributed.md)")
    grade.set_defaults(run=cmd_grade)
    report = commands.add_parser("report", help="write the class report again from the gradebook")
    report.add_argument("assignment", choices=ASSIGNMENTS)
    report.set_defaults(run=cmd_report)
    clean = commands.add_parser("clean-grades", help="delete grades, graded notebooks, feedback and reports")
    clean.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    clean.set_defaults(run=cmd_clean_grades)
    solution = commands.add_parser("solution", help="write a solution-filled release notebook")
    solution.add_argument("assignment", choices=ASSIGNMENTS)
    solution.add_argument("output", type=Path)
    solution.set_defaults(run=cmd_solution)
    collect = commands.add_parser("collect", help="collect submissions from an LMS download into submitted/")
    collect.add_argument("assignment", choices=ASSIGNMENTS)
    collect.add_argument("--lms", required=True, choices=lms.FORMATS,
                         help="whose download is in downloaded/ASSIGNMENT/archive/ (docs/lms.md)")
    collect.add_argument("--force", action="store_true",
                         help="replace submissions already collected into submitted/ (nbgrader zip_collect --force); "
                              "without it a student already in submitted/ is kept as it is")
    collect.set_defaults(run=cmd_collect)
    skeleton = commands.add_parser("edition-skeleton", help="print the cells.md a new translation starts from")
    skeleton.add_argument("assignment", choices=[a.name for a in english(ROOT)])
    skeleton.set_defaults(run=cmd_edition_skeleton)
    listing = commands.add_parser("messages", help="list the messages the Chinese catalogue must translate")
    listing.add_argument("--missing", action="store_true", help="only those it lacks")
    listing.set_defaults(run=cmd_messages)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    sys.exit(main())
