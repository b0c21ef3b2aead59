"""Golden outputs of the feedback a student reads: ``check`` and ``grade`` on
a terminal (plain, 100 columns) and the HTML page, for four submissions -- the
untouched stub, a classic mistake, a crash (and a hang), full marks -- rendered
from stored results (``tests/golden/<case>.result.json``, graded once with a
fixed seed) so that the goldens change only when the rendering does, not when
a grader's inputs or messages evolve. A live test grades each assignment's stub
and checks the rendering's invariants.

Rewrite the goldens after a deliberate change of the rendering (and review the
diff): ``pytest tests/test_feedback_golden.py --update-goldens`` (or
``UPDATE_GOLDENS=1``). Regrade the stored results (after a grader changed what
they should say): ``python -m tests.test_feedback_golden``, then rewrite the
goldens.
"""
import json
import io
import os
import re
import sys
import tempfile
from pathlib import Path

import pytest

from autograder.course import assignments
from autograder.feedback import digest as feedback_digest
from autograder.feedback import html as feedback_html
from autograder.feedback import text as feedback_text
from autograder.commands import check, grade
from autograder.records import results
from tests.conftest import ASSIGNMENT_IDS, ROOT

GOLDEN = Path(__file__).parent / "golden"
SEED = 7
STUDENT, GRADED_AT = "student0042", "2026-11-21T14:03:12+00:00"

#: case -> (assignment, what is graded: a repository file, or the name of a
#: WRONG case of tests/wrong/ put into the reference solution)
CASES = {
    "stub": ("10_batch_normalization", "release/10_batch_normalization/10_batch_normalization.ipynb"),
    "mistake": ("01_entropy_fundamentals", "entropy_natural_log"),
    "crash": ("01_entropy_fundamentals", "samples/01_entropy_fundamentals/hangs_and_crashes.py"),
    "full": ("10_batch_normalization", "solutions/10_batch_normalization/10_batch_normalization.py"),
}


def stored(case) -> dict:
    """The stored results record of ``case``."""
    return json.loads((GOLDEN / f"{case}.result.json").read_text(encoding="utf-8"))


def renderings(case):
    """``{golden file name: text}`` of one case."""
    record = stored(case)
    result = results.GradeResult.from_json(record)
    return {f"{case}.check.txt": feedback_text.to_text(*check.report(result, result.submission)),
            f"{case}.grade.txt": feedback_text.to_text(*grade.report(result)),
            f"{case}.html": feedback_html.render(record)}


@pytest.fixture
def update_goldens(request):
    return bool(request.config.getoption("--update-goldens", default=False)
                or os.environ.get("UPDATE_GOLDENS") == "1")


@pytest.mark.parametrize("case", CASES)
def test_rendering_matches_the_golden(case, update_goldens):
    for name, text in renderings(case).items():
        path = GOLDEN / name
        text = text.rstrip("\n") + "\n"
        if update_goldens:
            path.write_text(text, encoding="utf-8")
            continue
        assert path.exists(), f"no golden {path}: run with --update-goldens"
        assert text == path.read_text(encoding="utf-8"), (
            f"{name} differs from its golden; if the change is meant, rewrite the goldens "
            f"with --update-goldens and review the diff")


def test_the_stored_results_are_what_each_case_is_about():
    stub, mistake, crash, full = (stored(c) for c in CASES)
    assert {t["status"] for t in stub["tests"]} == {"not-implemented", "failed"}
    assert stub["score"] == 0 and full["score"] == full["max_score"] > 0
    assert any(t["misconception"] for t in mistake["tests"]) and mistake["visible_checks"]
    assert 0 < mistake["score"] < mistake["max_score"]
    assert {"crashed", "not-defined"} <= {t["status"] for t in crash["tests"]}
    assert any("timed out" in e for e in crash["errors"])


def test_the_stub_is_one_line_per_exercise_and_the_full_marks_a_table():
    text = renderings("stub")["stub.check.txt"].splitlines()
    exercises = list(dict.fromkeys(t["exercise"] for t in stored("stub")["tests"]))
    assert len(text) == len(exercises) + 7
    for exercise in exercises:
        assert sum(line.startswith(exercise + " ") for line in text) == 1
    full = renderings("full")["full.check.txt"]
    assert full.endswith("All checks pass.") and "FAIL" not in full and "pass " not in full


