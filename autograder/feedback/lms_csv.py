"""Grade files an LMS imports: ``canvas.csv`` and ``moodle.csv``, from every
results file in a results folder and the class roster (:mod:`.roster`).

Both hold one row per student found in any results file (sorted by nbgrader
id) and one grade column per course assignment that has records (in course
order), each cell the score after the late penalty
(``records.results_file.score_after_penalty``, nbgrader's ``score``). A
student with no record for an assignment has an **empty cell**, which both
LMSs read as "no grade", not as 0.

Canvas (Instructor Guide, "How do I import grades in the Gradebook?"; the
columns as Canvas's own Gradebook export writes them, e.g.
https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades)::

    Student,ID,SIS User ID,SIS Login ID,Section,01_entropy_fundamentals (4711),...
    Points Possible,,,,,20,...
    "Lovelace, Ada",98765,S1815,ada,Section 1,18.5,...

The student is matched by ID (the Canvas user ID: the roster's lms_user_id),
else by SIS User ID or SIS Login ID; an assignment column by the Canvas
assignment id in parentheses (``course_config.LMS["canvas_assignment_ids"]``),
else by name (a new name makes a new assignment). The "Points Possible" row
gives each assignment's maximum. An empty cell is no grade (Canvas's gradebook
shows "-", ungraded), not 0.

Moodle (https://docs.moodle.org/311/en/Grade_import, "CSV grade import"): any
header row; in the import dialog "Map from" picks the identity column (ID
number, Username or Email address) and each grade column is mapped to a grade
item. Its reader (grade/import/csv/classes/load_data.php) takes an empty cell
or "-" as no grade. The columns are those of Moodle's own plain-text export::

    First name,Last name,ID number,Username,Email address,01_entropy_fundamentals,...

A student missing from the roster is named by the nbgrader id (Canvas's
Student and SIS Login ID, Moodle's Username) and listed by :func:`write` for a
warning: Canvas asks about such rows in its import preview, Moodle refuses the
whole import when a row's user is not found.
"""
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import course_config
from autograder.course import assignments
from autograder.records import atomic_write
from autograder.feedback import grades_csv
from autograder.feedback.roster import Identity
from autograder.feedback.score_text import number

CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_IDENTITY = ["First name", "Last name", "ID number", "Username", "Email address"]


@dataclass
class Gradebook:
    """What both files show: the graded assignments, the students, their cells."""
    assignments: list                  # course Assignments that have records, in course order
    students: list[Identity]           # one per student with a record, sorted by nbgrader id
    unmapped: list[str]                # nbgrader ids the roster does not name
    cells: dict[str, list[str]]        # nbgrader id -> a cell per assignment ('' : no grade)


def gradebook(results_dir, roster: dict[str, Identity] | None) -> Gradebook:
    """The rows both files share, from the results files and ``roster``
    (None: no roster, every student is unmapped)."""
    scores = grades_csv.final_scores(results_dir)
    graded = [a for a in assignments.all_assignments() if scores[a.id]]
    ids = sorted({student for got in scores.values() for student in got})
    roster = roster or {}
    unmapped = [s for s in ids if s not in roster]
    students = [roster.get(s) or Identity(s, sis_login_id=s, username=s) for s in ids]
    cells = {s: ["" if s not in scores[a.id] else number(scores[a.id][s])
                 for a in graded] for s in ids}
    return Gradebook(graded, students, unmapped, cells)


def canvas_rows(book: Gradebook) -> list[list[str]]:
    """Canvas's Gradebook import layout: header, Points Possible, a row per student."""
    ids = course_config.LMS["canvas_assignment_ids"]
    header = CANVAS_IDENTITY + [f"{a.id} ({ids[a.id]})" if ids.get(a.id) else a.id
                                for a in book.assignments]
    possible = ["Points Possible", "", "", "", ""] + [number(a.max_score)
                                                      for a in book.assignments]
    rows = [[who.sortable_name or who.id, who.lms_user_id, who.sis_user_id, who.sis_login_id,
             who.section, *book.cells[who.id]] for who in book.students]
    return [header, possible, *rows]


def moodle_rows(book: Gradebook) -> list[list[str]]:
    """Moodle's CSV grade import layout: header, a row per student."""
    header = MOODLE_IDENTITY + [a.id for a in book.assignments]
    rows = [[who.first_name, who.last_name, who.idnumber, who.username, who.email,
             *book.cells[who.id]] for who in book.students]
    return [header, *rows]


def write(results_dir, out_dir, roster=None) -> tuple[list[Path], list[str]]:
    """Write ``out_dir/canvas.csv`` and ``out_dir/moodle.csv`` atomically;
    ``(their paths, the nbgrader ids the roster does not name)``."""
    book = gradebook(results_dir, roster)
    paths = [atomic_write.write_text(Path(out_dir) / name, _csv(rows))
             for name, rows in (("canvas.csv", canvas_rows(book)),
                                ("moodle.csv", moodle_rows(book)))]
    return paths, book.unmapped


def _csv(rows) -> str:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue()
