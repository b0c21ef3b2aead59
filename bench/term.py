"""A whole term, graded for real: ``grade-all`` on 2 workers over a generated
term of 10,000 submissions across every assignment, in one run.

The term (``tests/classroom.py``): ``ceil(N / assignments)`` students, each
handing in every assignment, the last few missing one so that there are
exactly N submissions; each submission drawn from ``TERM_MIX``. A slow
submission sleeps 1.5 s in a cell, which a worker spends waiting: a term has
a few of them, not the tenth of the batch tests' class (``classroom.MIX``).

Every assignment is graded by one ``python -m autograder grade-all`` (as an
instructor would, one gradebook for the term), its results file watched: the
start-up of a command is the time to its first record less that record's own
grading time; the rest is grading and recording. ``nbgrader autograde`` grades
a sample (the first NBGRADER_SAMPLE students of each assignment) in the same
run; the ratio compares submissions per second.

Run: ``.venv/bin/python bench/term.py [--submissions N] [--workers W]
[--nbgrader-sample K] [ASSIGNMENT ...]``.
"""
import argparse
import collections
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import course_config  # noqa: E402
from autograder.records import results_file  # noqa: E402
from batch_throughput import nbgrader_autograde  # noqa: E402
from tests import classroom  # noqa: E402

TERM_MIX = {"correct": 0.5, "wrong": 0.3, "stub": 0.08, "slow": 0.02, "failing": 0.1}
TARGET_MINUTES = 20
POLL = 0.05


def make_term(submitted, ids, total, seed=2026):
    """Write ``total`` submissions into ``submitted``; ``{aid: {student: kind}}``."""
    students = math.ceil(total / len(ids))
    missing = students * len(ids) - total      # the last assignments lack a student each
    kinds = {}
    for n, aid in enumerate(ids):
        count = students - (1 if n >= len(ids) - missing else 0)
        kinds[aid] = classroom.make_class(submitted, aid, count, mix=TERM_MIX, seed=seed + n)
    return kinds


def _lines(path):
    try:
        with open(path, "rb") as f:
            return f.read().count(b"\n")
    except OSError:
        return 0


def grade_all(term, aid, workers):
    """Run ``grade-all`` on ``aid``; ``(wall seconds, start-up seconds, records)``."""
    results = results_file.path_for(term / "results", aid)
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent),
                                                 os.environ["PATH"]]))
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "autograder", "grade-all", aid,
         "--submitted", str(term / "submitted"), "--results-dir", str(term / "results"),
         "--feedback-dir", str(term / "feedback"), "--db", f"sqlite:///{term / 'gradebook.db'}",
         "--workers", str(workers), "--seed", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    first = None
    while proc.poll() is None:
        if first is None and _lines(results) > 0:
            first = time.monotonic() - started
        time.sleep(POLL)
    wall = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"grade-all {aid} failed ({proc.returncode}):\n"
                         + proc.stderr.read().decode(errors="replace")[-3000:])
    records = results_file.load(results)
    first_record = next(iter(records.values()), {"seconds": 0.0})
    startup = max((first or wall) - first_record["seconds"], 0.0)
    return wall, startup, records


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assignments", nargs="*", default=list(course_config.ASSIGNMENTS))
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--nbgrader-sample", type=int, default=1)
    args = parser.parse_args(argv)
    ids = args.assignments
    term = Path(tempfile.mkdtemp(prefix="bench-term-"))
    started = time.monotonic()
    kinds = make_term(term / "submitted", ids, args.submissions)
    mix = collections.Counter(k for by in kinds.values() for k in by.values())
    total = sum(mix.values())
    print(f"term: {total} submissions, {len(ids)} assignments "
          f"({', '.join(f'{n} {kind}' for kind, n in sorted(mix.items()))}); "
          f"written in {time.monotonic() - started:.0f} s", flush=True)

    wall = startup = 0.0
    per_kind = collections.defaultdict(list)
    print(f"\n{'assignment':30} {'subs':>5} {'wall s':>7} {'start s':>7} {'per min':>8}")
    for aid in ids:
        seconds, start, records = grade_all(term, aid, args.workers)
        assert len(records) == len(kinds[aid]), f"{aid}: a submission has no record"
        for student, record in records.items():
            per_kind[kinds[aid][student]].append(record["seconds"])
        wall, startup = wall + seconds, startup + start
        print(f"{aid:30} {len(records):5d} {seconds:7.1f} {start:7.1f} "
              f"{len(records) / seconds * 60:8.0f}", flush=True)

    nb_seconds, nb_count = nbgrader_autograde(term, ids, kinds, args.nbgrader_sample)
    rate, nb_rate = total / wall, nb_count / nb_seconds
    print(f"\ngrade-all, {args.workers} workers: {total} submissions in {wall / 60:.1f} min "
          f"({wall:.0f} s), {rate * 60:.0f} submissions/min")
    print(f"  start-up {startup:.0f} s ({startup / wall:.0%}), grading and recording "
          f"{wall - startup:.0f} s ({(wall - startup) / wall:.0%})")
    print("  grading time per submission in its worker: " + ", ".join(
        f"{kind} {sum(v) / len(v):.3f} s" for kind, v in sorted(per_kind.items())))
    print(f"nbgrader autograde (sample of {nb_count}): {nb_seconds / nb_count:.2f} s per "
          f"submission, {nb_rate * 60:.1f}/min; grade-all is {rate / nb_rate:.1f}x faster; "
          f"the term would take nbgrader {total / nb_rate / 3600:.1f} h")
    verdict = "under" if wall < TARGET_MINUTES * 60 else "OVER"
    print(f"target: under {TARGET_MINUTES} min on 2 cores -- {verdict}")
    shutil.rmtree(term, ignore_errors=True)
    return 0 if wall < TARGET_MINUTES * 60 else 1


if __name__ == "__main__":
    sys.exit(main())
