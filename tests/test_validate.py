"""``python -m autograder validate``: it passes on every assignment (a few seeds,
a sample of mutants, through the sandbox), and it fails -- exit status 1, the
reason in the table and in the JSON -- for each way a grader can be unproven:
a flaky check, a wrong implementation that keeps its points, a stale
equivalent-mutant id, a surviving mutant.

The failure proofs run on a made-up one-exercise assignment (``double``)
graded in-process (its code is the test's own), so they take a second each."""
import json
import subprocess
import sys
import textwrap
import types

import pytest

import course_config
from autograder import cli
from autograder.course import assignments
from autograder.course.build import solution_notebook
from autograder.grader_api import Checks, expect_close, fail
from autograder.validation import mutants as mutation
from autograder.validation import table
from autograder.validation.outcomes import Validation
from tests.conftest import ASSIGNMENT_IDS, ROOT
from tests.validate_runs import MUTANTS, SEEDS, run


# -- every assignment ------------------------------------------------------------

@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_validate_passes_on_every_assignment(aid, warm_pool):
    result = run(aid, warm_pool)
    v = result.validation
    assert v.ok, result.why()
    assert v.seeds == SEEDS and v.generated > 0
    graded = [m for m in v.mutants if m.status != "equivalent"]
    assert len(graded) == min(MUTANTS, v.generated)
    assert len({m.exercise for m in graded}) == min(MUTANTS, len(v.exercises))  # spread out
    text = table.to_text(v)
    assert "OK: the grader is proven both ways." in text and "reference.ipynb" in text


def test_the_validate_command_exits_0_with_its_json_on_a_real_assignment():
    """The command itself, with a pool of its own, on the first assignment."""
    aid = ASSIGNMENT_IDS[0]
    proc = subprocess.run([sys.executable, "-m", "autograder", "validate", aid, "--seeds", "1",
                           "--mutants", "2", "--json"], cwd=ROOT, capture_output=True,
                          text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    v = Validation.from_json(json.loads(proc.stdout))
    assert v.ok and v.assignment == aid and v.seeds == 1
    assert len([m for m in v.mutants if m.status != "equivalent"]) == 2


def test_mutants_are_deterministic_with_stable_ids():
    aid = ASSIGNMENT_IDS[0]
    first, again = mutation.generate(aid), mutation.generate(aid)
    assert [m.id for m in first] == [m.id for m in again]
    assert len({m.id for m in first}) == len(first)
    assert mutation.sample(first, 5) == mutation.sample(again, 5)
    m = first[0]
    assert m.id.startswith(f"{m.exercise}/{m.operator}/") and m.diff.startswith("---")
    for declared in map(mutation.declared_equivalents, ASSIGNMENT_IDS):
        assert all(isinstance(reason, str) and reason.strip() for reason in declared.values())


def test_operators_make_the_mistakes_the_issue_names():
    made = {m.operator for aid in ASSIGNMENT_IDS for m in mutation.generate(aid)}
    for operator in ("binary-Add-Sub", "compare-Gt-GtE", "number", "log-base", "axis",
                     "keepdims", "term-dropped", "copy-removed", "reduction"):
        assert operator in made


# -- a made-up assignment, to prove validate can fail --------------------------------

AID, GRADER = "99_validate_proof", "validate_proof_fake"

ANSWER = '''def double(x):
    """Twice x."""
    ### BEGIN SOLUTION
    return 2 * x
    ### END SOLUTION'''

TEST_CELL = '''assert double(1) == 2, "double(1) is 2"
### BEGIN HIDDEN TESTS
from autograder.notebook import grade_exercise
grade_exercise("99_validate_proof", "double", globals())
### END HIDDEN TESTS'''

STUB = '''def double(x):
    """Twice x."""
    raise NotImplementedError()'''


def _notebook(answer, points):
    def cell(source, **nbgrader):
        meta = {"nbgrader": dict(nbgrader, schema_version=3, locked=False)} if nbgrader else {}
        return {"cell_type": "code", "metadata": meta, "source": source, "outputs": [],
                "execution_count": None}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# Double"},
        cell("import math"),
        cell(answer, grade=False, grade_id="double_answer", solution=True, task=False),
        cell(TEST_CELL, grade=True, grade_id="double", points=points, solution=False,
             task=False)]}


