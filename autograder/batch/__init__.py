"""Batch grading (``run`` reads in one place): warm worker pools, local or on
Dask, one task per submission, the progress line, the gradebook.
"""
