"""The round trip of one call to a student process: the grader and the student's
process on one CPU (what ``autograder/sandbox/cpu.py`` arranges for a pinned
grade-all worker) against the two on different CPUs, in the same run.

A call is ``normalize`` of 00 on a 3-vector (the reference solution): almost all of
its time is the conversation itself. Prints microseconds per call for both
placements, over interleaved rounds, and their ratio.

Run: ``.venv/bin/python bench/round_trip.py [--calls N] [--rounds R]``.
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from autograder.course import assignments  # noqa: E402
from autograder.loading import submission  # noqa: E402
from autograder.sandbox import SandboxSession  # noqa: E402
from tests import classroom  # noqa: E402

ASSIGNMENT = "00_probability_foundations"


def per_call(student, calls):
    x = np.array([1.0, 2.0, 3.0])
    started = time.perf_counter()
    for _ in range(calls):
        student.call("normalize", x)
    return (time.perf_counter() - started) / calls * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        sys.exit("needs two CPUs")
    assignment = assignments.get(ASSIGNMENT)
    path = Path(tempfile.mkdtemp()) / "reference.ipynb"
    path.write_text(json.dumps(classroom.notebook(ASSIGNMENT, "correct")))
    same, apart = [], []
    os.sched_setaffinity(0, {cpus[0]})
    try:
        with SandboxSession(assignment, submission.read(path)) as session:
            session.advance(len(session.cells))
            session.restart()
            student = session.student
            per_call(student, 100)                         # warm up
            for _ in range(args.rounds):
                os.sched_setaffinity(student.pid, {cpus[0]})
                same.append(per_call(student, args.calls))
                os.sched_setaffinity(student.pid, {cpus[1]})
                apart.append(per_call(student, args.calls))
    finally:
        os.sched_setaffinity(0, set(cpus))
    s, a = statistics.median(same), statistics.median(apart)
    print(f"one CPU: {s:.0f} us per call; two CPUs: {a:.0f} us per call "
          f"(medians of {args.rounds} rounds of {args.calls} calls); ratio {a / s:.2f}")


if __name__ == "__main__":
    main()
