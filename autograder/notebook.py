"""Entry point for the hidden part of a test cell inside an nbgrader kernel.

A source notebook's test cell ends with::

    ### BEGIN HIDDEN TESTS
    from autograder.notebook import grade_exercise
    grade_exercise("01_entropy_fundamentals", "entropy", globals())
    ### END HIDDEN TESTS

The call runs the same hidden checks as ``python -m autograder grade`` (through
the same request path, without the sandbox: nbgrader runs everything inside the
student's kernel), prints one line per check, and returns the points, which
nbgrader reads as the cell's partial credit. It never writes to stderr: nbgrader
gives 0 to a cell with stderr output.
"""
import os
from types import SimpleNamespace

import course_config
from autograder.course import assignments
from autograder.grading import runner
from autograder.boundary.student import LocalStudent
from autograder.sandbox.quiet import quiet


def grade_exercise(assignment_id, exercise, namespace, seed=None):
    """Points earned by ``exercise`` in this kernel's namespace (a float)."""
    seed = int(os.environ.get("AUTOGRADER_SEED", course_config.NBGRADER_SEED)) \
        if seed is None else seed
    assignment = assignments.get(assignment_id)
    kernel = SimpleNamespace(student=LocalStudent(namespace), restart=lambda: True, broken="")
    with quiet():
        results = runner.grade_exercise(assignment, exercise, kernel, seed, errors=[])
    for r in results:
        mark = "PASS" if r.passed else "FAIL"
        print(f"[{mark}] {r.name} ({r.points:g}/{r.max_points:g}): {r.feedback}")
    return round(sum(r.points for r in results), 6)
