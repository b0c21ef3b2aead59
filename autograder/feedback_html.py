"""The feedback page a student reads: one results record as self-contained HTML.

``render(record)`` only renders what the record says (scores, the checks'
feedback, errors); it never reads graders or solutions, so nothing hidden can
reach the page. ``write(record, feedback_dir)`` puts it where
``nbgrader release_feedback`` looks: ``<dir>/<student>/<assignment>/<assignment>.html``.
"""
from datetime import datetime, timezone
from pathlib import Path

import course_config
from autograder import assignments, atomic_write, misconceptions
from autograder.html_page import esc, number, page
from autograder.runner import GATE_NOTE, GATE_SPLIT


#: (what an error says, what to do about it), first match wins.
ADVICE = (
    ("could not read the submission",
     "The file could not be read as a notebook or Python file. Open it in JupyterLab, "
     "save it (File > Save Notebook) and submit that file; do not edit the .ipynb by hand."),
    ("timed out",
     "Your code ran out of time. Look for an infinite loop, a loop over a very large range, "
     "or a training run in a graded cell (tag demonstration cells 'demo')."),
    ("process exited",
     "Your code crashed the Python process or used too much memory. Look for huge arrays "
     "(check the shapes you allocate), deep recursion, or calls that exit Python."),
    ("",
     "Restart the kernel and run all cells (Kernel > Restart Kernel and Run All Cells): "
     "every cell must run without an error, and a cell that fails stops the definitions "
     "after it from existing."),
)

#: badge, check name, points, message
_COLUMNS = ('<colgroup><col style="width:96px"><col style="width:30%">'
            '<col style="width:76px"><col></colgroup>')

_EXTRA_STYLE = """
.score { font-size: 30px; font-weight: 700; margin: 8px 0 2px; }
.score small { font-size: 16px; color: #57606a; font-weight: 400; }
section.exercise { border: 1px solid #d0d7de; border-radius: 8px; padding: 4px 16px 12px;
                   margin: 18px 0; }
section.exercise h2 { display: flex; justify-content: space-between; margin: 12px 0 6px; }
section.exercise h2 code { font-size: 16px; }
section.exercise .bar { margin-bottom: 10px; }
table.checks { table-layout: fixed; }
.box.hint { margin: 6px 0 2px; }
.hint-again { margin-top: 4px; color: #0a3069; font-size: 14px; }
"""


def render(record) -> str:
    """The HTML page of one results record (``GradeResult.to_json()`` + student,
    graded_at ...)."""
    assignment = assignments.get(record["assignment"])
    body = [_header(record, assignment)]
    if record.get("errors"):
        body.append(_errors_box(record["errors"]))
    seen = set()
    body += [_exercise(name, tests, seen) for name, tests in _by_exercise(record["tests"]).items()]
    body.append(_footer(record))
    title = f"{assignment.title}: feedback for {record.get('student', '')}"
    return page(title, "\n".join(body), _EXTRA_STYLE)


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


def _header(record, assignment):
    meta = [f"<span>Student <b>{esc(record.get('student', ''))}</b></span>",
            f"<span>Graded {esc(_when(record.get('graded_at')))}</span>",
            f"<span>Seed <span class=mono>{esc(record.get('seed', ''))}</span></span>"]
    return (f'<header>\n<div class="course">{esc(course_config.COURSE_TITLE)}</div>\n'
            f"<h1>{esc(assignment.title)}</h1>\n"
            f'<div class="meta">{"".join(meta)}</div>\n'
            f'<div class="score">{esc(number(record["score"]))} '
            f"<small>/ {esc(number(record['max_score']))} points</small></div>\n</header>")


def _when(graded_at):
    """ISO 8601 as '2026-11-21 14:03 UTC' (the text itself when it is not ISO)."""
    try:
        moment = datetime.fromisoformat(str(graded_at))
    except ValueError:
        return str(graded_at or "")
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _errors_box(errors):
    items = "".join(f'<li class="wrap">{esc(e)}</li>' for e in errors)
    advice = "".join(f"<p>{esc(a)}</p>" for a in _advice(errors))
    return (f'<div class="box error">\n<h3>Problems with your submission</h3>\n'
            f"<ul>{items}</ul>\n{advice}\n</div>")


