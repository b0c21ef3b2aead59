"""Every grader proven both ways, through the real (sandboxed) grading path:
the reference solution scores full marks, the released stub scores 0, each
realistic wrong implementation loses points on the exercise it breaks (and
only there), naming its misconception, and alternative correct
implementations score full marks."""
import pytest

from autograder.course import assignments
from autograder.grading import runner
from tests.conftest import ASSIGNMENT_IDS, ROOT
from tests.mutants import solution_with, wrong_module


def grade(aid, path, seed):
    return runner.grade_submission(aid, path, seed=seed)


def explain(result):
    lines = [f"score {result.score}/{result.max_score} seed {result.seed}"]
    lines += [f"  {t.name}: {t.points}/{t.max_points} {t.feedback}" for t in result.tests
              if not t.passed]
    return "\n".join(lines + [f"  error: {e}" for e in result.errors])


def with_code(aid, code, tmp_path):
    path = tmp_path / f"{aid}.py"
    path.write_text(solution_with(aid, code))
    return path


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
@pytest.mark.parametrize("form", ["py", "ipynb"])
def test_reference_solution_scores_full_marks(aid, form, seed):
    result = grade(aid, ROOT / "solutions" / aid / f"{aid}.{form}", seed)
    assert result.max_score > 0
    assert result.score == result.max_score, explain(result)
    assert not result.errors, explain(result)
    assert not result.visible_checks, result.visible_checks  # .py files get the setup helpers


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_released_stub_scores_zero(aid, seed):
    result = grade(aid, ROOT / "release" / aid / f"{aid}.ipynb", seed)
    assert result.score == 0, explain(result)
    assert all("not implemented" in t.feedback for t in result.tests), explain(result)
    assert all(t.status == "not-implemented" for t in result.tests), explain(result)


def _cases(kind):
    for aid in ASSIGNMENT_IDS:
        try:
            module = wrong_module(aid)
        except ModuleNotFoundError:  # reported by test_enough_wrong_implementations
            continue
        for case in getattr(module, kind):
            yield pytest.param(aid, case, id=f"{aid}-{case['name']}")


@pytest.mark.parametrize("aid,wrong", list(_cases("WRONG")))
def test_wrong_implementation_loses_points_on_its_exercise(aid, wrong, seed, tmp_path):
    result = grade(aid, with_code(aid, wrong["code"], tmp_path), seed)
    totals = result.by_exercise()
    got, top = totals[wrong["exercise"]]
    assert got < top, f"{wrong['name']} kept full marks on {wrong['exercise']}\n" + explain(result)
    allowed = {wrong["exercise"], *wrong.get("also", ())}
    for exercise, (g, t) in totals.items():
        if exercise not in allowed:
            assert g == t, f"{wrong['name']} lost points on {exercise}\n" + explain(result)
    if wrong.get("misconception"):
        named = [t.misconception for t in result.tests if t.exercise == wrong["exercise"]]
        assert wrong["misconception"] in named, explain(result)


@pytest.mark.parametrize("aid,alternative", list(_cases("ALTERNATIVES")))
def test_alternative_correct_implementation_scores_full_marks(aid, alternative, seed, tmp_path):
    result = grade(aid, with_code(aid, alternative["code"], tmp_path), seed)
    assert result.score == result.max_score, explain(result)


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_enough_wrong_implementations(aid):
    module = wrong_module(aid)
    assert len(module.WRONG) >= 5 and len(module.ALTERNATIVES) >= 1
    exercises = assignments.get(aid).checks.exercises()
    assert {w["exercise"] for w in module.WRONG} <= set(exercises)


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
