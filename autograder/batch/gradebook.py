"""Writing batch results into nbgrader's gradebook, so that ``nbgrader export``
and the formgrader show them.

Each exercise's points become the ``auto_score`` of its grade cell (the test
cell whose ``grade_id`` is the exercise's name), as ``nbgrader autograde``
would set them. Scores an instructor entered by hand (``manual_score``) are
kept and win, as in nbgrader, and so are the instructor's comments (this
module never writes one); a hand score is flagged for review again
(``needs_manual_grade``) only when the automatic score under it changed.
The database is any SQLAlchemy URL nbgrader accepts; only the batch's
parent process opens it, never a student's.

Late work (:mod:`autograder.course.late_policy`): the assignment's due date is
the gradebook's (``Assignment.duedate``) when it has one, else
``course_config.LATE_WORK``'s, written into it; each submission's timestamp
comes from its ``timestamp.txt``, and its penalty goes where nbgrader's
``AssignLatePenalties`` puts it (``SubmittedNotebook.late_submission_penalty``),
so that the gradebook's score after penalty, ``nbgrader export`` and
formgrader show it.

Several batches may write one gradebook at once (a database server such as
PostgreSQL): setting it up -- nbgrader's tables, the course, an assignment's
cells -- happens under a lock, one batch at a time, and a record whose
transaction collides with another batch's (both creating the same student)
is written again after the rollback.
"""
import contextlib
import logging
import random
import shutil
import sys
import time
import warnings
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import course_config
from autograder.course import late_policy, nbgrader_cli, nbgrader_plugins


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
        with setting_up(self.db_url):
            if not has_assignment(self.db_url, self.assignment_id):
                _add_assignments(self.db_url, [self.assignment_id])
            self.gb = Gradebook(self.db_url, course_id=course_config.COURSE_ID)
            self.policy = late_policy.policy_for(self.assignment_id)
            self.due = self._due_date()
            self.layout = self._layout()
            # {cell id: grade_id} of the graded and task cells (a grade's ``name``
            # would load its cell, one query per grade)
            self.cell_names = {cell: name for notebook in self.layout.notebooks
                               for cell, name in notebook.graded}
        return self

    def __exit__(self, *exc):
        self.gb.close()

    def _due_date(self):
        """The assignment's due date (naive UTC, or None): the gradebook's, else
        course_config's, which is then written into the gradebook."""
        assignment = self.gb.find_assignment(self.assignment_id)
        configured = late_policy.parse_utc(self.policy.due)
        if self.policy.due and configured is None:
            raise ValueError(f"course_config.LATE_WORK[{self.assignment_id!r}]: due "
                             f"{self.policy.due!r} is not a timestamp nbgrader reads")
        if assignment.duedate is None and configured is not None:
            assignment.duedate = configured
            self.gb.db.commit()
        elif configured is not None and assignment.duedate != configured:
            print(f"warning: {self.assignment_id} is due {assignment.duedate} UTC in the "
                  f"gradebook, {configured} UTC in course_config.LATE_WORK: the gradebook's "
                  f"due date counts", file=sys.stderr)
        return assignment.duedate

    def scores(self) -> dict:
        """``{student: (total score, late penalty)}`` of this assignment's
        submissions in the gradebook (the score before the penalty)."""
        return {s.student_id: (s.score, s.late_submission_penalty)
                for s in self.gb.assignment_submissions(self.assignment_id)}

    def lateness(self, student, timestamp, score) -> dict | None:
        """What a record says of its lateness (None: the assignment has no due
        date): the due date including the student's extension, the submission
        time (ISO 8601, UTC), the seconds late, the policy and the penalty that
        ``score`` gets (0.0: none)."""
        if self.due is None:
            return None
        from nbgrader.api import MissingEntry
        due = self.due
        try:
            due = self.gb.find_submission(self.assignment_id, student).duedate or due
        except MissingEntry:
            pass
        submitted = late_policy.parse_utc(timestamp)
        seconds = late_policy.seconds_late(due, submitted)
        penalty = nbgrader_plugins.late_penalty(self.policy, student, score, seconds)
        return {"due": due.isoformat(), "submitted": submitted and submitted.isoformat(),
                "seconds": seconds, "policy": self.policy.policy,
                "points_per_hour": self.policy.points_per_hour, "penalty": penalty or 0.0}

    def record(self, record, timestamp=None):
        """Write one results-file record (see ``autograder.records.results_file``),
        again after a rollback while another batch's transaction collided with it."""
        retrying(self.gb.db, lambda: self._write(record, timestamp))

    def _write(self, record, timestamp):
        """One record's transaction: each grade's ``auto_score`` and each notebook's
        late penalty, computed from the scores as nbgrader's ``Grade.score`` and
        ``SubmittedNotebook.score`` sum them, committed once."""
        points = {}
        for test in record["tests"]:
            points[test["exercise"]] = points.get(test["exercise"], 0.0) + test["points"]
        seconds = (record.get("late") or {}).get("seconds", 0.0)  # one lateness: the record's
        if self._submitted(record["student"]):
            self._update(record["student"], points, seconds, timestamp)
        else:
            self._insert(record["student"], points, seconds, timestamp)
        self.gb.db.commit()

    def _submitted(self, student) -> bool:
        from nbgrader.api import SubmittedAssignment
        from sqlalchemy import select
        return self.gb.db.execute(select(SubmittedAssignment.id).where(
            SubmittedAssignment.assignment_id == self.layout.assignment,
            SubmittedAssignment.student_id == student)).first() is not None

    def _update(self, student, points, seconds, timestamp):
        """A submission the gradebook holds: its grades updated through nbgrader's API
        (a hand score stays, and is flagged for review when the score under it changed)."""
        from nbgrader.api import InvalidEntry
        self.gb.update_or_create_student(student)
        try:
            submission = self.gb.update_or_create_submission(
                self.assignment_id, student, **({"timestamp": timestamp} if timestamp else {}))
        except (InvalidEntry, ValueError):  # an unparseable timestamp.txt
            submission = self.gb.update_or_create_submission(self.assignment_id, student)
        for notebook in submission.notebooks:
            score = 0.0
            for grade in notebook.grades:
                name = self.cell_names.get(grade.cell_id) or grade.name
                auto_score = round(points.get(name, 0.0), 6)
                if grade.manual_score is None:
                    grade.needs_manual_grade = False
                elif grade.auto_score is None or abs(grade.auto_score - auto_score) > 1e-9:
                    grade.needs_manual_grade = True  # a hand score over a changed one: review it
                grade.auto_score = auto_score
                score += grade_score(grade)
            notebook.late_submission_penalty = nbgrader_plugins.late_penalty(
                self.policy, student, score, seconds)

    def _insert(self, student, points, seconds, timestamp):
        """A new submission: the rows nbgrader's ``add_submission`` makes (the submission,
        a notebook per notebook, a grade per graded or task cell, a comment per solution
        or task cell), with their scores, inserted in bulk (through the ORM, one
        object at a time, a submission cost 15-20 ms)."""
        from nbgrader.api import (Comment, Grade, Student, SubmittedAssignment,
                                  SubmittedNotebook, new_uuid)
        from sqlalchemy import insert, select
        db = self.gb.db
        if db.execute(select(Student.id).where(Student.id == student)).first() is None:
            self._add_student(student)
        submission = new_uuid()
        db.execute(insert(SubmittedAssignment), [{
            "id": submission, "assignment_id": self.layout.assignment, "student_id": student,
            "timestamp": _timestamp(timestamp)}])
        for notebook in self.layout.notebooks:
            scores = {cell: round(points.get(name, 0.0), 6) for cell, name in notebook.graded}
            row = new_uuid()
            db.execute(insert(SubmittedNotebook), [{
                "id": row, "assignment_id": submission, "notebook_id": notebook.id,
                "flagged": False, "late_submission_penalty": nbgrader_plugins.late_penalty(
                    self.policy, student, sum(scores.values()), seconds)}])
            if scores:
                db.execute(insert(Grade), [{
                    "id": new_uuid(), "cell_id": cell, "notebook_id": row, "auto_score": score,
                    "needs_manual_grade": False} for cell, score in scores.items()])
            if notebook.commented:
                db.execute(insert(Comment), [{"id": new_uuid(), "cell_id": cell, "notebook_id": row}
                                             for cell in notebook.commented])

    def _add_student(self, student):
        """Insert the student (a unique key refuses it if another batch did meanwhile:
        ``record`` writes the record again)."""
        from nbgrader.api import Student
        from sqlalchemy import insert
        self.gb.db.execute(insert(Student), [{"id": student}])

    def _layout(self):
        """The assignment's rows a submission refers to (``_insert``)."""
        assignment = self.gb.find_assignment(self.assignment_id)
        return _Layout(assignment.id, [_NotebookLayout(
            notebook.id,
            [(cell.id, cell.name) for cell in (*notebook.grade_cells, *notebook.task_cells)],
            [cell.id for cell in (*notebook.solution_cells, *notebook.task_cells)])
            for notebook in assignment.notebooks])

    def trusted_cells(self) -> dict:
        """``{grade_id: cell}`` of the assignment's source cells as nbgrader
        recorded them: each a dict of ``cell_type``,
        ``source``, ``locked``, ``checksum`` and ``points`` (None unless graded)."""
        notebook = self.gb.find_notebook(self.assignment_id, self.assignment_id)
        points = {cell.name: cell.max_score for cell in notebook.grade_cells}
        return {cell.name: dict(cell_type=cell.cell_type, source=cell.source, locked=cell.locked,
                                checksum=cell.checksum, points=points.get(cell.name))
                for cell in notebook.source_cells}


