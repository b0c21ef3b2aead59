"""nbgrader extensions configured in nbgrader_config.py.

StripHiddenTests (GenerateFeedback): nbgrader's feedback shows each test cell's
source and any traceback, which would reveal hidden tests. This preprocessor
removes hidden-test blocks from the sources and reduces error outputs to their
exception name and message (no source lines, no traceback frames).

CourseLatePolicy (AssignLatePenalties.plugin_class, in autograde): the late
penalty of each assignment's own policy in ``course_config.LATE_WORK``, so
that ``nbgrader autograde`` charges late work as ``grade-all`` does.
"""
import re

from nbconvert.preprocessors import Preprocessor
from nbgrader.plugins import BasePlugin
from traitlets import Bool

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
        return late_policy.plugin(policy).late_submission_penalty(
            student_id, score, total_seconds_late)
