"""Batch throughput: ``grade-all`` with 1 and 2 workers against
``nbgrader autograde``, on a generated class, in the same run.

The class (``tests/classroom.py``): STUDENTS students per assignment, a mix of
correct, wrong, stub, slow (a cell sleeping 1.5 s) and failing (a raising cell,
or a file that is not JSON) notebooks. ``grade-all`` grades all of them, from
the command line, with a fresh results file and gradebook each time, so the
times include starting the workers and recording every result. nbgrader is
slow enough that it grades a sample (the first NBGRADER_SAMPLE students of
each assignment); its rate is per submission, like ours.

Run: ``.venv/bin/python bench/batch_throughput.py [--students N]
[--nbgrader-sample K] [ASSIGNMENT ...]`` (``make bench`` runs it).
"""
import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import course_config  # noqa: E402
from autograder import nbgrader_cli, results_file  # noqa: E402
from tests import classroom  # noqa: E402

TARGET_GRADINGS, TARGET_MINUTES = 10_000, 30


def grade_all(out, workers, ids):
    """Seconds to grade the class with ``workers`` workers; checks every record."""
    run = out / f"workers{workers}"
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent),
                                                 os.environ["PATH"]]))
    started = time.monotonic()
    for aid in ids:
        subprocess.run([sys.executable, "-m", "autograder", "grade-all", aid,
                        "--submitted", str(out / "submitted"),
                        "--results-dir", str(run / "results"),
                        "--feedback-dir", str(run / "feedback"),
                        "--db", f"sqlite:///{run / 'gradebook.db'}",
                        "--workers", str(workers), "--seed", "1"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
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
    args = parser.parse_args(argv)
    ids = args.assignments
    out = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    kinds = {aid: classroom.make_class(out / "submitted", aid, args.students, seed=n)
             for n, aid in enumerate(ids)}
    total = sum(len(k) for k in kinds.values())
    mix = collections.Counter(kind for k in kinds.values() for kind in k.values())
    print(f"class: {args.students} students x {len(ids)} assignments = {total} submissions "
          f"({', '.join(f'{n} {kind}' for kind, n in sorted(mix.items()))})", flush=True)

    rows = []
    for workers in (1, 2):
        seconds, graded = grade_all(out, workers, ids)
        assert sum(len(r) for r in graded.values()) == total, "a submission has no record"
        rows.append((f"grade-all --workers {workers}", total, seconds))
        print(f"  grade-all --workers {workers}: {seconds:.0f} s", flush=True)
    nb_seconds, nb_count = nbgrader_autograde(out, ids, kinds, args.nbgrader_sample)
    rows.append(("nbgrader autograde (sample)", nb_count, nb_seconds))

    nb_rate = nb_count / nb_seconds
    print(f"\n{'grader':30} {'submissions':>11} {'seconds':>8} {'per min':>8} "
          f"{'x nbgrader':>10}")
    for name, count, seconds in rows:
        rate = count / seconds
        print(f"{name:30} {count:11d} {seconds:8.0f} {rate * 60:8.1f} {rate / nb_rate:10.1f}")
    one, two = (total / rows[i][2] for i in (0, 1))
    minutes = TARGET_GRADINGS / two / 60
    print(f"\n2 workers vs 1: {two / one:.2f}x")
    print(f"{TARGET_GRADINGS} gradings at the 2-worker rate: {minutes:.1f} min "
          f"(target: under {TARGET_MINUTES} min) -> {'MET' if minutes < TARGET_MINUTES else 'MISSED'}")
    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
