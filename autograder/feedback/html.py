"""The feedback page a student reads: one results record as self-contained HTML.

The page says what the terminal says (:mod:`autograder.feedback.digest`): a
summary table first (an exercise that failed for one reason is one row), the
submission's problems with advice, then the details of each exercise that has
some -- its visible checks' failure and each known mistake explained once,
the failed checks (alike ones in one row), the passed ones folded away.

``render(record)`` only renders what the record says (scores, the checks'
feedback, errors); it never reads graders or solutions, so nothing hidden can
reach the page; every string is escaped. ``write(record, feedback_dir)`` puts it where
``nbgrader release_feedback`` looks: ``<dir>/<student>/<assignment>/<assignment>.html``.
"""
from datetime import datetime, timezone
from pathlib import Path

import course_config
from autograder.records import atomic_write
from autograder.feedback import digest as feedback_digest
from autograder.feedback.html_page import esc, number, page


_EXTRA_STYLE = """
.score { font-size: 30px; font-weight: 700; margin: 8px 0 2px; }
.score small { font-size: 16px; color: #57606a; font-weight: 400; }
table.summary { margin: 4px 0 8px; }
table.summary td.exercise { white-space: nowrap; }
table.summary td.meter { width: 90px; padding-top: 13px; }
table.summary tr.passed td.status { color: #116329; }
table.summary tr.partial td.status { color: #7d4e00; }
table.summary tr.blocked td.status { color: #a40e26; }
.bar.partial > div { background: #d4a72c; }
section.exercise { border: 1px solid #d0d7de; border-radius: 8px; padding: 4px 16px 12px;
                   margin: 18px 0; }
section.exercise h2 { display: flex; justify-content: space-between; margin: 12px 0 6px; }
section.exercise h2 code { font-size: 16px; }
table.checks { table-layout: fixed; }
table.checks td.check { overflow-wrap: anywhere; }
.box .muted { font-size: 14px; margin-top: 4px; }
details { margin-top: 8px; color: #57606a; font-size: 14px; }
details ul { margin: 4px 0; padding-left: 20px; }
"""

#: badge, check names, points, message
_COLUMNS = ('<colgroup><col style="width:88px"><col style="width:28%">'
            '<col style="width:76px"><col></colgroup>')


def render(record) -> str:
    """The HTML page of one results record (``GradeResult.to_json()`` + student,
    graded_at ...): a summary table, the submission's problems, then the
    details of each exercise that has some (:mod:`autograder.feedback.digest`)."""
    digest = feedback_digest.digest(record)
    body = [_header(record, digest), _summary(digest)]
    if digest.problems or digest.advice:
        body.append(_problems_box(digest))
    body += [_exercise(e) for e in digest.details]
    body.append(_footer(record))
    return page(f"{digest.title}: feedback for {digest.student}", "\n".join(body),
                _EXTRA_STYLE)


def path_for(record, feedback_dir) -> Path:
    """``feedback_dir/<student>/<assignment>/<assignment>.html`` (nbgrader's layout)."""
    student, aid = str(record["student"]), str(record["assignment"])
    for part in (student, aid):
        if part in ("", ".", "..") or "/" in part or "\\" in part or "\0" in part:
            raise ValueError(f"not a safe folder name: {part!r}")
    return Path(feedback_dir) / student / aid / f"{aid}.html"


def write(record, feedback_dir) -> Path:
    """Write the page atomically to :func:`path_for`; returns that path."""
    return atomic_write.write_text(path_for(record, feedback_dir), render(record))


def _header(record, digest):
    meta = [f"<span>Student <b>{esc(record.get('student', ''))}</b></span>",
            f"<span>Graded {esc(_when(record.get('graded_at')))}</span>",
            f"<span>Seed <span class=mono>{esc(record.get('seed', ''))}</span></span>"]
    return (f'<header>\n<div class="course">{esc(course_config.COURSE_TITLE)}</div>\n'
            f"<h1>{esc(digest.title)}</h1>\n"
            f'<div class="meta">{"".join(meta)}</div>\n'
            f'<div class="score">{esc(number(record["score"]))} '
            f"<small>/ {esc(number(record['max_score']))} points</small></div>\n"
            + (f'<p class="late {"box warn" if digest.late_penalty else "muted"}">'
               f"{esc(digest.late)}</p>\n" if digest.late else "")
            + "</header>")


