"""The class report of one assignment, as an nbgrader export plugin.

    nbgrader export --exporter=cnn_course.report.ClassReport --assignment="['cnn_step_by_step']"
    (make grade runs it after grading; --to PATH/grades.csv puts the files elsewhere)

writes into reports/<assignment>/:

- ``grades.csv``: one row per student in nbgrader's gradebook (the roster: ``nbgrader db student
  import``, and everyone graded), with status, a column per graded function (its points),
  raw score, late penalty and timestamp (when the assignment has a due date), score, max;
- ``review.csv``: the submissions a person should look at, one row per reason, with the
  cell that ran past its time limit where one did (from make grade's records, gradestate.py);
- ``report.html``: one self-contained page (plots embedded): class size, mean, median, pass
  rate, score histogram, per-function pass rates and points lost, the commonest failure
  message of each function (read from the graded notebooks), and the review list.

Everything comes from the gradebook at ``CourseDirectory.db_url`` (so a shared database
works), autograded/ and make grade's records; nothing is read from SQLite by path.
"""

import base64
import csv
import html
import io
import statistics
from collections import Counter
from pathlib import Path

from nbgrader.api import MissingEntry
from nbgrader.plugins import ExportPlugin
from traitlets import Float

from . import gradestate


def _function(grade_id):
    return grade_id.removeprefix("test_")


