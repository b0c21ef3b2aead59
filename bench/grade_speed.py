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

Fair on a shared machine (other jobs come and go while nbgrader runs for
minutes):
  - the engine grades an assignment's submissions twice, right before and right
    after nbgrader grades them, and its time per submission is the mean of the
    two passes, so that both graders are timed under the same load;
  - CPU time is measured besides wall-clock time: nbgrader's process and its
    kernels (``RUSAGE_CHILDREN``), against this grader's process, its zygote and
    every student process (read from ``/proc`` when the process ends). On a
    loaded machine, and in a batch with one worker per core, CPU time is what
    sets the throughput; the CPU ratio is the more stable of the two;
  - the grader's process runs its numerical libraries on one thread, as
    ``grade-all``'s workers do, and its passes run on one CPU with their student
    processes, as a worker's do (``autograder/sandbox/cpu.py``); nbgrader keeps
    every CPU.

Run: ``make bench`` (or ``.venv/bin/python bench/grade_speed.py [ASSIGNMENT ...]``).
"""
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import course_config  # noqa: E402
from autograder import sandbox  # noqa: E402
from autograder.sandbox import cpu  # noqa: E402
from autograder.course import nbgrader_cli  # noqa: E402
from autograder.grading import runner  # noqa: E402
from tests.mutants import honest_submissions  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid, children=True):
    """CPU seconds of a live process (and of the children it has reaped)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICK


class StudentCpu:
    """CPU seconds of the student processes that ended (each read just before
    the grader kills it: at the end of its session, or after a crash)."""

    def __init__(self):
        self.seconds = 0.0
        kill = sandbox.SandboxStudent.kill

        def counted_kill(student):
            self.seconds += _proc_cpu(student.pid)
            kill(student)
        sandbox.SandboxStudent.kill = counted_kill


def our_cpu(students):
    """CPU seconds so far: this process, the zygote (it forks the student
    processes) and the student processes that ended."""
    zygote = sandbox.Zygote.shared().proc.pid
    return time.process_time() + _proc_cpu(zygote, children=False) + students.seconds


def nbgrader_autograde(course, aid):
    """(wall seconds, CPU seconds) of ``nbgrader autograde`` (it and its kernels)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    nbgrader_cli.run(course, "autograde", aid, "--force")
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def our_pass(aid, paths, students):
    """``{student: (wall, cpu, result)}`` for one pass of this grader, on one CPU with
    its student processes, as a grade-all worker (nbgrader keeps every CPU)."""
    out = {}
    cpu.pin_this_process(0)
    try:
        for student, path in paths.items():
            used, started = our_cpu(students), time.monotonic()
            result = runner.grade_submission(aid, path, seed=course_config.NBGRADER_SEED)
            out[student] = (time.monotonic() - started, our_cpu(students) - used, result)
    finally:
        cpu.restore()
    return out


def main(ids):
    try:
        import torch
        torch.set_num_threads(1)   # as grade-all's workers (batch.pool.ONE_THREAD)
    except ImportError:
        pass
    course = Path(tempfile.mkdtemp(prefix="bench-course-"))
    shutil.copy(ROOT / "nbgrader_config.py", course)
    paths = {}
    for aid in ids:
        shutil.copytree(ROOT / "source" / aid, course / "source" / aid)
        nbgrader_cli.run(course, "generate_assignment", aid, "--force")
        paths[aid] = {}
        for student, nb in honest_submissions(aid, wrong=None, alternatives=None).items():
            folder = course / "submitted" / student / aid
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{aid}.ipynb").write_text(json.dumps(nb))
            paths[aid][student] = folder / f"{aid}.ipynb"

    empty = course / "empty.ipynb"
    empty.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "source": "", "outputs": [],
         "execution_count": None}]}))
    students = StudentCpu()
    rows, disagreements = {}, []
    for aid in ids:
        n = len(paths[aid])
        print(f"{aid}: this grader, nbgrader autograde ({n} submissions), this grader ...",
              flush=True)
        runner.grade_submission(aid, empty, seed=0)   # warm up: zygote, graders, oracles
        first = our_pass(aid, paths[aid], students)
        nb_wall, nb_cpu = nbgrader_autograde(course, aid)
        second = our_pass(aid, paths[aid], students)
        for student in paths[aid]:
            theirs = nbgrader_cli.cell_scores(course, aid, student)
            for result in (first[student][2], second[student][2]):
                ours = {ex: round(got, 6) for ex, (got, _) in result.by_exercise().items()}
                ours.update({ex: 0.0 for ex in result.visible_checks})  # nbgrader: the cell raised
                if ours != theirs:
                    disagreements.append((aid, student, ours, theirs))
        walls = [w for p in (first, second) for w, _, _ in p.values()]
        cpus = [c for p in (first, second) for _, c, _ in p.values()]
        passes = [sum(w for w, _, _ in p.values()) / n for p in (first, second)]
        rows[aid] = dict(n=n, nb_wall=nb_wall / n, nb_cpu=nb_cpu / n, wall=sum(walls) / len(walls),
                         cpu=sum(cpus) / len(cpus), passes=passes)

    overhead = []
    cpu.pin_this_process(0)
    for _ in range(20):
        started = time.monotonic()
        runner.grade_submission(ids[0], empty, seed=0)
        overhead.append(time.monotonic() - started)
    cpu.restore()

    print(f"\n{'assignment':30} {'subs':>4} {'nbgrader s':>10} {'ours s':>7} {'ratio':>6}"
          f"   {'nbgrader cpu':>12} {'ours cpu':>8} {'cpu ratio':>9}   ours s, pass 1 / 2")
    for aid, r in rows.items():
        print(f"{aid:30} {r['n']:4d} {r['nb_wall']:10.2f} {r['wall']:7.3f} "
              f"{r['nb_wall'] / r['wall']:6.1f}   {r['nb_cpu']:12.2f} {r['cpu']:8.3f} "
              f"{r['nb_cpu'] / r['cpu']:9.1f}   {r['passes'][0]:.3f} / {r['passes'][1]:.3f}")
    n = sum(r["n"] for r in rows.values())
    total = {k: sum(r[k] * r["n"] for r in rows.values()) / n
             for k in ("nb_wall", "wall", "nb_cpu", "cpu")}
    print(f"\nper submission: nbgrader {total['nb_wall']:.2f} s, ours {total['wall']:.3f} s, "
          f"ratio {total['nb_wall'] / total['wall']:.1f}x; CPU: nbgrader "
          f"{total['nb_cpu']:.2f} s, ours {total['cpu']:.3f} s, "
          f"ratio {total['nb_cpu'] / total['cpu']:.1f}x")
    print(f"warm overhead (empty notebook, {ids[0]}): median "
          f"{statistics.median(overhead) * 1000:.0f} ms over {len(overhead)} runs")
    print(f"scores agree on {2 * n - len(disagreements)}/{2 * n} gradings (two passes)")
    for d in disagreements:
        print("  DISAGREE", d)
    shutil.rmtree(course, ignore_errors=True)
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or list(course_config.ASSIGNMENTS)))
