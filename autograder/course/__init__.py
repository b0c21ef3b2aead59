"""The course: assignment settings and their trusted test cells, the notebook
markers, building release/ and solutions/, and the glue to nbgrader's CLI.
"""