def failure_message(cell):
    """Why a graded test cell lost points, in one line: its error's first line, or what it
    wrote to stderr (nbgrader gives no points to a test cell that writes there)."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            first = (output.get("evalue") or "").strip().splitlines()
            return f"{output.get('ename', 'Error')}: {first[0] if first else ''}".strip()
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            first = output.get("text", "").strip().splitlines()
            return "wrote to stderr: " + (first[0] if first else "")
    return "no error shown (the cell did not run to the end?)"


class ClassReport(ExportPlugin):
    """grades.csv (a column per function), review.csv and report.html of one assignment."""

    pass_percent = Float(50.0, help="The percentage of the maximum score that passes.").tag(config=True)

    def export(self, gradebook):
        if len(self.assignment) != 1:
            raise ValueError("ClassReport exports one assignment: --assignment=\"['cnn_step_by_step']\"")
        assignment_id = str(self.assignment[0])
        coursedir = self.parent.coursedir
        root = Path(coursedir.root)
        grades_csv = Path(self.to) if self.to else root / "reports" / assignment_id / "grades.csv"
        grades_csv.parent.mkdir(parents=True, exist_ok=True)
        try:
            assignment = gradebook.find_assignment(assignment_id)
        except MissingEntry:
            self.log.warning("No assignment %s in the gradebook: nothing graded yet", assignment_id)
            return
        functions = [cell.name for notebook in assignment.notebooks for cell in notebook.grade_cells]
        maxima = {cell.name: cell.max_score for notebook in assignment.notebooks for cell in notebook.grade_cells}
        records = gradestate.read_all(root / coursedir.autograded_directory, assignment_id)
        wanted = {str(s) for s in self.student}
        rows, failures = [], {name: Counter() for name in functions}
        for student in sorted(gradebook.students, key=lambda s: s.id):
            if wanted and student.id not in wanted:
                continue
            rows.append(self._row(gradebook, coursedir, assignment, student, functions, records, failures))
        with_due_date = assignment.duedate is not None
        self._write_grades(grades_csv, rows, functions, sum(maxima.values()), with_due_date)
        review = self._write_review(grades_csv.with_name("review.csv"), rows)
        page = grades_csv.with_name("report.html")
        page.write_text(self._page(assignment_id, rows, functions, maxima, failures, review, with_due_date),
                        encoding="utf-8")
        self.log.info("Class report of %s: %s, %s, %s", assignment_id, grades_csv, grades_csv.with_name("review.csv"),
                      page)

    # ------------------------------------------------------------------------ the rows

    def _row(self, gradebook, coursedir, assignment, student, functions, records, failures):
        record = records.get(student.id)
        row = {"student_id": student.id, "last_name": student.last_name or "", "first_name": student.first_name or "",
               "email": student.email or "", "record": record or {}}
        try:
            submission = gradebook.find_submission(assignment.name, student.id)
        except MissingEntry:
            submission = None
        graded_nb = Path(coursedir.format_path(coursedir.autograded_directory, student.id, assignment.name))
        if submission is None or (record is not None and record.get("status") != "graded"):
            status = (record or {}).get("status") or "no submission"
            row.update(status=status, points={name: 0.0 for name in functions}, raw_score=0.0, late_penalty=0.0,
                       score=0.0, timestamp="", graded=False)
            return row
        points = {grade.cell.name: grade.score or 0.0 for nb in submission.notebooks for grade in nb.grades}
        lost = [name for name in functions if points.get(name, 0.0) < max(0.0, self._max(submission, name))]
        if lost:
            graded = self._graded_cells(graded_nb)
            for name in lost:
                if name in graded:
                    failures[name][failure_message(graded[name])] += 1
        row.update(status="graded" if record else "graded (by nbgrader, not make grade)",
                   points={name: points.get(name, 0.0) for name in functions},
                   raw_score=submission.score, late_penalty=submission.late_submission_penalty or 0.0,
                   score=submission.score - (submission.late_submission_penalty or 0.0),
                   timestamp=submission.timestamp.isoformat(sep=" ") if submission.timestamp else "", graded=True)
        return row

    @staticmethod
    def _max(submission, name):
        for nb in submission.notebooks:
            for grade in nb.grades:
                if grade.cell.name == name:
                    return grade.max_score
        return 0.0

    @staticmethod
    def _graded_cells(folder):
        """{grade_id: cell} of the graded notebook(s) in an autograded folder."""
        import nbformat

        cells = {}
        for path in sorted(folder.glob("*.ipynb")):
            try:
                nb = nbformat.read(path, as_version=4)
            except Exception:  # an unreadable graded copy: no message, not a crash
                continue
            for cell in nb.cells:
                grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                if grade_id:
                    cells[grade_id] = cell
        return cells

    # ------------------------------------------------------------------------ the files

    @staticmethod
    def _write_grades(path, rows, functions, total, with_due_date):
        header = ["student_id", "last_name", "first_name", "email", "status",
                  *(_function(name) for name in functions), "raw_score"]
        header += ["late_penalty", "timestamp"] if with_due_date else []
        header += ["score", "max_score"]
        with open(path, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                line = [row["student_id"], row["last_name"], row["first_name"], row["email"], row["status"],
                        *(f"{row['points'][name]:g}" for name in functions), f"{row['raw_score']:g}"]
                line += [f"{row['late_penalty']:g}", row["timestamp"]] if with_due_date else []
                line += [f"{row['score']:g}", f"{total:g}"]
                writer.writerow(line)

    @staticmethod
    def _write_review(path, rows):
        """review.csv: one row per reason to look at a submission."""
        review = []
        for row in rows:
            record = row["record"]
            reasons = list(record.get("reasons", []))
            if not reasons and row["status"] not in ("graded", "graded (by nbgrader, not make grade)"):
                reasons = [row["status"]]
            cells = record.get("cells", [])
            for reason in reasons:
                review.append((row["student_id"], row["status"], reason, "; ".join(cells) if "time limit" in reason
                               else ""))
        with open(path, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["student_id", "status", "reason", "cell"])
            writer.writerows(review)
        return review

    def _page(self, assignment_id, rows, functions, maxima, failures, review, with_due_date):
        total = sum(maxima.values())
        graded = [row for row in rows if row["graded"]]
        scores = [row["score"] for row in rows]
        passed = [s for s in scores if total and s >= total * self.pass_percent / 100]
        summary = [("students", len(rows)), ("graded", len(graded)),
                   ("mean", f"{statistics.fmean(scores):.1f} / {total:g}" if scores else "-"),
                   ("median", f"{statistics.median(scores):g} / {total:g}" if scores else "-"),
                   (f"pass rate (at least {self.pass_percent:g} %)", f"{len(passed)} of {len(rows)}"
                    + (f" ({100 * len(passed) / len(rows):.0f} %)" if rows else ""))]
        per_function = []
        for name in functions:
            got = [row["points"][name] for row in graded]
            full = sum(1 for g in got if g >= maxima[name])
            common = failures[name].most_common(1)
            per_function.append((_function(name), maxima[name], full, len(got),
                                 sum(maxima[name] - g for g in got), common[0] if common else None))
        esc = html.escape
        parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{esc(assignment_id)}: class report</title>",
                 "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
                 "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
                 "text-align:left}td.n{text-align:right}img{max-width:100%}div.wide{overflow-x:auto}</style></head><body>",
                 f"<h1>{esc(assignment_id)}: class report</h1><table>"]
        parts += [f"<tr><th>{esc(str(k))}</th><td>{esc(str(v))}</td></tr>" for k, v in summary]
        parts.append("</table>")
        parts.append(f"<img alt='score histogram' src='data:image/png;base64,{self._histogram(scores, total)}'>")
        parts.append(f"<img alt='pass rate per function' src='data:image/png;base64,"
                     f"{self._pass_rates(per_function)}'>")
        parts.append("<h2>Per function</h2><table><tr><th>function</th><th>points</th><th>full marks</th>"
                     "<th>points lost (class)</th><th>commonest failure</th></tr>")
        for name, best, full, count, lost, common in per_function:
            message = f"{esc(common[0])} ({common[1]} student{'s' if common[1] > 1 else ''})" if common else ""
            parts.append(f"<tr><td>{esc(name)}</td><td class='n'>{best:g}</td><td class='n'>{full} of {count}</td>"
                         f"<td class='n'>{lost:g}</td><td>{message}</td></tr>")
        parts.append("</table>")
        parts.append(f"<h2>Needs a person's look ({len({r[0] for r in review})} students)</h2>"
                     "<table><tr><th>student</th><th>status</th><th>reason</th><th>cell</th></tr>")
        parts += [f"<tr><td>{esc(s)}</td><td>{esc(st)}</td><td>{esc(r)}</td><td>{esc(c)}</td></tr>"
                  for s, st, r, c in review]
        parts.append("</table><h2>Students</h2><div class='wide'><table><tr><th>student</th><th>status</th>"
                     + "".join(f"<th>{esc(_function(n))}</th>" for n in functions)
                     + ("<th>late penalty</th>" if with_due_date else "") + "<th>score</th></tr>")
        for row in rows:
            parts.append(f"<tr><td>{esc(row['student_id'])}</td><td>{esc(row['status'])}</td>"
                         + "".join(f"<td class='n'>{row['points'][n]:g}</td>" for n in functions)
                         + (f"<td class='n'>{row['late_penalty']:g}</td>" if with_due_date else "")
                         + f"<td class='n'>{row['score']:g} / {total:g}</td></tr>")
        parts.append("</table></div></body></html>")
        return "\n".join(parts)

    # ------------------------------------------------------------------------ the plots

    @staticmethod
    def _png(figure):
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
        return base64.b64encode(buffer.getvalue()).decode()

    def _histogram(self, scores, total):
        from matplotlib.figure import Figure
        from matplotlib.ticker import MaxNLocator

        figure = Figure(figsize=(6, 3.2))
        axes = figure.subplots()
        axes.hist(scores, bins=[total * i / 10 for i in range(11)] if total else 10, color="#4c72b0",
                  edgecolor="white")
        if total:
            axes.axvline(total * self.pass_percent / 100, color="#c44e52", linestyle="--", label="pass mark")
            axes.legend()
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set(xlabel="score", ylabel="students", title="Scores")
        return self._png(figure)

    def _pass_rates(self, per_function):
        from matplotlib.figure import Figure

        figure = Figure(figsize=(6, 0.45 * len(per_function) + 1))
        axes = figure.subplots()
        names = [name for name, *_ in per_function][::-1]
        rates = [100 * full / count if count else 0 for _, _, full, count, _, _ in per_function][::-1]
        axes.barh(names, rates, color="#55a868")
        axes.set(xlim=(0, 100), xlabel="% of graded students with full marks", title="Per function")
        return self._png(figure)
