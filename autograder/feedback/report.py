"""The instructor's report on one assignment: statistics over its results
records (``results_file.load``), rendered as one self-contained HTML page
(the template ``templates/report.html.j2``, which escapes every value).

Counted over every submission in the results file, unreadable and crashed
ones included (they pass no check): the page describes the grades as they
stand in the gradebook, after late penalties (nbgrader's ``score``).
"""
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

import course_config
from autograder.course import assignments
from autograder.records import atomic_write, results_file
from autograder.feedback import digest as feedback_digest
from autograder.grading import misconceptions
from autograder.feedback import report_plots
from autograder.feedback import html_page
from autograder.feedback.html_page import number

TOP_MISCONCEPTIONS = 10
MAX_BINS = 20


@dataclass
class CheckRate:
    name: str          # "exercise/check"
    exercise: str
    passed: int        # submissions that passed it
    total: int         # submissions that have it

    @property
    def rate(self):
        return self.passed / self.total if self.total else 0.0


@dataclass
class Misconception:
    key: str
    students: int                                # students whose feedback named it
    exercises: list[str] = field(default_factory=list)
    explanation: str = ""


@dataclass
class Errored:
    student: str
    first_error: str
    more: int          # how many further errors the record lists
    score: float


@dataclass
class VisibleFailure:
    """An exercise whose visible checks (the notebook's asserts) fail in some
    submissions: this grader scores its hidden checks, nbgrader the cell 0."""
    exercise: str
    submissions: int   # submissions whose visible checks of it fail
    scored: int        # of them, those that got points for it here (nbgrader: 0)
    points: float      # the points nbgrader would not give, summed over them
    example: str       # the most frequent failure


@dataclass
class Summary:
    assignment: str
    max_score: float
    scores: list[float]            # one per submission, in student order
    edges: list[float]             # histogram bin edges (last bin closed)
    counts: list[int]
    rates: list[CheckRate]
    misconceptions: list[Misconception]
    errored: list[Errored]
    visible_failures: list[VisibleFailure] = field(default_factory=list)
    late: int = 0                  # submissions after their due date
    penalty: float = 0.0           # late penalties, summed (the scores are after them)

    @property
    def mean(self):
        return statistics.fmean(self.scores) if self.scores else 0.0

    @property
    def median(self):
        return statistics.median(self.scores) if self.scores else 0.0

    @property
    def full_marks(self):
        return sum(s >= self.max_score - 1e-9 for s in self.scores)

    @property
    def zeros(self):
        return sum(s <= 1e-9 for s in self.scores)


def summarise(assignment_id, records) -> Summary:
    """Statistics of ``records`` (``{student: record}``) of one assignment."""
    assignment = assignments.get(assignment_id)
    ordered = [records[s] for s in sorted(records)]
    scores = [results_file.score_after_penalty(r) for r in ordered]
    edges, counts = histogram(scores, assignment.max_score)
    lates = [r["late"] for r in ordered if (r.get("late") or {}).get("seconds")]
    return Summary(assignment_id, assignment.max_score, scores, edges, counts,
                   check_rates(ordered), top_misconceptions(ordered), errored(ordered),
                   visible_failures(ordered), len(lates),
                   round(sum(late["penalty"] for late in lates), 6))


def histogram(scores, max_score):
    """``(edges, counts)``: at most MAX_BINS equal bins over [0, max_score], one
    point wide when the maximum allows; each bin holds [left, right), the last
    also its right edge (full marks)."""
    bins = int(min(MAX_BINS, max(1, np.ceil(max_score))))
    edges = np.linspace(0.0, max_score or 1.0, bins + 1)
    counts, _ = np.histogram(np.clip(scores, edges[0], edges[-1]), bins=edges)
    return [float(e) for e in edges], [int(c) for c in counts]


def check_rates(records) -> list[CheckRate]:
    """Pass counts per check, in declaration order: the order records list
    their checks in (a check that only later records have comes last)."""
    rates = {}
    for record in records:
        for test in record["tests"]:
            rate = rates.setdefault(test["name"], CheckRate(test["name"], test["exercise"], 0, 0))
            rate.passed += bool(test["passed"])
            rate.total += 1
    return list(rates.values())


