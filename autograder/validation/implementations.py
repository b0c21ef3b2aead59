"""The submissions that prove a grader: the reference solution (``.py`` and
``.ipynb``), the released stub, the wrong and alternative implementations of
``tests/wrong/<grader module>.py``, and mutants of the reference.

A wrong or alternative implementation is put into the reference solution the
way a student's answer would be: in effect from the first cell on, so at
every test cell (:func:`solution_with`). A mutant replaces its exercise's
answer cell in the reference notebook (:func:`notebook_with_cell`).
"""
import importlib.util
import json
import re
import sys
import textwrap
from dataclasses import dataclass, field

import course_config
from autograder.course import assignments
from autograder.course.markers import cell_role

_LOADED = {}   # path -> module, for tests/wrong/ files not imported as a package
_TEST_CELL = re.compile(r'^# %% nbgrader=\{[^\n]*"grade": true[^\n]*"solution": false', re.M)


@dataclass(frozen=True)
class Submission:
    """One file to grade, and what it is."""
    key: str                  # unique in a validation run: "reference.py/3", "wrong/<name>"
    kind: str                 # "reference", "stub", "wrong", "alternative", "mutant"
    name: str
    suffix: str               # ".py" or ".ipynb"
    data: bytes
    seed: int
    #: the exercises to grade (None: all); a mutant cannot change the
    #: exercises graded before its cell runs
    exercises: tuple | None = None
    case: dict = field(default_factory=dict, compare=False)   # the WRONG/ALTERNATIVES entry


def root():
    return course_config.COURSE_ROOT


def solution_path(assignment_id, suffix=".py"):
    return root() / "solutions" / assignment_id / f"{assignment_id}{suffix}"


def stub_path(assignment_id):
    return root() / "release" / assignment_id / f"{assignment_id}.ipynb"


def wrong_module(assignment_id):
    """``tests/wrong/<grader module>.py`` of an assignment (``WRONG``, ``ALTERNATIVES``)."""
    grader = assignments.get(assignment_id).settings["grader"]
    name = f"tests.wrong.{grader}"
    if name in sys.modules:
        return sys.modules[name]
    path = root() / "tests" / "wrong" / f"{grader}.py"
    if str(path) not in _LOADED:
        if not path.is_file():
            raise ModuleNotFoundError(f"no wrong implementations for {assignment_id}: {path}",
                                      name=name)
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _LOADED[str(path)] = module
    return _LOADED[str(path)]


def solution_with(assignment_id, *codes, everywhere=True):
    """The reference solution (.py, percent format) with ``codes`` inserted
    before every test cell, so that they replace the reference's definitions
    (``everywhere=False``: before the first test cell only)."""
    text = solution_path(assignment_id).read_text()
    insert = "".join("# %%\n" + textwrap.dedent(code).strip() + "\n\n" for code in codes)
    text = _TEST_CELL.sub(lambda m: insert + m.group(0), text, count=0 if everywhere else 1)
    return text + ("\n" + insert if everywhere else "")


def _reference_notebook(assignment_id):
    return json.loads(solution_path(assignment_id, ".ipynb").read_text())


def _grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def notebook_with(assignment_id, exercise, code):
    """The reference notebook with ``code`` appended to ``exercise``'s answer cell."""
    nb = _reference_notebook(assignment_id)
    for cell in nb["cells"]:
        if _grade_id(cell) == f"{exercise}_answer":
            cell["source"] = "".join(cell["source"]) + "\n\n" + textwrap.dedent(code).strip() + "\n"
            return nb
    raise KeyError(f"{assignment_id} has no answer cell for {exercise}")


def notebook_with_cell(assignment_id, exercise, source):
    """The reference notebook with ``exercise``'s answer cell replaced by ``source``."""
    nb = _reference_notebook(assignment_id)
    for cell in nb["cells"]:
        if _grade_id(cell) == f"{exercise}_answer":
            cell["source"] = source
            return nb
    raise KeyError(f"{assignment_id} has no answer cell for {exercise}")


def graded_after(assignment_id, exercise):
    """The exercises whose checks run after ``exercise``'s answer cell (its own
    included): those whose test cell comes later, and those without one."""
    cells = _reference_notebook(assignment_id)["cells"]
    ids = [_grade_id(c) for c in cells]
    start = ids.index(f"{exercise}_answer")
    tests = {gid: i for i, (gid, c) in enumerate(zip(ids, cells)) if cell_role(c) == "test"}
    return tuple(ex for ex in assignments.get(assignment_id).checks.exercises()
                 if tests.get(ex, len(cells)) > start)


# -- the submissions of a validation run -------------------------------------------

def references(assignment_id, seeds):
    """The reference solution as ``.py`` and as ``.ipynb``, once per seed."""
    out = []
    for suffix in (".py", ".ipynb"):
        data = solution_path(assignment_id, suffix).read_bytes()
        out += [Submission(f"reference{suffix}/{i}", "reference", f"reference{suffix}",
                           suffix, data, seed) for i, seed in enumerate(seeds)]
    return out


def stub(assignment_id, seed):
    return Submission("stub", "stub", "stub (release)", ".ipynb",
                      stub_path(assignment_id).read_bytes(), seed)


def cases(assignment_id, kind, seed):
    """``kind`` "wrong" or "alternative": the entries of ``tests/wrong/``, each
    inserted into the reference solution."""
    try:
        module = wrong_module(assignment_id)
    except ModuleNotFoundError:
        return []
    entries = module.WRONG if kind == "wrong" else module.ALTERNATIVES
    return [Submission(f"{kind}/{case['name']}", kind, case["name"], ".py",
                       solution_with(assignment_id, case["code"]).encode(), seed, case=case)
            for case in entries]


def mutant_submissions(assignment_id, mutants, seed):
    after = {}
    out = []
    for mutant in mutants:
        if mutant.exercise not in after:
            after[mutant.exercise] = graded_after(assignment_id, mutant.exercise)
        nb = notebook_with_cell(assignment_id, mutant.exercise, mutant.source)
        out.append(Submission(f"mutant/{mutant.id}", "mutant", mutant.id, ".ipynb",
                              json.dumps(nb).encode(), seed, after[mutant.exercise]))
    return out
