"""Grading speed: ``nbgrader autograde`` against ``python -m autograder``'s
engine on the same submissions, in the same run.

For every assignment: the reference solution, the released stub, every wrong
implementation of tests/wrong/ and every alternative correct one, as notebooks
a student would hand in. Both graders grade all of them (nbgrader's start-up is
spread over an assignment's submissions, as in a real batch); the script checks
that their per-cell points agree, then prints per-submission times and the
ratio (where a notebook's visible asserts fail, nbgrader's cell raises and
scores 0, while this grader scores the hidden checks: the comparison expects
nbgrader's 0 there). It also measures the warm overhead: an empty notebook graded by a warm
engine (zygote and graders loaded), where nothing but the machinery runs.

Run: ``make bench`` (or ``.venv/bin/python bench/grade_speed.py [ASSIGNMENT ...]``).
"""
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import course_config  # noqa: E402
from autograder.course import nbgrader_cli  # noqa: E402
from autograder.grading import runner  # noqa: E402
from tests.mutants import honest_submissions  # noqa: E402


def main(ids):
    course = Path(tempfile.mkdtemp(prefix="bench-course-"))
    shutil.copy(ROOT / "nbgrader_config.py", course)
    paths, nb_seconds, our_seconds = {}, {}, {}
    for aid in ids:
        shutil.copytree(ROOT / "source" / aid, course / "source" / aid)
        nbgrader_cli.run(course, "generate_assignment", aid, "--force")
        for student, nb in honest_submissions(aid, wrong=None, alternatives=None).items():
            folder = course / "submitted" / student / aid
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{aid}.ipynb").write_text(json.dumps(nb))
            paths[aid, student] = folder / f"{aid}.ipynb"

    print("nbgrader autograde ...", flush=True)
    for aid in ids:
        students = [s for (a, s) in paths if a == aid]
        started = time.monotonic()
        nbgrader_cli.run(course, "autograde", aid, "--force")
        per = (time.monotonic() - started) / len(students)
        nb_seconds.update({(aid, s): per for s in students})

    print("python -m autograder (warm engine) ...", flush=True)
    empty = course / "empty.ipynb"
    empty.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "source": "", "outputs": [], "execution_count": None}]}))
    for aid in ids:  # warm up: zygote, graders, oracles
        runner.grade_submission(aid, empty, seed=0)
    disagreements = []
    for (aid, student), path in paths.items():
        started = time.monotonic()
        result = runner.grade_submission(aid, path, seed=course_config.NBGRADER_SEED)
        our_seconds[aid, student] = time.monotonic() - started
        ours = {ex: round(got, 6) for ex, (got, _) in result.by_exercise().items()}
        ours.update({ex: 0.0 for ex in result.visible_checks})  # nbgrader: the cell raised
        theirs = nbgrader_cli.cell_scores(course, aid, student)
        if ours != theirs:
            disagreements.append((aid, student, ours, theirs))

    overhead = []
    for _ in range(20):
        started = time.monotonic()
        runner.grade_submission(ids[0], empty, seed=0)
        overhead.append(time.monotonic() - started)

    print(f"\n{'assignment':32} {'submissions':>11} {'nbgrader s':>10} {'ours s':>8} {'ratio':>7}")
    for aid in ids:
        keys = [k for k in paths if k[0] == aid]
        theirs, ours = (sum(d[k] for k in keys) / len(keys) for d in (nb_seconds, our_seconds))
        print(f"{aid:32} {len(keys):11d} {theirs:10.2f} {ours:8.3f} {theirs / ours:7.1f}")
    total_nb, total_ours = sum(nb_seconds.values()), sum(our_seconds.values())
    n = len(paths)
    print(f"\nper submission: nbgrader {total_nb / n:.2f} s, ours {total_ours / n:.3f} s, "
          f"ratio {total_nb / total_ours:.1f}x")
    print(f"warm overhead (empty notebook, {ids[0]}): median "
          f"{statistics.median(overhead) * 1000:.0f} ms over {len(overhead)} runs")
    print(f"scores agree on {n - len(disagreements)}/{n} submissions")
    for d in disagreements:
        print("  DISAGREE", d)
    shutil.rmtree(course, ignore_errors=True)
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or list(course_config.ASSIGNMENTS)))
