"""Batch throughput: ``grade-all`` with 1 and 2 workers against
``nbgrader autograde``, on a generated class, in the same run.

The class (``tests/classroom.py``): STUDENTS students per assignment, a mix of
correct, wrong, stub, slow (a cell sleeping 1.5 s) and failing (a raising cell,
or a file that is not JSON) notebooks. ``grade-all`` grades all of them, from
the command line, with a fresh results file and gradebook each time, so the
times include starting the workers, recording the assignment in the gradebook
and every result. The same start-up is measured alone (a class of one); the
steady rate is the class's submissions over the rest of the time, and a term
of 10,000 gradings is projected as one start-up per assignment plus 10,000
submissions at that rate. nbgrader is slow enough that it grades a sample (the
first NBGRADER_SAMPLE students of each assignment); its rate is per
submission, like ours. With 3 workers on 2 cores, one worker grades while the
others wait (on a slow student's sleep, or on the other's process).

Run: ``.venv/bin/python bench/batch_throughput.py [--students N]
[--nbgrader-sample K] [ASSIGNMENT ...]`` (``make bench`` runs it).
"""
import argparse
import collections
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import course_config  # noqa: E402
from autograder.course import nbgrader_cli  # noqa: E402
from autograder.records import results_file  # noqa: E402
from tests import classroom  # noqa: E402

TARGET_GRADINGS, TARGET_MINUTES = 10_000, 30


def grade_all(out, submitted, workers, ids, name):
    """Seconds ``grade-all`` takes on every assignment of ``submitted``, and the records."""
    run = out / name
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent),
                                                 os.environ["PATH"]]))
    started = time.monotonic()
    for aid in ids:
        subprocess.run([sys.executable, "-m", "autograder", "grade-all", aid,
                        "--submitted", str(submitted),
                        "--results-dir", str(run / "results"),
                        "--feedback-dir", str(run / "feedback"),
                        "--db", f"sqlite:///{run / 'gradebook.db'}",
                        "--workers", str(workers), "--seed", "1"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    graded = {aid: results_file.load(results_file.path_for(run / "results", aid)) for aid in ids}
    return seconds, graded


def nbgrader_autograde(out, ids, kinds, sample):
    """Seconds nbgrader takes per submission on the first ``sample`` students."""
    course = out / "nbgrader"
    course.mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    count, seconds = 0, 0.0
    for aid in ids:
        shutil.copytree(ROOT / "source" / aid, course / "source" / aid)
        nbgrader_cli.run(course, "generate_assignment", aid, "--force")
        for student in sorted(kinds[aid])[:sample]:
            shutil.copytree(out / "submitted" / student / aid,
                            course / "submitted" / student / aid)
            count += 1
        started = time.monotonic()
        nbgrader_cli.run(course, "autograde", aid, "--force", check=False)
        seconds += time.monotonic() - started
    return seconds, count


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assignments", nargs="*", default=list(course_config.ASSIGNMENTS))
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--nbgrader-sample", type=int, default=6)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args(argv)
    ids = args.assignments
    out = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    kinds = {aid: classroom.make_class(out / "submitted", aid, args.students, seed=n)
             for n, aid in enumerate(ids)}
    for aid in ids:  # one student per assignment: the fixed cost of a batch
        classroom.make_class(out / "one", aid, 1, mix={"correct": 1})
    total = sum(len(k) for k in kinds.values())
    mix = collections.Counter(kind for k in kinds.values() for kind in k.values())
    print(f"class: {args.students} students x {len(ids)} assignments = {total} submissions "
          f"({', '.join(f'{n} {kind}' for kind, n in sorted(mix.items()))})", flush=True)

    rows, seconds_by_kind = [], collections.defaultdict(list)
    for workers in args.workers:
        fixed, _ = grade_all(out, out / "one", workers, ids, f"one{workers}")
        seconds, graded = grade_all(out, out / "submitted", workers, ids, f"workers{workers}")
        assert sum(len(r) for r in graded.values()) == total, "a submission has no record"
        rows.append((workers, seconds, fixed))
        print(f"  grade-all --workers {workers}: {seconds:.0f} s "
              f"(of which start-up, measured alone: {fixed:.0f} s)", flush=True)
        if workers == 1:
            for aid, records in graded.items():
                for student, record in records.items():
                    seconds_by_kind[kinds[aid][student]].append(record["seconds"])
    nb_seconds, nb_count = nbgrader_autograde(out, ids, kinds, args.nbgrader_sample)
    nb_rate = nb_count / nb_seconds

    print(f"\n{'grader':28} {'subs':>5} {'seconds':>8} {'per min':>8} {'x nbgrader':>10} "
          f"{'steady/min':>10} {'10k gradings':>12}")
    for workers, seconds, fixed in rows:
        rate, steady = total / seconds, total / max(seconds - fixed, 1e-9)
        term = (fixed + TARGET_GRADINGS / steady) / 60
        print(f"{'grade-all --workers ' + str(workers):28} {total:5d} {seconds:8.0f} "
              f"{rate * 60:8.1f} {rate / nb_rate:10.1f} {steady * 60:10.1f} {term:10.1f} min")
    print(f"{'nbgrader autograde (sample)':28} {nb_count:5d} {nb_seconds:8.0f} "
          f"{nb_rate * 60:8.1f} {1.0:10.1f} {'':>10} {TARGET_GRADINGS / nb_rate / 60:10.1f} min")
    print("\nmean grading time per submission, 1 worker: " + ", ".join(
        f"{kind} {statistics.mean(v):.2f} s" for kind, v in sorted(seconds_by_kind.items())))
    by_workers = {w: total / s for w, s, _ in rows}
    if 1 in by_workers and 2 in by_workers:
        print(f"2 workers vs 1: {by_workers[2] / by_workers[1]:.2f}x")
    print(f"10k gradings = one start-up per assignment + {TARGET_GRADINGS} submissions at the "
          f"steady rate; target: under {TARGET_MINUTES} min on 2 cores")
    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
