"""One ``python -m autograder validate`` run per assignment and test session,
shared by ``test_graders`` (a test per proof row) and ``test_validate`` (the
command's exit status and output): each submission is graded once, in one warm
engine (the batch pool, through the sandbox), however many tests read it."""
import functools
import json
import subprocess
import sys
import time
from dataclasses import dataclass

from autograder.validation.outcomes import Validation
from tests.conftest import ROOT

#: seeds the reference is graded on (per form), and the mutants sampled, in the suite
SEEDS = 2
MUTANTS = 6


@dataclass
class Run:
    returncode: int
    validation: Validation | None
    stderr: str
    seconds: float

    def why(self):
        """What went wrong, for an assertion message."""
        if self.validation is None:
            return f"validate exited {self.returncode} without a result:\n{self.stderr[-3000:]}"
        return "\n".join(self.validation.failures()) + f"\n(base seed {self.validation.seed})"


@functools.cache
def run(aid) -> Run:
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "autograder", "validate", aid,
                           "--seeds", str(SEEDS), "--mutants", str(MUTANTS), "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=1200)
    try:
        validation = Validation.from_json(json.loads(proc.stdout))
    except ValueError:
        validation = None
    return Run(proc.returncode, validation, proc.stderr, time.monotonic() - started)


def validated(aid) -> Validation:
    """The assignment's validation (the test fails here if the command did not give one)."""
    result = run(aid)
    assert result.validation is not None, result.why()
    return result.validation
