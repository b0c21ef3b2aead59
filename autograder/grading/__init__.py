"""Grading one submission: the runner (read, run, visible checks, hidden
checks, result), the checks' vocabulary, the misconception catalogue and
finite differences.
"""
