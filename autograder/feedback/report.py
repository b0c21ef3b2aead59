"""The instructor's report on one assignment: statistics over its results
records (``results_file.load``), rendered as one self-contained HTML page.

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
from autograder.feedback.html_page import esc, number, page

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

_EXTRA_STYLE = """
main { max-width: 1060px; }
.cards { display: grid; grid-template-columns: repeat(6, 1fr); gap: 10px; margin: 16px 0; }
.card { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 12px; }
.card .value { font-size: 22px; font-weight: 700; }
.card .label { font-size: 12px; color: #57606a; }
img.plot { width: 100%; height: auto; display: block; }
td.share { width: 110px; }
td.share .bar > div { background: #4c72b0; }
table.visible { table-layout: fixed; }
table.visible th.num { white-space: normal; }
table.visible td code { overflow-wrap: anywhere; }
"""


def render(summary, source="") -> str:
    """The report page of ``summary``."""
    assignment = assignments.get(summary.assignment)
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    meta = f"<span>{esc(summary.assignment)}</span><span>generated {esc(generated)}</span>"
    if source:
        meta += f"<span>from <code>{esc(source)}</code></span>"
    if summary.late:
        meta += (f"<span>{summary.late} late, {esc(number(summary.penalty))} points of late "
                 f"penalties (scores are after them)</span>")
    body = [f'<header>\n<div class="course">{esc(course_config.COURSE_TITLE)}</div>\n'
            f"<h1>{esc(assignment.title)}: grading report</h1>\n"
            f'<div class="meta">{meta}</div>\n</header>',
            _cards(summary),
            "<h2>Scores</h2>",
            report_plots.score_histogram(summary.edges, summary.counts,
                                         summary.max_score, summary.mean),
            f"<h2>Pass rate per check</h2>\n<p class=muted>Share of the "
            f"{len(summary.scores)} submissions passing each check, in declaration order; "
            f"colours group the checks by exercise.</p>",
            report_plots.pass_rates(summary.rates) if summary.rates else "<p>No checks.</p>",
            _misconceptions(summary),
            _visible_failures(summary),
            _errored(summary)]
    return page(f"{assignment.title}: grading report", "\n".join(body), _EXTRA_STYLE)


def _cards(summary):
    n = len(summary.scores)
    top = number(summary.max_score)
    cards = [(n, "submissions"),
             (f"{summary.mean:.2f}", f"mean score / {top}"),
             (number(summary.median), f"median score / {top}"),
             (summary.full_marks, "full marks"),
             (summary.zeros, "scored zero"),
             (len(summary.errored), "had errors")]
    items = "".join(f'<div class="card"><div class="value">{esc(value)}</div>'
                    f'<div class="label">{esc(label)}</div></div>' for value, label in cards)
    return f'<div class="cards">{items}</div>'


def _misconceptions(summary):
    head = "<h2>Most frequent misconceptions</h2>"
    if not summary.misconceptions:
        return head + "\n<p class=muted>No feedback named a known misconception.</p>"
    n = len(summary.scores) or 1
    rows = "\n".join(
        f'<tr><td class="num">{m.students}</td>'
        f'<td class="share"><div class="bar"><div style="width:{100 * m.students / n:.1f}%">'
        f"</div></div></td>"
        f"<td><b>{esc(misconceptions.title(m.key))}</b> "
        f'<span class="muted">({esc(", ".join(m.exercises))})</span><br>'
        f'<span class="wrap">{esc(misconceptions.detail(m.key, m.explanation))}</span></td></tr>'
        for m in summary.misconceptions)
    return (f'{head}\n<table>\n<tr><th class="num">students</th><th>share</th>'
            f"<th>misconception (exercises) and explanation</th></tr>\n{rows}\n</table>")


def _visible_failures(summary):
    head = "<h2>Visible checks that fail (nbgrader would give 0)</h2>"
    if not summary.visible_failures:
        return head + "\n<p class=muted>The visible checks pass in every submission.</p>"
    note = ("<p class=muted>Submissions whose visible asserts fail in an exercise's test cell. "
            "This grader scores that exercise by its hidden checks alone; nbgrader, where a "
            "test cell that raises scores 0, gives it 0. The students see the failure, not "
            "this comparison.</p>")
    rows = "\n".join(
        f'<tr><td><code>{esc(v.exercise)}</code></td><td class="num">{v.submissions}</td>'
        f'<td class="num">{v.scored}</td><td class="num">{esc(number(v.points))}</td>'
        f'<td class="wrap">{esc(v.example)}</td></tr>'
        for v in summary.visible_failures)
    columns = ('<colgroup><col style="width:24%"><col style="width:96px">'
               '<col style="width:96px"><col style="width:112px"><col></colgroup>')
    return (f'{head}\n{note}\n<table class="visible">{columns}\n<tr><th>exercise</th>'
            f'<th class="num">submissions</th><th class="num">of them scored here</th>'
            f'<th class="num">points nbgrader would not give</th><th>most frequent failure</th>'
            f"</tr>\n{rows}\n</table>")


def _errored(summary):
    head = "<h2>Submissions with errors</h2>"
    if not summary.errored:
        return head + "\n<p class=muted>None.</p>"
    rows = "\n".join(_errored_row(e) for e in summary.errored)
    return (f'{head}\n<table>\n<tr><th>student</th><th>first error</th>'
            f'<th class="num">score</th></tr>\n{rows}\n</table>')


def _errored_row(entry):
    more = f' <span class="muted">(+{entry.more} more)</span>' if entry.more else ""
    return (f'<tr><td>{esc(entry.student)}</td><td class="wrap">{esc(entry.first_error)}{more}'
            f'</td><td class="num">{esc(number(entry.score))}</td></tr>')