def _when(graded_at):
    """ISO 8601 as '2026-11-21 14:03 UTC' (the text itself when it is not ISO)."""
    try:
        moment = datetime.fromisoformat(str(graded_at))
    except ValueError:
        return str(graded_at or "")
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _summary(digest):
    """One row per exercise: name, points, a bar, what happened."""
    rows = "\n".join(
        f'<tr class="{e.kind}" id="exercise-{esc(e.name)}"><td class="exercise"><code>'
        f"{esc(e.name)}</code></td>"
        f'<td class="num">{esc(number(e.points))} / {esc(number(e.max_points))}</td>'
        f'<td class="meter">{_bar(e)}</td>'
        f'<td class="status wrap">{esc(e.status)}</td></tr>'
        for e in digest.exercises)
    return (f'<table class="summary">\n<tr><th>exercise</th><th class="num">points</th>'
            f"<th></th><th>status</th></tr>\n{rows}\n</table>")


def _bar(exercise):
    width = 100 * exercise.points / exercise.max_points if exercise.max_points else 0
    kind = "" if exercise.kind == "passed" else " partial"
    return f'<div class="bar{kind}"><div style="width:{width:.1f}%"></div></div>'


def _problems_box(digest):
    heading = "Problems with your submission" if digest.problems else "What to do"
    items = "".join(f'<li class="wrap">{esc(e)}</li>' for e in digest.problems)
    listed = f"<ul>{items}</ul>\n" if items else ""
    advice = "".join(f"<p>{esc(a)}</p>" for a in digest.advice)
    return f'<div class="box error">\n<h3>{heading}</h3>\n{listed}{advice}\n</div>'


def _exercise(exercise):
    """The details of one exercise: its visible checks, the known mistakes, the
    failed checks (alike ones in one row), the passed ones folded away."""
    parts = [f'<section class="exercise" id="details-{esc(exercise.name)}">\n'
             f"<h2><code>{esc(exercise.name)}</code><span>{esc(number(exercise.points))} / "
             f"{esc(number(exercise.max_points))}</span></h2>"]
    if exercise.visible:
        hint = feedback_digest.VISIBLE_HINT.format(exercise=exercise.name)
        parts.append(f'<div class="box warn"><b>Visible checks in the notebook fail:</b> '
                     f'<span class="wrap">{esc(exercise.visible)}</span>'
                     f'<div class="muted">{esc(hint)}</div></div>')
    parts += [_mistake(m) for m in exercise.mistakes]
    if exercise.failures:
        rows = "\n".join(_check_row(exercise.name, line) for line in exercise.failures)
        parts.append(f'<table class="checks">{_COLUMNS}\n{rows}\n</table>')
    if exercise.passes:
        items = "".join(f"<li>{esc(', '.join(p.names))} ({esc(number(p.points))} / "
                        f"{esc(number(p.max_points))})</li>" for p in exercise.passes)
        count = len(exercise.passes)
        parts.append(f"<details><summary>{count} check{'s' * (count > 1)} "
                     f"pass{'' if count > 1 else 'es'}</summary><ul>{items}</ul></details>")
    return "\n".join(parts) + "\n</section>"


def _mistake(mistake):
    checks = f" ({mistake.checks} checks)" if mistake.checks > 1 else ""
    if mistake.explained_in:
        return (f'<div class="box hint">Same mistake as in <code>{esc(mistake.explained_in)}'
                f"</code>: <b>{esc(mistake.title)}</b>{esc(checks)}</div>")
    detail = f"<br>{esc(mistake.explanation)}" if mistake.explanation else ""
    return (f'<div class="box hint wrap"><b>Looks like a known mistake: {esc(mistake.title)}</b>'
            f"{esc(checks)}{detail}</div>")


def _check_row(exercise, line):
    names = "<br>".join(esc(name.replace("_", " ")) for name in line.names)
    label = "not run" if line.status == "not-run" else "fail"
    badge = "void" if line.status == "not-run" else "fail"
    points = f"{number(line.points)} / {number(line.max_points)}"
    return (f'<tr class="check" id="check-{esc(exercise)}/{esc(line.names[0])}">'
            f'<td><span class="badge {badge}">{label}</span></td>'
            f'<td class="check">{names}</td><td class="num">{esc(points)}</td>'
            f'<td class="wrap">{esc(line.message)}</td></tr>')


def _footer(record):
    aid = record["assignment"]
    return (f"<footer>The hidden checks draw fresh inputs for every grading. To check "
            f"your notebook on the same inputs as this grade, run "
            f"<code>python -m autograder check {esc(aid)} {esc(aid)}.ipynb --seed "
            f"{esc(record.get('seed', ''))}</code> in its folder.</footer>")
