"""What crosses the trust boundary between the grader and the student's process.

Plain data only (specs, codec), handles for objects; ``student`` is the
grader's side of a call, ``dispatch`` the student's side; ``probes`` and
``callables`` are fixed helpers that run there; ``sameness`` compares plain
data exactly, for the side effects a call may have.
"""
