"""The command line: the grading contract of design.md, and the learner's check.

``grade`` and ``check`` each run once as a real ``python -m autograder``
process; the other cases call the same entry point (``autograder.cli.main``)
in this process, where the session's warm sandbox zygote grades them."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from types import SimpleNamespace

from autograder import cli as autograder_cli
from tests.conftest import ASSIGNMENT_IDS, ROOT

AID = ASSIGNMENT_IDS[0]
KEYS = {"assignment", "submission", "score", "max_score", "seed", "tests", "errors"}
TEST_KEYS = {"name", "exercise", "points", "max_points", "passed", "feedback"}


def cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, PYTHONWARNINGS="ignore"))


@pytest.fixture
def here(capsys):
    """``here(*args)``: ``python -m autograder ARGS`` run in this process (same
    entry point, same output streams), as a CompletedProcess-like object."""
    def run(*args):
        capsys.readouterr()
        try:
            code = autograder_cli.main(list(args))
        except SystemExit as exc:  # argparse
            code = exc.code
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)
    return run


def test_grade_json_follows_the_contract():
    path = f"solutions/{AID}/{AID}.py"
    proc = cli("grade", AID, path, "--json", "--seed", "1234")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert KEYS <= set(result) and result["seed"] == 1234
    assert result["assignment"] == AID and result["submission"] == path
    assert result["score"] == result["max_score"] > 0
    for test in result["tests"]:
        assert TEST_KEYS <= set(test) and test["name"].startswith(test["exercise"] + "/")
    assert sum(t["max_points"] for t in result["tests"]) == result["max_score"]


def test_same_seed_same_grade(here):
    stub = ROOT / "release" / AID / f"{AID}.ipynb"
    runs = [json.loads(here("grade", AID, str(stub), "--json", "--seed", "7").stdout)
            for _ in range(2)]
    assert runs[0]["tests"] == runs[1]["tests"] and runs[0]["score"] == 0


def test_a_failing_submission_still_exits_zero(tmp_path, here):
    bad = tmp_path / "bad.py"
    bad.write_text("raise RuntimeError('nope')\n")
    proc = here("grade", AID, str(bad), "--json")
    assert proc.returncode == 0
    assert any("RuntimeError" in e for e in json.loads(proc.stdout)["errors"])


@pytest.mark.parametrize("args,message", [
    (("grade", "99_nonexistent", "x.py"), "unknown assignment"),
    (("grade", AID, "does/not/exist.ipynb"), "cannot read submission"),
])
def test_usage_errors_exit_nonzero_with_a_message(args, message, here):
    proc = here(*args)
    assert proc.returncode != 0 and message in proc.stderr and not proc.stdout


def test_check_defaults_to_the_learners_copy_and_explains(tmp_path):
    shutil.copy(ROOT / "release" / AID / f"{AID}.ipynb", tmp_path / f"{AID}.ipynb")
    proc = cli("check", AID, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"checking {AID}.ipynb" in proc.stdout
    assert "not implemented yet" in proc.stdout and "0 / " in proc.stdout


@pytest.mark.parametrize("command", ["grade", "check"])
def test_a_learners_command_does_not_import_nbgrader(command):
    """nbformat's import alone took 2.5 s (jsonschema builds its IRI grammars):
    ``grade`` and ``check`` import only their own module's stage."""
    probe = ("import sys; from autograder import cli; cli._command_modules([sys.argv[1], 'x']); "
             "print(sorted(m for m in ('nbgrader', 'nbformat', 'jsonschema') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe, command], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True).stdout
    assert out.strip() == "[]", f"`{command}` imports {out.strip()}"
