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

import course_config
from autograder import report_text, runner

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
    with tempfile.TemporaryDirectory() as tmp:
        for aid in course_config.ASSIGNMENTS:
            for description, path in samples(aid, Path(tmp)):
                started = time.monotonic()
                result = runner.grade_submission(aid, path, seed=2026,
                                                 submission_label=path.name)
                seconds = time.monotonic() - started
                print("=" * 100)
                print(f"{aid}: {description}")
                print(report_text.render(result, hints=False))
                rows.append((aid, description, result.score, result.max_score, seconds))
    print("=" * 100)
    print(f"{'assignment':30} {'sample':50} {'score':>11} {'seconds':>8}")
    for aid, description, score, top, seconds in rows:
        print(f"{aid:30} {description[:50]:50} {score:>5g} / {top:<4g} {seconds:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
