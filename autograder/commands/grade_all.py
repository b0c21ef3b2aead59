"""``python -m autograder grade-all ASSIGNMENT [ASSIGNMENT ...] [--workers N] [--dask ADDRESS] ...``

Several assignments are graded one after the other on one warm pool of
workers (each worker loads every one of their graders once), so a term's
batches pay the workers' start-up once."""
import contextlib
import sys
from pathlib import Path

from autograder.course import assignments
from autograder.batch import gradebook
from autograder.batch import run as batch
from autograder.records import results_file


def add_parser(sub):
    p = sub.add_parser("grade-all", help="grade every submission of one or more assignments "
                                         "(nbgrader's submitted/<student>/<assignment>/)")
    p.add_argument("assignments", nargs="+", metavar="assignment")
    p.add_argument("--submitted", type=Path, dest="submitted_dir",
                   help="folder of student folders (default: submitted/ in the course)")
    p.add_argument("--results-dir", type=Path, help="where <assignment>.jsonl goes "
                                                     "(default: results/)")
    p.add_argument("--feedback-dir", type=Path, help="where feedback/<student>/<assignment>/ "
                                                      "goes (default: feedback/)")
    p.add_argument("--autograded-dir", type=Path,
                   help="where autograded/<student>/<assignment>/<assignment>.ipynb goes, the "
                        "notebook formgrader shows (default: autograded/ beside --submitted)")
    p.add_argument("--db", dest="db_url", help="nbgrader gradebook URL "
                                               "(default: the course's sqlite gradebook.db)")
    p.add_argument("--workers", type=int, help=f"grader processes (default: the cores, "
                                                f"{batch.cores()} here)")
    p.add_argument("--dask", metavar="SCHEDULER_ADDRESS",
                   help="grade on a Dask distributed cluster instead of local workers")
    p.add_argument("--seed", type=int, help="batch seed (default: fresh); each student's "
                                            "inputs derive from it and are recorded")
    p.add_argument("--regrade", action="store_true",
                   help="grade again submissions that have not changed since their record")
    p.set_defaults(run=run)


def run(args):
    for aid in args.assignments:
        assignments.get(aid)
    options = batch.default_options(
        submitted_dir=args.submitted_dir, results_dir=args.results_dir,
        feedback_dir=args.feedback_dir, autograded_dir=args.autograded_dir, db_url=args.db_url,
        workers=args.workers, dask=args.dask, seed=args.seed, regrade=args.regrade)
    if not options.submitted_dir.is_dir():
        print(f"error: no submissions folder {options.submitted_dir} (run nbgrader collect, "
              "or give --submitted)", file=sys.stderr)
        return 2
    try:
        with _shared_pool(args.assignments, options) as pool:
            if pool is not None:        # while the workers warm up: one nbgrader run for all
                gradebook.add_assignments(options.db_url, args.assignments)
            for aid in args.assignments:
                _print(batch.grade_all(aid, options, pool=pool), options)
    except results_file.ResultsFileBusy as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted: every finished submission is recorded; run the same "
              "command again to grade the rest", file=sys.stderr)
        return 130
    return 0


def _shared_pool(ids, options):
    """One warm pool for several assignments; none (each batch starts its own, and
    only when it has work) for one assignment or a Dask cluster."""
    if len(ids) == 1 or options.dask:
        return contextlib.nullcontext()
    return batch.local_pool(ids, options)


def _print(summary, options):
    print(f"{summary.assignment}: {summary.submissions} submissions; graded now "
          f"{summary.graded}, unchanged since their record {summary.already}; "
          f"{summary.errored} with errors (batch seed {summary.seed})")
    print(f"results:  {summary.results}")
    print(f"gradebook: {options.db_url}")
    print(f"feedback: {options.feedback_dir}/<student>/{summary.assignment}/")
    print(f"autograded: {options.autograded_dir}/<student>/{summary.assignment}/ "
          "(formgrader's manual grading)")
