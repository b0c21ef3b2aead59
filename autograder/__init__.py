"""The course's grading package.

The pipeline of one grading, in order (``runner`` reads in one place):
  submission   -- .ipynb / .py  ->  code cells and test-cell markers
  session      -- executes the cells progressively in a student process
  sandbox/     -- that process: warm zygote, namespaces, Landlock, seccomp, rlimits
  runner       -- at each test cell: the visible checks, then the hidden ones
  checks       -- typed checks with points, assertion helpers, named tolerances
  graders/     -- the hidden checks, one module per assignment
  results      -- typed results and the JSON contract

What crosses the trust boundary, and how:
  specs, codec -- plain data only (JSON, .npy without pickle), handles for objects
  student      -- the grader's side: Student, LocalStudent (nbgrader kernels);
                  records side effects (inputs modified, caches used up)
  sameness     -- exact equality of plain data, for those side effects
  dispatch     -- the student's side: runs one request against the namespace
  probes       -- fixed helpers run there (autograd, parameters)
  callables    -- named pure functions the grader may hand to student code

Batch grading (``batch`` reads in one place):
  collect       -- submitted/<student>/<assignment>/ folders -> the file to grade
  grading_task  -- one submission's bytes in, one record out (pool and Dask alike)
  pool          -- warm local worker processes; distributed -- the same on Dask
  results_file  -- results/<assignment>.jsonl: append-only, fsynced, compacted
  gradebook     -- the scores into nbgrader's gradebook
  feedback_digest -- what a student reads, from one result (terminal and page alike)
  feedback_text -- that digest on a terminal (rich: colour on a TTY only)
  feedback_html -- a page per student; progress -- the batch's progress line
  report, report_plots, grades_csv -- the instructor's report and the LMS CSV
  html_page, atomic_write -- shared page skeleton; write-then-rename

Around it: assignments (settings, trusted test cells), misconceptions
(catalogue), numerical (finite differences), notebook (the hidden-test entry
inside nbgrader), nbgrader_plugins (feedback without hidden tests),
nbgrader_cli, build (release/ and solutions/), demo, demo_term,
and commands/ (one module per CLI command).
"""
