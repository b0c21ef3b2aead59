"""``make demo``: build, grade the sample submissions, print feedback.
"""
