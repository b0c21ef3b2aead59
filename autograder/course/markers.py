"""nbgrader's cell markers, as regular expressions (one definition for the
build, the trusted test cells and the feedback filter)."""
import re

import course_config

#: a ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` block, whole lines
HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[^\n]*\n?",
                          re.M | re.S)
#: a ``### BEGIN SOLUTION`` or ``### END SOLUTION`` line
SOLUTION_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)


def cell_role(cell):
    """What a cell of one of the course's own notebooks (source, release,
    solutions: trusted JSON) is: "test" (graded and locked: nbgrader's test
    cell), "answer" (a solution cell), "demo" (tagged ``course_config.SKIP_TAG``),
    "setup" (any other code cell) or "markdown"."""
    if cell.get("cell_type") != "code":
        return "markdown"
    meta = cell.get("metadata", {})
    grading = meta.get("nbgrader", {})
    if grading.get("grade") and not grading.get("solution"):
        return "test"
    if grading.get("solution"):
        return "answer"
    return "demo" if course_config.SKIP_TAG in meta.get("tags", []) else "setup"
