"""The course's grading package, laid out by the stages of a grading
(docs/architecture.md tells the data flow; each stage imports only the ones
before it, which tests/test_layout.py enforces):

  course/      assignments (settings, trusted test cells), markers, build
               (release/ and solutions/), nbgrader_cli, nbgrader_plugins
  loading/     submission (a .ipynb / .py into code cells and test-cell
               markers), collect (nbgrader's submitted/ folders)
  boundary/    what crosses the trust boundary: specs, codec (plain data
               only, handles for objects), student (the grader's side of a
               call, side effects watched), dispatch (the student's side),
               sameness, probes, callables
  records/     results (typed results, the JSON contract), results_file
               (append-only, fsynced), atomic_write
  sandbox/     session (cells executed progressively), the confined student
               process: warm zygote, namespaces, Landlock, seccomp, rlimits
  grading/     runner (one grading, read in one place), checks, misconceptions,
               numerical
  graders/     the hidden checks, one module per assignment
  feedback/    digest (what a student reads), text, html, report,
               report_plots, grades_csv, html_page
  batch/       run (a batch, read in one place), grading_task, pool,
               distributed, gradebook, progress
  validation/  ``validate``: a grader proven on the reference, the stub, the
               wrong and alternative implementations and mutants of the reference
  demo/        ``make demo``
  commands/    one module per CLI command

Entry points at the top: cli (``python -m autograder``), notebook
(``grade_exercise``, called by every source notebook's hidden cells inside
nbgrader) and grader_api (the only module a grader imports from).
"""
