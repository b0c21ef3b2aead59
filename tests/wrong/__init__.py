"""Realistic wrong (and alternative correct) implementations, one module per
assignment grader, used by tests/test_graders.py."""
