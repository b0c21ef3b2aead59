"""Realistic wrong (and alternative correct) implementations, put into the
reference solution the way a student's answer would be: in effect from the
first cell on, so at every test cell.

The builders live in :mod:`autograder.validation.implementations` (``validate``
uses them); this module re-exports them for the tests and benchmarks and adds
:func:`honest_submissions`."""
import json
import textwrap

import course_config
from autograder.course.markers import cell_role
from autograder.validation.implementations import notebook_with, solution_with, wrong_module

__all__ = ["ROOT", "honest_submissions", "mistakes_notebook", "notebook_with", "solution_with",
           "wrong_module"]
ROOT = course_config.COURSE_ROOT


def honest_submissions(assignment_id, wrong=3, alternatives=0):
    """``{student: notebook}``: the reference, the stub, the first ``wrong``
    honest wrong answers and ``alternatives`` correct ones, as a student would
    hand them in (for nbgrader comparisons; ``None`` means all)."""
    subs = {"reference": json.loads((ROOT / "solutions" / assignment_id /
                                     f"{assignment_id}.ipynb").read_text()),
            "stub": json.loads((ROOT / "release" / assignment_id /
                                f"{assignment_id}.ipynb").read_text())}
    module = wrong_module(assignment_id)
    for case in module.WRONG[:wrong]:
        subs[case["name"]] = notebook_with(assignment_id, case["exercise"], case["code"])
    for case in module.ALTERNATIVES[:alternatives]:
        nb = subs[case["name"]] = json.loads(json.dumps(subs["reference"]))
        nb["cells"].insert(_first_test_cell(nb), {
            "cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
            "source": textwrap.dedent(case["code"]).strip() + "\n"})
    return subs


def mistakes_notebook(assignment_id, count=3):
    """``(names, notebook)``: the reference with the first ``count`` wrong answers
    of different exercises, each appended to its exercise's answer cell, as one
    student would hand them in (several partly wrong cells graded in one run)."""
    chosen = []
    for case in wrong_module(assignment_id).WRONG:
        if len(chosen) < count and all(c["exercise"] != case["exercise"] for c in chosen):
            chosen.append(case)
    nb = json.loads((ROOT / "solutions" / assignment_id / f"{assignment_id}.ipynb").read_text())
    for case in chosen:
        answer = next(c for c in nb["cells"]
                      if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                      == f"{case['exercise']}_answer")
        answer["source"] = ("".join(answer["source"]) + "\n\n"
                            + textwrap.dedent(case["code"]).strip() + "\n")
    return [c["name"] for c in chosen], nb


def _first_test_cell(nb):
    return next(i for i, c in enumerate(nb["cells"]) if cell_role(c) == "test")
