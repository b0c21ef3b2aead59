"""Writing batch results into nbgrader's gradebook, so that ``nbgrader export``
and the formgrader show them.

Each exercise's points become the ``auto_score`` of its grade cell (the test
cell whose ``grade_id`` is the exercise's name), as ``nbgrader autograde``
would set them. Scores an instructor entered by hand (``manual_score``) are
kept and win, as in nbgrader, and so are the instructor's comments (this
module never writes one); a hand score is flagged for review again
(``needs_manual_grade``) only when the automatic score under it changed.
The database is any SQLAlchemy URL nbgrader accepts; only the batch's parent process opens it, never a student's.
"""
import shutil
import warnings
import tempfile
from pathlib import Path

import course_config
from autograder.course import nbgrader_cli


class GradebookWriter:
    """``with GradebookWriter(db_url, assignment_id) as gb: gb.record(record)``."""

    def __init__(self, db_url, assignment_id):
        self.db_url = db_url
        self.assignment_id = assignment_id
        self.gb = None

    def __enter__(self):
        from nbgrader.api import Gradebook
        # nbgrader's own ORM code warns on every new submission (SAWarning)
        warnings.filterwarnings("ignore", module="nbgrader.api")
        warnings.filterwarnings("ignore", category=Warning, module="sqlalchemy")
        if not self._has_assignment():
            self._add_assignment()
        self.gb = Gradebook(self.db_url, course_id=course_config.COURSE_ID)
        return self

    def __exit__(self, *exc):
        self.gb.close()

    def _has_assignment(self):
        from nbgrader.api import Gradebook, MissingEntry
        with Gradebook(self.db_url, course_id=course_config.COURSE_ID) as gb:
            try:
                assignment = gb.find_assignment(self.assignment_id)
            except MissingEntry:
                return False
            return any(nb.grade_cells for nb in assignment.notebooks)

    def _add_assignment(self):
        """Let nbgrader itself record the assignment's cells (``generate_assignment``
        on a scratch copy of its source, writing into this gradebook)."""
        source = course_config.COURSE_ROOT / "source" / self.assignment_id
        with tempfile.TemporaryDirectory(prefix="autograder-gradebook-") as tmp:
            course = Path(tmp)
            shutil.copytree(source, course / "source" / self.assignment_id)
            nbgrader_cli.run(course, "generate_assignment", self.assignment_id, "--force",
                             f"--CourseDirectory.course_id={course_config.COURSE_ID}",
                             db_url=self.db_url)

    def scores(self) -> dict:
        """``{student: total score}`` of this assignment's submissions in the gradebook."""
        return {s.student_id: s.score for s in self.gb.assignment_submissions(self.assignment_id)}

    def record(self, record, timestamp=None):
        """Write one results-file record (see ``autograder.records.results_file``)."""
        from nbgrader.api import InvalidEntry
        student = record["student"]
        self.gb.update_or_create_student(student)
        try:
            submission = self.gb.update_or_create_submission(
                self.assignment_id, student, **({"timestamp": timestamp} if timestamp else {}))
        except (InvalidEntry, ValueError):  # an unparseable timestamp.txt
            submission = self.gb.update_or_create_submission(self.assignment_id, student)
        points = {}
        for test in record["tests"]:
            points[test["exercise"]] = points.get(test["exercise"], 0.0) + test["points"]
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                auto_score = round(points.get(grade.name, 0.0), 6)
                if grade.manual_score is None:
                    grade.needs_manual_grade = False
                elif grade.auto_score is None or abs(grade.auto_score - auto_score) > 1e-9:
                    grade.needs_manual_grade = True  # a hand score over a changed one: review it
                grade.auto_score = auto_score
        self.gb.db.commit()

    def trusted_cells(self) -> dict:
        """``{grade_id: cell}`` of the assignment's source cells as nbgrader
        recorded them: each a dict of ``cell_type``,
        ``source``, ``locked``, ``checksum`` and ``points`` (None unless graded)."""
        notebook = self.gb.find_notebook(self.assignment_id, self.assignment_id)
        points = {cell.name: cell.max_score for cell in notebook.grade_cells}
        return {cell.name: dict(cell_type=cell.cell_type, source=cell.source, locked=cell.locked,
                                checksum=cell.checksum, points=points.get(cell.name))
                for cell in notebook.source_cells}
