"""Every grader proven both ways, through the real (sandboxed) grading path:
the reference solution scores full marks, the released stub scores 0, each
realistic wrong implementation loses points on the exercise it breaks (and
only there), naming its misconception, and alternative correct
implementations score full marks.

The grading is ``autograder.validation.validate`` (one run per assignment, on
the session's warm workers: ``tests/validate_runs.py``); each test here asserts on one of its rows, so every
wrong implementation is still its own test, with the validation's message."""
import pytest

from autograder.course import assignments
from tests.conftest import ASSIGNMENT_IDS, ROOT
from tests.mutants import wrong_module
from tests.validate_runs import validated


def check(case, validation):
    message = "\n".join([f"{case.kind} {case.name}: {case.summary}", *case.problems,
                         case.detail, f"(validate base seed {validation.seed})"])
    assert case.passed, message


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
@pytest.mark.parametrize("form", ["py", "ipynb"])
def test_reference_solution_scores_full_marks(aid, form, warm_pool):
    """Full marks, no error, visible checks passing (.py files get the setup helpers)."""
    validation = validated(aid, warm_pool)
    check(validation.case("reference", f"reference.{form}"), validation)


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_released_stub_scores_zero(aid, warm_pool):
    """0 points, every check saying 'not implemented'."""
    validation = validated(aid, warm_pool)
    check(validation.case("stub"), validation)


def _cases(kind):
    for aid in ASSIGNMENT_IDS:
        try:
            module = wrong_module(aid)
        except ModuleNotFoundError:  # reported by test_enough_wrong_implementations
            continue
        for case in getattr(module, kind):
            yield pytest.param(aid, case, id=f"{aid}-{case['name']}")


@pytest.mark.parametrize("aid,wrong", list(_cases("WRONG")))
def test_wrong_implementation_loses_points_on_its_exercise(aid, wrong, warm_pool):
    validation = validated(aid, warm_pool)
    check(validation.case("wrong", wrong["name"]), validation)


@pytest.mark.parametrize("aid,alternative", list(_cases("ALTERNATIVES")))
def test_alternative_correct_implementation_scores_full_marks(aid, alternative, warm_pool):
    validation = validated(aid, warm_pool)
    check(validation.case("alternative", alternative["name"]), validation)


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_enough_wrong_implementations(aid):
    module = wrong_module(aid)
    assert len(module.WRONG) >= 5 and len(module.ALTERNATIVES) >= 1
    exercises = assignments.get(aid).checks.exercises()
    assert {w["exercise"] for w in module.WRONG} <= set(exercises)
    names = [c["name"] for c in module.WRONG + module.ALTERNATIVES]
    assert len(names) == len(set(names)), "each implementation needs its own name"


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_test_cell_points_equal_check_points(aid):
    assignment = assignments.get(aid)
    cells = {gid: points for gid, (_, points) in assignment.test_cells.items()}
    assert cells == assignment.checks.exercises()


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS[:1])
def test_grader_modules_run_under_pytest(aid):
    import subprocess
    import sys
    module = f"autograder/graders/{assignments.get(aid).settings['grader']}.py"
    checks = assignments.get(aid).checks.items

    def pytest_run(path):
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               module, "--submission", str(path), "--seed", "5"],
                              cwd=ROOT, capture_output=True, text=True, timeout=600)
    good = pytest_run(ROOT / "solutions" / aid / f"{aid}.py")
    assert good.returncode == 0 and f"{len(checks)} passed" in good.stdout, good.stdout[-2000:]
    stub = pytest_run(ROOT / "release" / aid / f"{aid}.ipynb")
    assert stub.returncode == 1 and f"{len(checks)} failed" in stub.stdout, stub.stdout[-2000:]


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_exercises_left_as_released_score_as_if_their_checks_ran(aid, monkeypatch):
    """A function left as released (it only raises NotImplementedError) gets, without
    its checks running, exactly the results, feedback and statuses that running
    each of them gives (the released stub, graded both ways)."""
    from dataclasses import astuple
    from autograder.grading import runner
    from autograder.sandbox.session import InProcessSession   # trusted code: the release
    path = ROOT / "release" / aid / f"{aid}.ipynb"
    ran = []
    run_check = runner.run_check
    monkeypatch.setattr(runner, "run_check", lambda *a: ran.append(a[0]) or run_check(*a))
    skipped = runner.grade_submission(aid, path, seed=3, session_factory=InProcessSession)
    checks_run_when_skipping = len(ran)
    monkeypatch.setattr(runner, "SKIP_STUBS", False)
    full = runner.grade_submission(aid, path, seed=3, session_factory=InProcessSession)
    assert [astuple(t) for t in skipped.tests] == [astuple(t) for t in full.tests]
    assert checks_run_when_skipping < len(ran) - checks_run_when_skipping
