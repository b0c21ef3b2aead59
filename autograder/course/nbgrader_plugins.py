"""nbgrader extensions configured in nbgrader_config.py.

StripHiddenTests (GenerateFeedback): nbgrader's feedback shows each test cell's
source and any traceback, which would reveal hidden tests. This preprocessor
removes hidden-test blocks from the sources and reduces error outputs to their
exception name and message (no source lines, no traceback frames).
"""
import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

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
