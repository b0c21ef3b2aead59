"""nbgrader extensions configured in nbgrader_config.py.

StripHiddenTests (GenerateFeedback): nbgrader's feedback shows each test cell's
source and any traceback, which would reveal hidden tests. This preprocessor
removes hidden-test blocks from the sources and reduces error outputs to their
exception name and message (no source lines, no traceback frames).

CourseLatePolicy (AssignLatePenalties.plugin_class, in autograde): the late
penalty of each assignment's own policy in ``course_config.LATE_WORK``, so
that ``nbgrader autograde`` charges late work as ``grade-all`` does;
``late_penalty`` is the same penalty for ``grade-all``'s gradebook:

* ``none`` and ``zero`` ask nbgrader's own ``LateSubmissionPlugin``;
* ``per_hour`` asks :class:`PenaltyPerHour`, nbgrader's documented ``SubMarks``
  example (nbgrader/docs/source/plugins/late-plugin.rst) with a configurable
  number of points per hour.
"""
import re

from nbconvert.preprocessors import Preprocessor
from nbgrader.plugins import BasePlugin, LateSubmissionPlugin
from traitlets import Bool, Float

from autograder.course import late_policy
from autograder.course.markers import HIDDEN_TESTS

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class StripHiddenTests(Preprocessor):
    enabled = Bool(True, help="nbconvert skips preprocessors that are not enabled").tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            cell.source = HIDDEN_TESTS.sub("", cell.source).rstrip("\n")
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [_ANSI.sub("", f"{output.get('ename', 'Error')}: "
                                                         f"{output.get('evalue', '')}")]
        return cell, resources


class CourseLatePolicy(BasePlugin):
    """The penalty of the assignment being autograded (its ``assignment_id`` is
    set on AssignLatePenalties, this plugin's parent), before nbgrader caps it."""

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        policy = late_policy.policy_for(self.parent.assignment_id)
        return plugin(policy).late_submission_penalty(
            student_id, score, total_seconds_late)


class PenaltyPerHour(BasePlugin):
    """nbgrader's documented ``SubMarks`` late plugin with ``points_per_hour``
    in place of its 1 point: ``points_per_hour * round(hours late)``."""

    points_per_hour = Float(1.0, help="points taken off per hour late").tag(config=True)

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        return self.points_per_hour * round(total_seconds_late / 3600, 0)


def plugin(policy: late_policy.Policy) -> BasePlugin:
    """The nbgrader plugin that computes ``policy``'s penalty."""
    if policy.policy == "per_hour":
        return PenaltyPerHour(points_per_hour=policy.points_per_hour)
    return LateSubmissionPlugin(penalty_method=policy.policy)


def late_penalty(policy: late_policy.Policy, student, score, late_seconds) -> float | None:
    """The late penalty nbgrader's AssignLatePenalties would store for a notebook
    scoring ``score``, ``late_seconds`` late (None: no penalty)."""
    if late_seconds <= 0:
        return None
    points = plugin(policy).late_submission_penalty(student, score, late_seconds)
    if points is None:
        return None
    return float(min(max(points, 0.0), score))
