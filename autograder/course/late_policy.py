"""Due dates and late work, as nbgrader computes them.

An assignment's settings come from ``course_config.LATE_WORK`` (over
``LATE_WORK_DEFAULT``). Lateness is nbgrader's ``total_seconds_late``: the
seconds from the due date (plus the student's extension) to the submission's
``timestamp.txt``, both in UTC, and 0 when either is unknown. The penalty is
what nbgrader's ``AssignLatePenalties`` would store in
``SubmittedNotebook.late_submission_penalty``: ``None`` when the work is not
late or the policy charges nothing, otherwise the plugin's penalty capped to
``[0, score]``:

the plugins are in :mod:`autograder.course.nbgrader_plugins`
(``late_penalty``), so that reading a policy does not import nbgrader.
"""
from dataclasses import dataclass
from datetime import datetime

import course_config

POLICIES = ("none", "zero", "per_hour")


@dataclass(frozen=True)
class Policy:
    due: str | None          # as written in course_config (nbgrader's timestamp format)
    policy: str              # one of POLICIES
    points_per_hour: float   # the penalty of 'per_hour' per hour late

    def describe(self) -> str:
        """The policy in words, for the feedback page and the report."""
        if self.policy == "zero":
            return "late work scores 0"
        if self.policy == "per_hour":
            points = f"{self.points_per_hour:g} point{'s' * (self.points_per_hour != 1)}"
            return f"{points} off per hour late (hours rounded to the nearest)"
        return "no penalty for late work"


def policy_for(assignment_id) -> Policy:
    """The late-work settings of ``assignment_id`` (defaults where not given)."""
    settings = {**course_config.LATE_WORK_DEFAULT, **course_config.LATE_WORK.get(assignment_id, {})}
    if settings["policy"] not in POLICIES:
        raise ValueError(f"course_config.LATE_WORK[{assignment_id!r}]: policy "
                         f"{settings['policy']!r} is not one of {', '.join(POLICIES)}")
    return Policy(settings["due"], settings["policy"], float(settings["points_per_hour"]))


def parse_utc(timestamp) -> datetime | None:
    """A timestamp as nbgrader reads one (``nbgrader.utils.parse_utc``): naive UTC;
    None for None or text that is no timestamp."""
    from nbgrader.utils import parse_utc as nbgrader_parse_utc
    try:
        return nbgrader_parse_utc(timestamp)
    except (ValueError, OverflowError, TypeError):
        return None


def seconds_late(due: datetime | None, submitted: datetime | None) -> float:
    """nbgrader's ``total_seconds_late``: 0 when on time or either is unknown."""
    if due is None or submitted is None:
        return 0.0
    return max(0.0, (submitted - due).total_seconds())
