"""Hidden checks, one module per assignment (see ``course_config.ASSIGNMENTS``).

Each module defines ``checks = Checks(ASSIGNMENT_ID)`` and registers check
functions with ``@checks(exercise, points)``. They run in the grader's process
and only ever see the submission through a ``Student``.
"""
