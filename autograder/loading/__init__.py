"""Loading a submission: a file into code cells and test-cell markers; an
nbgrader ``submitted/`` folder into the file to grade.
"""