@dataclass(frozen=True)
class _NotebookLayout:
    id: str
    graded: list        # (cell id, grade_id) of its graded and task cells: a grade each
    commented: list     # cell ids of its solution and task cells: a comment each


@dataclass(frozen=True)
class _Layout:
    assignment: str     # the assignment's row id
    notebooks: list     # _NotebookLayout


def _timestamp(text):
    """The submission time nbgrader's ``add_submission`` would store (None when
    ``timestamp.txt`` is missing or unreadable)."""
    from nbgrader.utils import parse_utc
    try:
        return parse_utc(text) if text else None
    except (ValueError, OverflowError, TypeError):
        return None


def has_assignment(db_url, assignment_id) -> bool:
    """Whether the gradebook holds the assignment with its graded cells."""
    from nbgrader.api import Gradebook, MissingEntry
    with Gradebook(db_url, course_id=course_config.COURSE_ID) as gb:
        try:
            assignment = gb.find_assignment(assignment_id)
        except MissingEntry:
            return False
        return any(nb.grade_cells for nb in assignment.notebooks)


def add_assignments(db_url, assignment_ids):
    """Record every assignment of ``assignment_ids`` the gradebook lacks, in one
    nbgrader run (its start-up costs more than recording an assignment)."""
    with setting_up(db_url):
        missing = [aid for aid in assignment_ids if not has_assignment(db_url, aid)]
        if missing:
            _add_assignments(db_url, missing)


