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


_pool = None


@functools.cache
def _run(aid) -> Run:
    started = time.monotonic()
    validation = validate.run(aid, seeds=SEEDS, mutants=MUTANTS, pool=_pool)
    return Run(validation, time.monotonic() - started)


def run(aid, pool) -> Run:
    """The assignment's validation, graded on ``pool`` (the first call's pool
    serves the whole session)."""
    global _pool
    _pool = _pool or pool
    return _run(aid)


def validated(aid, pool) -> Validation:
    return run(aid, pool).validation
