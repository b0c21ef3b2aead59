"""Generated classes in nbgrader's ``submitted/<student>/<assignment>/`` layout,
for the batch tests, the throughput benchmark and ``make demo``.

A student hands in one of these kinds of notebook:
  correct  -- the reference solution
  wrong    -- the reference with one honest mistake from ``tests/wrong/``
  stub     -- the released notebook, untouched
  slow     -- the reference with a cell that sleeps ``SLOW_SECONDS``
  failing  -- the reference with a cell that raises (later cells still run),
              or a file that is not a notebook at all
"""
import json
import random
import textwrap
from pathlib import Path

from tests.mutants import ROOT, honest_submissions, notebook_with, wrong_module

SLOW_SECONDS = 1.5
MIX = {"correct": 0.45, "wrong": 0.3, "stub": 0.05, "slow": 0.1, "failing": 0.1}
TIMESTAMP = "2026-11-20 09:00:00.000000 UTC"


def _reference(aid):
    return json.loads((ROOT / "solutions" / aid / f"{aid}.ipynb").read_text())


def _with_cell(nb, code):
    nb = json.loads(json.dumps(nb))
    nb["cells"].insert(1, {"cell_type": "code", "metadata": {}, "outputs": [],
                           "execution_count": None, "source": textwrap.dedent(code).strip()})
    return nb


def notebook(aid, kind, index=0):
    """The notebook (a dict) or raw bytes of one ``kind`` of submission."""
    if kind == "correct":
        return _reference(aid)
    if kind == "stub":
        return honest_submissions(aid, wrong=0)["stub"]
    if kind == "wrong":
        cases = wrong_module(aid).WRONG
        case = cases[index % len(cases)]
        return notebook_with(aid, case["exercise"], case["code"])
    if kind == "slow":
        return _with_cell(_reference(aid), f"import time\ntime.sleep({SLOW_SECONDS})")
    if kind == "failing":
        if index % 2:
            return b'{"cells": [ this is not JSON'
        return _with_cell(_reference(aid), "raise RuntimeError('a cell that fails')")
    raise ValueError(f"unknown kind {kind!r}")


def write(submitted: Path, student, aid, content, name=None):
    """Put one submission (dict, str or bytes) where ``nbgrader collect`` would."""
    folder = submitted / student / aid
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(content, dict):
        content = json.dumps(content)
    if isinstance(content, str):
        content = content.encode()
    (folder / (name or f"{aid}.ipynb")).write_bytes(content)
    (folder / "timestamp.txt").write_text(TIMESTAMP)
    return folder


def make_class(submitted: Path, aid, students, mix=None, seed=0):
    """``students`` submissions of ``aid`` drawn from ``mix``; ``{student: kind}``."""
    mix = mix or MIX
    rng = random.Random(seed)
    kinds = rng.choices(list(mix), weights=list(mix.values()), k=students)
    cache, made = {}, {}
    for number, kind in enumerate(kinds):
        student = f"student{number:04d}"
        key = (kind, number % 7 if kind in ("wrong", "failing") else 0)
        if key not in cache:
            cache[key] = notebook(aid, kind, key[1])
        write(submitted, student, aid, cache[key])
        made[student] = kind
    return made