def _advice(errors):
    """The advice for each error, each piece once, in order."""
    chosen = []
    for error in errors:
        text = next(a for marker, a in ADVICE if marker in error)
        if text not in chosen:
            chosen.append(text)
    return chosen


def _by_exercise(tests):
    groups = {}
    for test in tests:
        groups.setdefault(test["exercise"], []).append(test)
    return groups


def _exercise(name, tests, seen):
    """One exercise's section; ``seen``: misconceptions already explained on the page."""
    got = sum(t["points"] for t in tests)
    top = sum(t["max_points"] for t in tests)
    parsed = [_parse(t) for t in tests]
    gates = list(dict.fromkeys(gate for gate, _, _ in parsed if gate))
    width = 100 * got / top if top else 0
    rows = "\n".join(_check_row(test, message, explanation, seen)
                     for test, (_, message, explanation) in zip(tests, parsed))
    gate_box = "".join(
        f'<div class="box warn"><b>The visible checks in this exercise\'s test cell fail</b> '
        f"(points here come from the hidden checks alone; nbgrader, where a test cell "
        f"that raises scores 0, would give this exercise 0): "
        f'<span class="wrap">{esc(gate.removeprefix("Visible check: "))}</span></div>'
        for gate in gates)
    return (f'<section class="exercise">\n<h2><code>{esc(name)}</code>'
            f"<span>{esc(number(got))} / {esc(number(top))}</span></h2>\n"
            f'<div class="bar"><div style="width:{width:.1f}%"></div></div>\n{gate_box}\n'
            f'<table class="checks">{_COLUMNS}\n{rows}\n</table>\n</section>')


def _parse(test):
    """``(gate, message, explanation)`` from one check's feedback text.

    gate: why the exercise's visible checks failed ('' if they passed); message: what this check found; explanation: of the misconception
    the check names, taken out of the message to be shown apart ('' if none).
    """
    feedback = test.get("feedback") or ""
    gate = ""
    if feedback.startswith(GATE_NOTE):
        gate, _, feedback = feedback[len(GATE_NOTE):].strip().partition(GATE_SPLIT)
    key = test.get("misconception")
    if not key or test["passed"]:
        return gate, feedback, ""
    feedback, explanation = misconceptions.split_feedback(feedback, key)
    return gate, feedback, explanation


def _check_row(test, message, explanation, seen):
    status, label = _status(test, message)
    text = "" if test["passed"] else f'<div class="wrap">{esc(message)}</div>'
    hint = _hint(test["misconception"], explanation, seen) if status == "fail" else ""
    check = test["name"].split("/", 1)[-1].replace("_", " ")
    points = f'{number(test["points"])} / {number(test["max_points"])}'
    return (f'<tr id="check-{esc(test["name"])}">'
            f'<td><span class="badge {status}">{label}</span></td>'
            f'<td class="check">{esc(check)}</td><td class="num">{esc(points)}</td>'
            f"<td>{text}{hint}</td></tr>")


def _status(test, message):
    if test["passed"]:
        return "pass", "pass"
    if message.startswith("not run"):
        return "void", "not run"
    return "fail", "fail"


def _hint(key, explanation, seen):
    """The misconception's name and explanation, the first time the page names
    it; its name only after that."""
    if not key:
        return ""
    name = misconceptions.title(key)
    if key in seen:
        return f'<div class="hint-again">Same mistake as above: <b>{esc(name)}</b></div>'
    seen.add(key)
    explanation = misconceptions.detail(key, explanation)
    detail = f"<br>{esc(explanation)}" if explanation else ""
    return (f'<div class="box hint wrap"><b>Looks like a known mistake: {esc(name)}</b>'
            f"{detail}</div>")


def _footer(record):
    aid = record["assignment"]
    return (f"<footer>The hidden checks draw fresh inputs for every grading. To check "
            f"your notebook on the same inputs as this grade, run "
            f"<code>python -m autograder check {esc(aid)} {esc(aid)}.ipynb --seed "
            f"{esc(record.get('seed', ''))}</code> in its folder.</footer>")
