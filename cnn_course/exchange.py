"""nbgrader exchange plug-in: ``nbgrader release_feedback`` that survives LMS submissions.

nbgrader's own ExchangeReleaseFeedback names each feedback page in the exchange after a hash
of the submission's secret (``submission_secret.txt``, written by ``nbgrader submit`` and
copied along by ``collect``, ``autograde`` and ``generate_feedback``), so that only the
student who submitted can find it with ``nbgrader fetch_feedback``.  A submission that came
in another way (an LMS download put into ``submitted/<student>/<assignment>/``, ``nbgrader
zip_collect``) has no secret and no ``timestamp.txt``, and nbgrader stops at the first such
student with a FileNotFoundError, releasing nobody after them.

``ReleaseFeedback`` (enabled in nbgrader_config.py with
``c.ExchangeFactory.release_feedback = "cnn_course.exchange.ReleaseFeedback"``) releases,
one feedback folder at a time and with nbgrader's own code, every student it can, and for
each folder without those files logs one line::

    [ReleaseFeedbackApp | WARNING] lms-student: cnn_step_by_step came in without the exchange
    (LMS?): hand back feedback/lms-student/cnn_step_by_step/*.html yourself (it has no
    submission_secret.txt, timestamp.txt)

The command then exits with 0 if anyone's feedback was released.  It fails, with a message
saying why, when nothing could be released: no feedback at all (grade first), or only
students who came in without the exchange.
"""

import glob
import os

from nbgrader.exchange.default import ExchangeReleaseFeedback

EXCHANGE_FILES = ("submission_secret.txt", "timestamp.txt")
"""What ``nbgrader submit`` writes beside a submission and release_feedback needs."""


class ReleaseFeedback(ExchangeReleaseFeedback):
    """nbgrader's release_feedback, per student folder; folders that came in without the
    exchange are named in the log and skipped instead of stopping the release."""

    def copy_files(self):
        assignment = self.coursedir.assignment_id
        excluded = {s for s in self.coursedir.student_id_exclude.split(",") if s}
        released, by_hand = [], []
        # self.src_path is feedback/<student or *>/<assignment>, set by nbgrader's init_src
        for folder in sorted(glob.glob(self.src_path)):
            student = os.path.basename(os.path.dirname(folder))
            if not os.path.isdir(folder) or student in excluded:
                continue
            if not glob.glob(os.path.join(glob.escape(folder), "*.html")):
                self.log.warning("%s: no feedback page (*.html) in %s", student, self._relative(folder))
                continue
            missing = [name for name in EXCHANGE_FILES if not os.path.isfile(os.path.join(folder, name))]
            if missing:
                self.log.warning(
                    "%s: %s came in without the exchange (LMS?): hand back %s/*.html yourself "
                    "(it has no %s)", student, assignment, self._relative(folder), ", ".join(missing))
                by_hand.append(student)
                continue
            # nbgrader's own release of this one folder: the page named by the hash of the
            # submission secret and the notebook's name, written atomically
            everyone = self.src_path
            self.src_path = glob.escape(folder)
            try:
                super().copy_files()
            finally:
                self.src_path = everyone
            released.append(student)

        pattern = self._relative(self.src_path)
        if not released and not by_hand:
            self.fail(f"No feedback to release in {pattern}/: grade first (make grade, or nbgrader "
                      f"autograde and generate_feedback {assignment}), then run release_feedback again.")
        if not released:
            self.fail(f"No feedback released: every feedback folder in {pattern}/ came in without the "
                      f"exchange ({', '.join(by_hand)}); hand those pages back yourself.")
        self.log.info("Released the feedback of %d student(s) on %s%s", len(released), assignment,
                      f"; {len(by_hand)} to hand back yourself: {', '.join(by_hand)}" if by_hand else "")

    def _relative(self, path):
        """path relative to the course folder, as the instructor sees it."""
        return os.path.relpath(path, self.coursedir.root)
