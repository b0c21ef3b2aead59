"""The course's grading package.

Layout (one idea per module):
  specs, codec      -- what may cross between grader and student: plain data only
  dispatch, probes  -- the student side: runs requests against the student's namespace
  callables         -- named pure functions the grader may hand to student code
  student           -- the grader side: a Student proxy, local (nbgrader) or sandboxed
  sandbox/          -- the resource-limited process that runs student code
  submission        -- reading .ipynb / .py submissions into cells
  checks            -- typed checks, the registry, assertion helpers
  results           -- typed results and the JSON contract
  runner            -- grades one submission: load, gate, checks, result
  graders/          -- the hidden checks, one module per assignment
  commands/         -- one module per CLI command
"""
