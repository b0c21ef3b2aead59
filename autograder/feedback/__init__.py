"""What people read: the feedback digest of one result, rendered on a terminal
(``text``) and as a page (``html``); the instructor's report and the LMS CSV.
"""