def _add_assignments(db_url, assignment_ids):
    """Let nbgrader itself record the assignments' cells (``generate_assignment``
    on a scratch copy of their sources, writing into this gradebook)."""
    with tempfile.TemporaryDirectory(prefix="autograder-gradebook-") as tmp:
        course = Path(tmp)
        for aid in assignment_ids:
            shutil.copytree(course_config.COURSE_ROOT / "source" / aid, course / "source" / aid)
        which = assignment_ids[0] if len(assignment_ids) == 1 else "*"   # "*": every source
        nbgrader_cli.run(course, "generate_assignment", which, "--force",
                         f"--CourseDirectory.course_id={course_config.COURSE_ID}",
                         db_url=db_url)


def grade_score(grade) -> float:
    """nbgrader's ``Grade.score`` of a loaded grade: the hand score if any, else the
    automatic one (else 0), plus any extra credit."""
    extra = grade.extra_credit or 0.0
    if grade.manual_score is not None:
        return grade.manual_score + extra
    return grade.auto_score + extra if grade.auto_score is not None else 0.0


#: Attempts at one record's transaction before its error is the batch's.
ATTEMPTS = 6


def retrying(session, write):
    """``write()``, the transaction of one record on ``session``, tried again
    after a rollback when it collided with another writer's (a unique key that
    another process inserted meanwhile: nbgrader raises InvalidEntry); returns
    what ``write`` returns."""
    from nbgrader.api import InvalidEntry
    from sqlalchemy.exc import DBAPIError
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with _rollbacks_unlogged():
                return write()
        except (InvalidEntry, DBAPIError):
            session.rollback()
            if attempt == ATTEMPTS:
                raise
            time.sleep(random.uniform(0.01, 0.05) * attempt)


@contextlib.contextmanager
def _rollbacks_unlogged():
    """nbgrader logs a traceback for each rollback it does before raising
    InvalidEntry (to tornado's application log); the caller handles that
    exception, so the log would only garble the progress line."""
    def keep(entry):
        return not str(entry.msg).startswith("Rolling back session")
    log = logging.getLogger("tornado.application")
    log.addFilter(keep)
    try:
        yield
    finally:
        log.removeFilter(keep)


@contextlib.contextmanager
def setting_up(db_url):
    """Held while a batch sets up the gradebook: on PostgreSQL, a session
    advisory lock (every batch of the course takes the same one, and the server
    drops it with the connection if the batch dies); elsewhere nothing (SQLite
    is the embedded, one-batch-at-a-time default)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    if make_url(db_url).get_backend_name() != "postgresql":
        yield
        return
    key = zlib.crc32(f"autograder gradebook {course_config.COURSE_ID}".encode())
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
    finally:
        engine.dispose()
