"""A whole term, graded for real: ``grade-all`` on 2 workers over a generated
term of 10,000 submissions across every assignment, in one run.

The term (``tests/classroom.py``): ``ceil(N / assignments)`` students, each
handing in every assignment, the last few missing one so that there are
exactly N submissions; each submission drawn from ``TERM_MIX``. A slow
submission sleeps 1.5 s in a cell, which a worker spends waiting: a term has
a few of them, not the tenth of the batch tests' class (``classroom.MIX``).

The term is graded by one ``python -m autograder grade-all`` over every
assignment (one warm pool, one gradebook for the term), its results files
watched: an assignment's set-up (the workers' start-up for the first, the
gradebook's record of its cells for each) is the time from the previous
assignment's last record to its first, less that first record's own grading
time; the rest is grading and recording. ``nbgrader autograde`` grades
a sample (the first NBGRADER_SAMPLE students of each assignment) in the same
run; the ratio compares submissions per second.

Run: ``.venv/bin/python bench/term.py [--submissions N] [--workers W]
[--nbgrader-sample K] [ASSIGNMENT ...]``; ``--nbgrader-sample 0`` skips nbgrader.
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


def _size(path):
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _own_cpu(pid):
    """CPU seconds of the live process ``pid`` itself (not its children)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def grade_all(term, ids, workers):
    """One ``grade-all`` over every assignment of ``ids``, its results files watched:
    ``(wall seconds, {aid: (first, last)} seconds since the start at which the
    first and the last record appeared, {aid: records}, CPU seconds of the
    grade-all process itself: collecting, recording, feedback)``."""
    paths = {aid: results_file.path_for(term / "results", aid) for aid in ids}
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent),
                                                 os.environ["PATH"]]))
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "autograder", "grade-all", *ids,
         "--submitted", str(term / "submitted"), "--results-dir", str(term / "results"),
         "--feedback-dir", str(term / "feedback"), "--db", f"sqlite:///{term / 'gradebook.db'}",
         "--workers", str(workers), "--seed", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen, sizes, current, own = {}, dict.fromkeys(ids, 0), 0, 0.0
    while proc.poll() is None:          # a stat of the one or two files that can grow
        own = _own_cpu(proc.pid) or own   # the last reading before it exits
        now = time.monotonic() - started
        for index in range(current, min(current + 2, len(ids))):
            aid = ids[index]
            size = _size(paths[aid])
            if size > sizes[aid]:
                seen.setdefault(aid, [now, now])[1] = now
                sizes[aid], current = size, index
        time.sleep(POLL)
    wall = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"grade-all failed ({proc.returncode}):\n"
                         + proc.stderr.read().decode(errors="replace")[-3000:])
    return wall, seen, {aid: results_file.load(paths[aid]) for aid in ids}, own


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

    wall, seen, graded, own = grade_all(term, ids, args.workers)
    per_kind = collections.defaultdict(list)
    print(f"\n{'assignment':30} {'subs':>5} {'set-up s':>8} {'grading s':>9} {'per min':>8}")
    startup, before = 0.0, 0.0
    for aid in ids:
        records = graded[aid]
        assert len(records) == len(kinds[aid]), f"{aid}: a submission has no record"
        for student, record in records.items():
            per_kind[kinds[aid][student]].append(record["seconds"])
        first, last = seen.get(aid, (before, before))
        first_grading = min(r["seconds"] for r in records.values()) if records else 0.0
        setup = max(first - before - first_grading, 0.0)   # start-up, gradebook set-up
        startup += setup
        grading = max(last - first + first_grading, 1e-9)
        print(f"{aid:30} {len(records):5d} {setup:8.1f} {grading:9.1f} "
              f"{len(records) / grading * 60:8.0f}", flush=True)
        before = last
    rate = total / wall
    print(f"\ngrade-all, {args.workers} workers: {total} submissions in {wall / 60:.1f} min "
          f"({wall:.0f} s), {rate * 60:.0f} submissions/min")
    print(f"  start-up {startup:.0f} s ({startup / wall:.0%}), grading and recording "
          f"{wall - startup:.0f} s ({(wall - startup) / wall:.0%})")
    print(f"  the grade-all process itself (collecting, recording, feedback): {own:.0f} s CPU, "
          f"{own / total * 1000:.1f} ms per submission")
    print("  grading time per submission in its worker: " + ", ".join(
        f"{kind} {sum(v) / len(v):.3f} s" for kind, v in sorted(per_kind.items())))
    if args.nbgrader_sample:
        nb_seconds, nb_count = nbgrader_autograde(term, ids, kinds, args.nbgrader_sample)
        nb_rate = nb_count / nb_seconds
        print(f"nbgrader autograde (sample of {nb_count}): {nb_seconds / nb_count:.2f} s per "
              f"submission, {nb_rate * 60:.1f}/min; grade-all is {rate / nb_rate:.1f}x faster; "
              f"the term would take nbgrader {total / nb_rate / 3600:.1f} h")
    verdict = "under" if wall < TARGET_MINUTES * 60 else "OVER"
    print(f"target: under {TARGET_MINUTES} min on 2 cores -- {verdict}")
    shutil.rmtree(term, ignore_errors=True)
    return 0 if wall < TARGET_MINUTES * 60 else 1


if __name__ == "__main__":
    sys.exit(main())
