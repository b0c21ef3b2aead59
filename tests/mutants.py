"""Realistic wrong (and alternative correct) implementations, put into the
reference solution the way a student's answer would be: in effect from the
first cell on, so at every test cell."""
import importlib
import json
import re
import textwrap

import course_config

ROOT = course_config.COURSE_ROOT
_TEST_CELL = re.compile(r'^# %% nbgrader=\{[^\n]*"grade": true[^\n]*"solution": false', re.M)


def wrong_module(assignment_id):
    """tests/wrong/<grader module>.py for an assignment."""
    grader = course_config.ASSIGNMENTS[assignment_id]["grader"]
    return importlib.import_module(f"tests.wrong.{grader}")


def solution_with(assignment_id, *codes, everywhere=True):
    """The reference solution (.py, percent format) with ``codes`` inserted
    before every test cell, so that they replace the reference's definitions
    (``everywhere=False``: before the first test cell only)."""
    text = (ROOT / "solutions" / assignment_id / f"{assignment_id}.py").read_text()
    insert = "".join("# %%\n" + textwrap.dedent(code).strip() + "\n\n" for code in codes)
    text = _TEST_CELL.sub(lambda m: insert + m.group(0), text, count=0 if everywhere else 1)
    return text + ("\n" + insert if everywhere else "")


def notebook_with(assignment_id, exercise, code):
    """The reference notebook with ``code`` appended to ``exercise``'s answer cell."""
    nb = json.loads((ROOT / "solutions" / assignment_id / f"{assignment_id}.ipynb").read_text())
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == f"{exercise}_answer":
            cell["source"] = "".join(cell["source"]) + "\n\n" + textwrap.dedent(code).strip() + "\n"
            return nb
    raise KeyError(f"{assignment_id} has no answer cell for {exercise}")


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


def _first_test_cell(nb):
    return next(i for i, c in enumerate(nb["cells"])
                if c.get("metadata", {}).get("nbgrader", {}).get("grade")
                and not c["metadata"]["nbgrader"].get("solution"))
