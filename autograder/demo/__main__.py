"""``make demo``: grade sample submissions of different quality and print the
feedback a student would read.

Per assignment: the reference solution, the untouched released stub, the
reference with two classic mistakes from ``tests/wrong/`` swapped in, and the
hand-written samples in ``samples/<assignment>/`` (crashes, hangs, broken
files).
"""
import sys
import tempfile
import time
from pathlib import Path

from rich.table import Table
from rich.text import Text

import course_config
from autograder.feedback import text as feedback_text
from autograder.grading import runner

ROOT = course_config.COURSE_ROOT


def samples(aid, scratch):
    """``(description, path)`` pairs for one assignment."""
    yield "the reference solution", ROOT / "solutions" / aid / f"{aid}.ipynb"
    yield "the untouched release (stubs)", ROOT / "release" / aid / f"{aid}.ipynb"
    sys.path.insert(0, str(ROOT))
    from tests.mutants import solution_with, wrong_module
    mistakes = []
    for wrong in wrong_module(aid).WRONG:  # two classic mistakes in different exercises
        if len(mistakes) < 2 and all(m["exercise"] != wrong["exercise"] for m in mistakes):
            mistakes.append(wrong)
    mixed = scratch / f"{aid}_mistakes.py"
    mixed.write_text(solution_with(aid, *(w["code"] for w in mistakes)))
    yield "classic mistakes: " + ", ".join(w["name"] for w in mistakes), mixed
    for path in sorted((ROOT / "samples" / aid).glob("*.py")):
        yield path.read_text().splitlines()[0].lstrip("# "), path


def main():
    rows = []
    out = feedback_text.console(sys.stdout)
    with tempfile.TemporaryDirectory() as tmp:
        for aid in course_config.ASSIGNMENTS:
            for description, path in samples(aid, Path(tmp)):
                started = time.monotonic()
                result = runner.grade_submission(aid, path, seed=2026,
                                                 submission_label=path.name)
                seconds = time.monotonic() - started
                feedback_text.emit(out, Text(), heading(f"{aid}: {description}"), Text())
                feedback_text.show(result, out, passed_checks=False)
                rows.append((aid, description, result.score, result.max_score, seconds))
    feedback_text.emit(out, Text(), heading("every sample"), Text(), summary(rows))
    return 0


def heading(title, width=feedback_text.WIDTH):
    """``== title =====`` across ``width`` columns (longer titles are not cut)."""
    text = f"== {title} "
    return feedback_text.Line(text + "=" * max(2, width - len(text)), style="bold")


def summary(rows):
    """The samples' scores and grading times as a table."""
    table = Table(box=None, pad_edge=False, padding=(0, 2, 0, 0), header_style="bold")
    table.add_column("assignment", no_wrap=True)
    table.add_column("sample", overflow="fold")
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("seconds", justify="right", no_wrap=True)
    for aid, description, score, top, seconds in rows:
        style = "green" if score >= top - 1e-9 else "red" if score <= 1e-9 else "yellow"
        table.add_row(aid, Text(description), Text(f"{score:g} / {top:g}", style=style),
                      f"{seconds:.2f}")
    return table


if __name__ == "__main__":
    sys.exit(main())
