"""nbgrader's cell markers, as regular expressions (one definition for the
build, the trusted test cells and the feedback filter)."""
import re

#: a ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` block, whole lines
HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[^\n]*\n?",
                          re.M | re.S)
#: a ``### BEGIN SOLUTION`` or ``### END SOLUTION`` line
SOLUTION_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)
