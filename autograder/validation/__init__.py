"""Proving a grader: ``validate`` runs the reference on many seeds, the stub,
the wrong and alternative implementations in ``tests/``, and mutants of the
reference generated automatically, and tabulates what each scored.
"""
