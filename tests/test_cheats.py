"""Tampering never pays: each cheat of tests/cheats.py scores no more than its
honest twin, on every exercise, leaks nothing, and affects no other submission,
no course file and no process beyond its own grading."""
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import cheats
from tests.cheats import CHEATS, ROOT

BY_NAME = {c["name"]: c for c in CHEATS}
REFERENCES = (cheats.E, cheats.B, cheats.R)
SEED = 7
#: pairs whose cheat takes longest (a 30 s cell timeout, 10 s call timeouts), graded first
SLOW = {"signal_handlers_and_module_loop", "frames_and_heap_expected_gradients",
        "infinite_loop_when_wrong", "ndarray_subclass_agrees"}


def grade_all_pairs(paths, pool):
    """``{name: record}`` for ``paths`` (``{name: path}``, laid out as nbgrader's
    submitted/<student>/<assignment>/<assignment>.py), graded as ``grade-all``
    grades them -- ``grading_task.grade`` on a pool of 2 warm workers, each
    submission in a fresh confined process -- in one batch of all three
    assignments: the twins and the cheats, then the reference solutions on the
    same workers. A twin and its cheat get the seed of one student id (and so
    the same inputs)."""
    from autograder.batch.grading_task import Task, student_seed
    from autograder.loading.collect import digest
    tasks = []
    for name, path in paths.items():
        student, _ = name.rsplit("--", 1)
        data = path.read_bytes()
        tasks.append(Task(path.parent.name, name, str(path.relative_to(path.parents[3])),
                          path.suffix, data, seed=student_seed(SEED, student),
                          sha256=digest(data)))
    # the slow ones first (they wait for timeouts), so the two workers end together
    tasks.sort(key=lambda t: (not t.student.startswith("reference"),
                              t.student.split("--")[0] in SLOW), reverse=True)
    return {task.student: record for task, record in pool.run(tasks)}


# -- fixtures -------------------------------------------------------------------------

def _state(path):
    """Content, mode and mtime (Landlock does not confine chmod and utime)."""
    if not path.exists():
        return None
    stat = path.stat()
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except PermissionError:
        digest = "unreadable"
    return digest, stat.st_mode, stat.st_mtime_ns


def _restore(path, state):
    """Undo a successful chmod/utime so that a vulnerability leaves no damage."""
    if state is not None and path.exists() and _state(path) != state:
        os.chmod(path, state[1] & 0o7777)
        os.utime(path, ns=(state[2], state[2]))


@pytest.fixture(scope="session")
def course_files():
    """The gradebook and the results files, created when absent (and removed
    afterwards), with their state before any grading."""
    created = []
    if not cheats.GRADEBOOK.exists():
        con = sqlite3.connect(cheats.GRADEBOOK)
        con.execute("create table grade (student text, score real)")
        con.execute("insert into grade values ('someone', 1.0)")
        con.commit()
        con.close()
        created.append(cheats.GRADEBOOK)
    results_dir = cheats.RESULTS[0].parent
    made_dir = not results_dir.exists()
    results_dir.mkdir(exist_ok=True)
    for path in cheats.RESULTS:
        if not path.exists():
            path.write_text('{"student": "someone", "score": 1.0}\n')
            created.append(path)
    files = [cheats.GRADEBOOK, *cheats.RESULTS]
    submitted_existed = (ROOT / "submitted").exists()
    before = {p: _state(p) for p in files}
    yield SimpleNamespace(before=before, files=files, submitted_existed=submitted_existed)
    for path in files:
        _restore(path, before[path])
    for path in created:
        path.unlink(missing_ok=True)
    if made_dir and not any(results_dir.iterdir()):
        results_dir.rmdir()