def top_misconceptions(records, top=TOP_MISCONCEPTIONS) -> list[Misconception]:
    """The ``top`` misconceptions named most often, counted once per student."""
    found, students = {}, {}
    for record in records:
        for test in record["tests"]:
            key = test.get("misconception")
            if not key:
                continue
            entry = found.setdefault(key, Misconception(key, 0))
            students.setdefault(key, set()).add(record["student"])
            if test["exercise"] not in entry.exercises:
                entry.exercises.append(test["exercise"])
            if not entry.explanation:
                entry.explanation = misconceptions.split_feedback(test["feedback"], key)[1]
    for key, entry in found.items():
        entry.students = len(students[key])
    return sorted(found.values(), key=lambda m: (-m.students, m.key))[:top]


def visible_failures(records) -> list[VisibleFailure]:
    """Per exercise (in check order), the submissions whose visible checks fail
    and what nbgrader, which scores such a test cell 0, would give less."""
    order, found, reasons = [], {}, {}
    for record in records:
        points = {}
        for test in record["tests"]:
            if test["exercise"] not in order:
                order.append(test["exercise"])
            points[test["exercise"]] = points.get(test["exercise"], 0.0) + test["points"]
        for exercise, reason in feedback_digest.visible_failures(record).items():
            entry = found.setdefault(exercise, VisibleFailure(exercise, 0, 0, 0.0, ""))
            entry.submissions += 1
            got = points.get(exercise, 0.0)
            entry.scored += got > 1e-9
            entry.points = round(entry.points + got, 6)
            counted = reasons.setdefault(exercise, {})
            seen = counted.get(reason, (0, 0))
            counted[reason] = (seen[0] + (got > 1e-9), seen[1] + 1)
    for exercise, entry in found.items():  # a failure of a submission that scored comes first
        entry.example = max(reasons[exercise].items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
    rank = {name: i for i, name in enumerate(order)}
    return sorted(found.values(), key=lambda e: rank.get(e.exercise, len(rank)))


def errored(records) -> list[Errored]:
    return [Errored(r["student"], r["errors"][0], len(r["errors"]) - 1, float(r["score"]))
            for r in records if r.get("errors")]


def write(summary, out_dir, source="") -> Path:
    """Write ``out_dir/<assignment>.html`` atomically; ``source`` names the results file."""
    path = Path(out_dir) / f"{summary.assignment}.html"
    return atomic_write.write_text(path, render(summary, source))


# -- the page ------------------------------------------------------------------

@dataclass
class _MisconceptionRow:
    """A misconception as the page shows it."""
    students: int
    share: float        # percent of the submissions
    title: str
    exercises: list[str]
    detail: str


def render(summary, source="") -> str:
    """The report page of ``summary`` (the template ``templates/report.html.j2``)."""
    n = len(summary.scores) or 1
    rows = [_MisconceptionRow(m.students, 100 * m.students / n, misconceptions.title(m.key),
                              m.exercises, misconceptions.detail(m.key, m.explanation))
            for m in summary.misconceptions]
    return html_page.render(
        "report.html.j2", summary=summary, source=source,
        title=assignments.get(summary.assignment).title,
        course_title=course_config.COURSE_TITLE,
        generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        cards=_cards(summary), misconceptions=rows,
        histogram=report_plots.score_histogram(summary.edges, summary.counts,
                                               summary.max_score, summary.mean),
        pass_rates=report_plots.pass_rates(summary.rates) if summary.rates else None)


def _cards(summary):
    """``(value, label)`` of each card on top of the page."""
    top = number(summary.max_score)
    return [(len(summary.scores), "submissions"),
            (f"{summary.mean:.2f}", f"mean score / {top}"),
            (number(summary.median), f"median score / {top}"),
            (summary.full_marks, "full marks"),
            (summary.zeros, "scored zero"),
            (len(summary.errored), "had errors")]