def test_the_mistake_explains_the_visible_checks_and_the_misconception_once():
    text = renderings("mistake")["mistake.check.txt"]
    assert text.count("visible checks in the notebook fail: AssertionError: a fair coin") == 1
    assert text.count("Run the test cell of entropy in your notebook") == 1
    assert text.count("Natural log instead of bits") == 2  # in the summary, then explained
    assert text.count("divide a natural log by") == 1
    assert "This looks like" not in text and "nbgrader" not in text
    assert text.rstrip().endswith(f"--seed {SEED}")
    assert "pass " not in text  # check lists no passed check ...
    assert "pass rejects_invalid_pmfs_and_bases" in renderings("mistake")["mistake.grade.txt"]


def test_inputs_are_shown_whole_and_long_lines_wrapped():
    for case in CASES:
        for name, text in renderings(case).items():
            if name.endswith(".txt"):  # but the path on top and the command to copy
                lines = text.splitlines()[1:]
                too_long = [line for line in lines if len(line) > feedback_text.WIDTH
                            and not line.startswith("To check on the same inputs")]
                assert not too_long, name
    record = stored("mistake")
    words = " ".join(renderings("mistake")["mistake.check.txt"].split())
    for test in record["tests"]:
        if not test["passed"]:
            message = feedback_digest.one_line(test["feedback"].split(" This looks like ")[0])
            assert message in words


def test_colour_only_when_asked():
    record = stored("mistake")
    assert "\x1b[" not in feedback_text.render(record)
    assert "\x1b[" in feedback_text.render(record, color=True)
    piped = feedback_text.console(io.StringIO())
    assert not piped.is_terminal and piped.color_system is None


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_colour_on_a_terminal_unless_no_color(monkeypatch):
    """What ``check`` prints on standard output when it is a terminal: in
    colour, none under NO_COLOR; the same text either way."""
    colour = re.compile(r"\x1b\[(?:[0-9;]*;)?[39][0-7](?:;[0-9;]*)?m")  # a foreground colour
    monkeypatch.setenv("TERM", "xterm-256color")
    shown = {}
    for no_color in (None, "1"):
        if no_color:
            monkeypatch.setenv("NO_COLOR", no_color)
        else:
            monkeypatch.delenv("NO_COLOR", raising=False)
        out = _Terminal()
        feedback_text.show(stored("mistake"), feedback_text.console(out, width=100))
        shown[no_color] = out.getvalue()
    assert colour.search(shown[None]) and not colour.search(shown["1"])
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", text) for text in shown.values()]
    assert plain[0] == plain[1] and "Natural log instead of bits" in plain[0]


# -- live: grade each assignment's stub ----------------------------------------------

@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_live_check_of_a_stub_is_short_plain_and_one_line_per_exercise(aid, capsys, monkeypatch):
    """``python -m autograder check`` through its entry point, in this process
    (its warm zygote grades; tests/test_cli.py runs ``check`` as a process), its
    output piped (captured): no terminal."""
    from autograder import cli as autograder_cli
    monkeypatch.chdir(ROOT)
    path = f"release/{aid}/{aid}.ipynb"
    capsys.readouterr()
    code = autograder_cli.main(["check", aid, path, "--seed", str(SEED)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    out = captured.out
    lines = out.splitlines()
    exercises = list(assignments.get(aid).checks.exercises())
    assert "\x1b[" not in out                      # piped: no colour
    assert len(lines) <= len(exercises) + 8
    for exercise in exercises:
        mine = [line for line in lines if line.split(" ", 1)[0] == exercise]
        assert len(mine) == 1, exercise
        assert "not implemented yet" in mine[0], mine[0]
    assert "FAIL" not in out and "nbgrader" not in out
    assert lines[-1] == f"To check on the same inputs again: python -m autograder check {aid} " \
                        f"{path} --seed {SEED}"
    assert all(line == line.rstrip() and len(line) <= 100 for line in lines[1:-1])


# -- regrading the stored results --------------------------------------------------------

def regrade():
    """Grade the four cases again (seed SEED) and store their results records."""
    from autograder.grading import runner
    from tests.mutants import solution_with, wrong_module
    GOLDEN.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for case, (aid, what) in CASES.items():
            if (ROOT / what).is_file():
                path, label = ROOT / what, what
            else:
                code = next(c["code"] for c in wrong_module(aid).WRONG if c["name"] == what)
                path, label = Path(tmp) / f"{what}.py", f"{what}.py"
                path.write_text(solution_with(aid, code))
            result = runner.grade_submission(aid, path, seed=SEED, submission_label=label)
            record = {"student": STUDENT, **result.to_json(), "graded_at": GRADED_AT}
            record["protections"] = {}  # the host's, not the feedback's business
            (GOLDEN / f"{case}.result.json").write_text(
                json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            print(case, record["score"], "/", record["max_score"])


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    regrade()
    sys.exit(0)
