"""The instructor's report on the whole course: every student's score on
every assignment with their total, and each assignment's score distribution
side by side, as one self-contained HTML page (``templates/course.html.j2``,
which escapes every value).

Built from every results file in a results folder, as ``grades.csv`` is
(``grades_csv.final_scores``: a student's latest record per assignment,
after its late penalty). A student without a record for an assignment has
no score there and counts 0 in the total; an assignment without records is
listed, with no distribution.
"""
import statistics
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import course_config
from autograder.course import assignments
from autograder.feedback import grades_csv, html_page, report_plots
from autograder.records import atomic_write


@dataclass
class AssignmentColumn:
    id: str
    title: str
    max_score: float
    scores: list[float]        # one per student with a record, in student order

    @property
    def mean(self):
        return statistics.fmean(self.scores) if self.scores else None

    @property
    def median(self):
        return statistics.median(self.scores) if self.scores else None

    @property
    def full_marks(self):
        return sum(s >= self.max_score - 1e-9 for s in self.scores)

    @property
    def zeros(self):
        return sum(s <= 1e-9 for s in self.scores)


@dataclass
class StudentRow:
    student: str
    scores: list[float | None]   # per assignment, in course order; None: no record
    total: float                 # missing scores count 0

    @property
    def submitted(self):
        return sum(s is not None for s in self.scores)


@dataclass
class CourseSummary:
    columns: list[AssignmentColumn]   # every course assignment, in course order
    students: list[StudentRow]        # sorted by student id
    max_total: float

    @property
    def graded(self):
        """The assignments that have at least one record."""
        return [c for c in self.columns if c.scores]


def summarise(results_dir) -> CourseSummary:
    """The course's numbers from the results files in ``results_dir``."""
    return from_scores(grades_csv.final_scores(results_dir))


def from_scores(scores) -> CourseSummary:
    """The course's numbers from ``{assignment id: {student: score}}`` (an
    assignment not given has no records)."""
    course = assignments.all_assignments()
    scores = {a.id: scores.get(a.id, {}) for a in course}
    students = sorted({s for got in scores.values() for s in got})
    columns = [AssignmentColumn(a.id, a.title, a.max_score,
                                [scores[a.id][s] for s in students if s in scores[a.id]])
               for a in course]
    rows = []
    for student in students:
        got = [scores[a.id].get(student) for a in course]
        rows.append(StudentRow(student, got, round(sum(g for g in got if g is not None), 6)))
    return CourseSummary(columns, rows, sum(a.max_score for a in course))


def write(summary, out_dir, source="") -> Path:
    """Write ``out_dir/course.html`` atomically; ``source`` names the results folder."""
    return atomic_write.write_text(Path(out_dir) / "course.html", render(summary, source))


def render(summary, source="") -> str:
    """The course page of ``summary``."""
    totals = [row.total for row in summary.students]
    cards = [(len(summary.students), "students"),
             (f"{len(summary.graded)} / {len(summary.columns)}", "assignments graded"),
             (_percent(statistics.fmean(totals), summary.max_total) if totals else "-",
              "mean total"),
             (_percent(statistics.median(totals), summary.max_total) if totals else "-",
              "median total")]
    return html_page.render(
        "course.html.j2", summary=summary, source=source, cards=cards,
        course_title=course_config.COURSE_TITLE,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        distributions=report_plots.score_distributions(summary.graded)
        if summary.graded else None)


def _percent(value, maximum):
    return f"{100 * value / maximum:.0f}%" if maximum else "-"
