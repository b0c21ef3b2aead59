"""Proving a grader: ``validate`` runs the reference on many seeds, the stub,
the wrong and alternative implementations in ``tests/``, and mutants of the
reference generated automatically, and tabulates what each scored.

  validate         -- the run: every submission graded in one warm engine, then judged
  implementations  -- the submissions: reference, stub, tests/wrong/ cases, mutants
  mutants          -- mutant generation from the answer cells; stable ids; sampling
  operators        -- the mutation operators (cosmic-ray's and the course's own)
  engine           -- the warm engine: the batch worker pool, or in-process
  judge            -- what each kind of submission must score
  outcomes         -- typed results and their JSON
  table            -- the terminal table (rich)
"""