def grader(flaky=False, weak=False, equivalent=None):
    """The made-up grader module: 1 point on random inputs (or, ``weak``, on 0
    only), and a flaky half point on some seeds."""
    module = types.ModuleType(f"autograder.graders.{GRADER}")
    checks = module.checks = Checks(AID)

    @checks("double", points=1)
    def test_double_matches_twice_x(student, rng):
        x = 0.0 if weak else float(rng.uniform(2, 5))
        expect_close(student.call("double", x), 2 * x, f"double({x})")

    @checks("double", points=0.5)
    def test_double_of_a_list_item(student, rng):
        if flaky and rng.integers(3) == 0:
            fail("a check that fails now and then")
        x = 0.0 if weak else 3.0
        expect_close(student.call("double", x), 2 * x, f"double({x})")

    module.EQUIVALENT_MUTANTS = dict(equivalent or {})
    return module


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course with one assignment in ``tmp_path``: source, solutions, release
    and tests/wrong; ``course(grader_module, wrong=[...], alternatives=[...])``."""
    import jupytext
    import nbformat
    source = _notebook(ANSWER, 1.5)
    for folder, nb in (("source", source), ("release", _notebook(STUB, 1.5))):
        (tmp_path / folder / AID).mkdir(parents=True)
        (tmp_path / folder / AID / f"{AID}.ipynb").write_text(json.dumps(nb))
    (tmp_path / "solutions" / AID).mkdir(parents=True)
    solution = nbformat.from_dict(solution_notebook(source))
    (tmp_path / "solutions" / AID / f"{AID}.ipynb").write_text(json.dumps(solution))
    (tmp_path / "solutions" / AID / f"{AID}.py").write_text(
        jupytext.writes(solution, fmt="py:percent"))
    (tmp_path / "tests" / "wrong").mkdir(parents=True)
    monkeypatch.setattr(course_config, "COURSE_ROOT", tmp_path)
    monkeypatch.setitem(course_config.ASSIGNMENTS, AID, dict(
        title="Proof", grader=GRADER, cell_timeout=10, call_timeout=10, total_timeout=60,
        memory_mb=512))

    def make(module, wrong=(), alternatives=()):
        monkeypatch.setitem(sys.modules, module.__name__, module)
        path = tmp_path / "tests" / "wrong" / f"{GRADER}.py"
        path.write_text(f"WRONG = {list(wrong)!r}\nALTERNATIVES = {list(alternatives)!r}\n")
        from autograder.validation import implementations
        implementations._LOADED.pop(str(path), None)
    return make


WRONG = dict(name="double_adds_one", exercise="double", misconception=None,
             code="def double(x):\n    return x + 1\n")
ALTERNATIVE = dict(name="double_by_addition", code="def double(x):\n    return x + x\n")
SURVIVOR = "double/number/"   # with the weak grader, 2 * x -> 3 * x survives at x = 0


def validate(capsys, *options):
    code = cli.main(["validate", AID, "--in-process", "--seeds", "6", "--seed", "11", *options])
    out = capsys.readouterr().out
    return code, out


def test_the_made_up_assignment_validates(course, capsys):
    course(grader(), [WRONG], [ALTERNATIVE])
    code, out = validate(capsys)
    assert code == 0, out
    assert "OK: the grader is proven both ways." in out and "double_adds_one" in out
    code, out = validate(capsys, "--json")
    data = json.loads(out)
    assert code == 0 and data["ok"] and data["failures"] == []
    assert data["mutation_scores"][-1]["survived"] == 0
    assert data["mutation_scores"][-1]["killed"] == data["generated"] > 2


def test_a_flaky_check_fails_validation(course, capsys):
    course(grader(flaky=True), [WRONG], [ALTERNATIVE])
    code, out = validate(capsys, "--json")
    data = json.loads(out)
    assert code == 1 and not data["ok"]
    flaky = [f for f in data["failures"] if "double/of_a_list_item is flaky" in f]
    assert len(flaky) == 2, data["failures"]          # .py and .ipynb, with the seeds
    assert "seeds (" in flaky[0]


def test_a_wrong_implementation_that_keeps_its_points_fails_validation(course, capsys):
    course(grader(), [WRONG, dict(ALTERNATIVE, exercise="double", misconception=None)],
           [ALTERNATIVE])
    code, out = validate(capsys)
    assert code == 1
    assert "FAIL  wrong" in out and "kept full marks on double (1.5/1.5)" in out
    assert "wrong double_by_addition: kept full marks" in out


def test_a_surviving_mutant_fails_validation_and_is_listed_with_its_diff(course, capsys):
    course(grader(weak=True), [], [ALTERNATIVE])
    code, out = validate(capsys)
    assert code == 1
    survivor = next(m for m in mutation.generate(AID)
                    if m.id.startswith(SURVIVOR) and "3 * x" in m.mutated)
    assert f"mutant {survivor.id} survived" in out
    assert "-    return 2 * x" in out and "+    return 3 * x" in out
    # declared equivalent, with its reason, it no longer fails the grader ...
    survivors = [line.split()[1] for line in out.splitlines() if line.strip().startswith(
        "mutant ") and "survived" in line]
    course(grader(weak=True, equivalent={s: "made up" for s in survivors}), [], [ALTERNATIVE])
    code, out = validate(capsys, "--json")
    data = json.loads(out)
    assert code == 0, data["failures"]
    assert data["mutation_scores"][-1]["equivalent"] == len(survivors)


def test_a_stale_equivalent_mutant_fails_validation(course, capsys):
    course(grader(equivalent={"double/number/00000000": "it was equivalent once"}),
           [WRONG], [ALTERNATIVE])
    code, out = validate(capsys)
    assert code == 1
    assert "EQUIVALENT_MUTANTS lists 'double/number/00000000', which is no longer" in out


def test_bad_options_and_unknown_assignments_exit_2(capsys):
    assert cli.main(["validate", "no_such_assignment"]) == 2
    with pytest.raises(SystemExit) as exit_:
        cli.main(["validate", ASSIGNMENT_IDS[0], "--mutants", "some"])
    assert exit_.value.code == 2


def test_the_mutated_cell_keeps_its_indentation():
    source = textwrap.dedent('''\
        def f(x):
            ### BEGIN SOLUTION
            1.0
            return x.sum(axis=0, keepdims=True).copy() - np.log2(x)
            ### END SOLUTION''')
    from autograder.validation.mutants import _GRAMMAR, _apply, _mutations, _tree_key
    import pickle
    tree = _GRAMMAR.parse(source)
    frozen = pickle.dumps(tree)
    made = [_apply(frozen, op, n, i) for _, op, n, i, _, _ in _mutations(tree)]
    assert all(_tree_key(code) for code in made), [c for c in made if not _tree_key(c)]
    for expected in ("    2.0\n", "x.sum(axis=1, keepdims=True)", "x.sum(keepdims=True)",
                     "keepdims=False", "x.sum(axis=0, keepdims=True) - np.log2(x)",
                     "np.log(x)", "x.mean(axis=0"):
        assert any(expected in code for code in made), expected


def test_grading_only_some_exercises_runs_every_cell_and_reports_those():
    """What a mutant is graded with: its exercise and those after it."""
    from autograder.grading import runner
    from autograder.sandbox.session import InProcessSession
    from autograder.validation.implementations import graded_after, solution_path
    aid = ASSIGNMENT_IDS[0]
    exercises = list(assignments.get(aid).checks.exercises())
    later = graded_after(aid, exercises[-2])
    assert later == tuple(exercises[-2:])
    result = runner.grade_submission(aid, solution_path(aid), seed=3,
                                     session_factory=InProcessSession, exercises=later)
    assert {t.exercise for t in result.tests} == set(later)
    assert result.score == result.max_score > 0 and not result.errors
