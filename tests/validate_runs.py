"""One validation per assignment and test session, shared by ``test_graders``
(a test per proof row) and ``test_validate`` (its verdict and table): each
submission is graded once, on the session's warm workers (``warm_pool``: the
batch pool, through the sandbox, every assignment's graders already loaded),
however many tests read it. ``python -m autograder validate`` itself, which
does the same with a pool of its own, is run once (``test_validate``)."""
import functools
import time
from dataclasses import dataclass

from autograder.validation import validate
from autograder.validation.outcomes import Validation

#: seeds the reference is graded on (per form), and the mutants sampled, in the suite
SEEDS = 2
MUTANTS = 6


@dataclass
class Run:
    validation: Validation
    seconds: float

    def why(self):
        """What went wrong, for an assertion message."""
        return "\n".join(self.validation.failures()) + f"\n(base seed {self.validation.seed})"


@functools.cache
def run(aid, pool) -> Run:
    """The assignment's validation, graded on ``pool`` (the session's one warm pool,
    so once per assignment)."""
    started = time.monotonic()
    validation = validate.run(aid, seeds=SEEDS, mutants=MUTANTS, pool=pool)
    return Run(validation, time.monotonic() - started)


def validated(aid, pool) -> Validation:
    return run(aid, pool).validation
