"""Typed results and the JSON grading contract; the append-only results file;
write-then-rename.
"""