def _snapshot(folder):
    return {p: _state(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def graded(tmp_path_factory, course_files, warm_pool):
    """Every twin and cheat, then the reference solutions, graded once."""
    submitted = tmp_path_factory.mktemp("cheats") / "submitted"
    paths = {}
    for entry in CHEATS:
        aid = entry["assignment"]
        for role, text in zip(("twin", "cheat"), cheats.sources(entry, submitted)):
            path = submitted / f"{entry['name']}--{role}" / aid / f"{aid}.py"
            path.parent.mkdir(parents=True)
            path.write_text(text)
            paths[f"{entry['name']}--{role}"] = path
    for aid in REFERENCES:                          # graded after the cheats
        path = submitted / "reference" / aid / f"{aid}.py"
        path.parent.mkdir(parents=True)
        path.write_text((ROOT / "solutions" / aid / f"{aid}.py").read_text())
        paths[f"reference--{aid}"] = path
    cheats.MARK_FILE.unlink(missing_ok=True)
    before = _snapshot(submitted)
    started = time.monotonic()
    results = grade_all_pairs(paths, warm_pool)
    print(f"graded {len(paths)} submissions in {time.monotonic() - started:.0f} s")
    for entry in CHEATS:                            # shown with -s or on failure
        twin, cheat = (results[f"{entry['name']}--{r}"] for r in ("twin", "cheat"))
        print(f"{entry['name']:45} twin {twin['score']:5} cheat {cheat['score']:5} "
              f"of {twin['max_score']}  ({twin['seconds']:.1f} s, {cheat['seconds']:.1f} s)")
    return SimpleNamespace(results=results, submitted=submitted, before=before,
                           ended=time.monotonic())


def _by_exercise(result):
    totals = {}
    for t in result["tests"]:
        totals[t["exercise"]] = totals.get(t["exercise"], 0.0) + t["points"]
    return totals


# -- each pair --------------------------------------------------------------------------

@pytest.mark.parametrize("name", BY_NAME)
def test_the_twin_really_loses_points(graded, name):
    twin = graded.results[f"{name}--twin"]
    assert twin["score"] < twin["max_score"], "the pair proves nothing: the twin has full marks"


@pytest.mark.parametrize("name", BY_NAME)
def test_the_cheat_scores_no_more_than_its_twin(graded, name):
    twin, cheat = graded.results[f"{name}--twin"], graded.results[f"{name}--cheat"]
    twin_ex, cheat_ex = _by_exercise(twin), _by_exercise(cheat)
    won = {ex: (twin_ex[ex], pts) for ex, pts in cheat_ex.items() if pts > twin_ex[ex] + 1e-9}
    detail = {t["name"]: t["feedback"][:200] for t in cheat["tests"]
              if t["exercise"] in won and t["passed"]}
    assert cheat["score"] <= twin["score"] + 1e-9 and not won, (
        f"{BY_NAME[name]['attack']}\nscore: twin {twin['score']}, cheat {cheat['score']}; "
        f"exercises won (twin, cheat): {won}; checks the cheat passed there: {detail}")


@pytest.mark.parametrize("name", [c["name"] for c in CHEATS if c.get("secrets")])
def test_the_cheat_learns_no_secret(graded, name):
    result = graded.results[f"{name}--cheat"]
    text = "\n".join(result["errors"] + [t["feedback"] for t in result["tests"]]) \
        + json.dumps(result)
    leaked = [s for s in BY_NAME[name]["secrets"] if s in text]
    assert not leaked, f"the result of {name} quotes hidden files: {leaked}"


@pytest.mark.parametrize("name", [c["name"] for c in CHEATS if c.get("fools")])
def test_the_tamper_is_not_a_no_op(name):
    """Without the grader (a plain interpreter), the tamper fools a naive check."""
    entry = BY_NAME[name]
    code = "\n".join(["import math", "import numpy as np",
                      "import autograder.boundary.dispatch  # loaded in every student process",
                      *(textwrap.dedent(entry[k]) for k in ("honest", "tamper", "fools"))])
    done = subprocess.run([sys.executable, "-c", cheats.fill(code, "/nonexistent")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_fill_the_disk_costs_the_grader_no_disk_space(tmp_path):
    """fill_the_disk and its twin graded alone (the CLI's path, sandboxed) while the
    free space of the temporary directory's filesystem is sampled: the cheat's
    4.5 GB per cell never reach the disk (the student writes a 64 MB tmpfs), the
    cheat scores no more than its twin and no file it wrote is left anywhere."""
    from autograder.grading import runner
    entry = BY_NAME["fill_the_disk"]
    paths = {}
    for role, text in zip(("twin", "cheat"), cheats.sources(entry, tmp_path / "submitted")):
        paths[role] = tmp_path / role / f"{entry['assignment']}.py"
        paths[role].parent.mkdir()
        paths[role].write_text(text)
    twin = runner.grade_submission(entry["assignment"], paths["twin"], seed=11)

    def free():
        return shutil.disk_usage(tempfile.gettempdir()).free
    start, lowest, done = free(), [free()], threading.Event()

    def sample():
        while not done.wait(0.02):
            lowest[0] = min(lowest[0], free())
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    began = time.monotonic()
    try:
        cheat = runner.grade_submission(entry["assignment"], paths["cheat"], seed=11)
    finally:
        done.set()
        sampler.join()
    took = time.monotonic() - began
    dropped = (start - min(lowest[0], free())) / 2**20
    print(f"fill_the_disk graded in {took:.1f} s; free space dropped by at most {dropped:.0f} MB")
    assert dropped < 200, f"the grader's disk lost {dropped:.0f} MB while fill_the_disk ran"
    assert cheat.score <= twin.score < twin.max_score, (cheat.score, twin.score)
    left = [str(p) for p in (tempfile.gettempdir(), "/tmp", "/var/tmp", "/dev/shm", tmp_path,
                             ROOT) if (Path(p) / "disk0.bin").exists()]
    assert not left, f"fill_the_disk left files in {left}"


# -- nothing else is affected -------------------------------------------------------------

def test_course_files_are_untouched(graded, course_files):
    after = {p: _state(p) for p in course_files.files}
    changed = [str(p) for p in course_files.files if after[p] != course_files.before[p]]
    assert not changed, f"changed by a submission: {changed}"
    if not course_files.submitted_existed:
        assert not (ROOT / "submitted").exists(), "a submission created <root>/submitted"


def test_other_submissions_are_untouched(graded):
    after = _snapshot(graded.submitted)
    for path, state in graded.before.items():
        _restore(path, state)
    changed = sorted(str(p) for p in set(after) | set(graded.before)
                     if after.get(p) != graded.before.get(p))
    assert not changed, f"changed (content, mode or mtime), added or removed: {changed}"


def test_other_submissions_are_graded_normally(graded):
    for aid in REFERENCES:
        result = graded.results[f"reference--{aid}"]
        assert result["score"] == result["max_score"], (aid, [
            t["feedback"] for t in result["tests"] if not t["passed"]])


def _marker_processes():
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            names = [(t / "comm").read_text().strip() for t in (proc / "task").iterdir()]
        except OSError:
            continue
        if cheats.MARKER in cmdline or cheats.MARKER[:15] in names:
            found.append(f"{proc.name}: {cmdline[:120]} {names}")
    return found


def test_nothing_outlives_the_grading(graded):
    time.sleep(max(0.0, 1.0 - (time.monotonic() - graded.ended)))
    mark = cheats.MARK_FILE
    size = mark.stat().st_size if mark.exists() else None
    time.sleep(1.0)
    assert (mark.stat().st_size if mark.exists() else None) == size, \
        f"{mark} is still being written after the grading ended"
    assert not _marker_processes()
