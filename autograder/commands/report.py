"""``python -m autograder report [ASSIGNMENT] [--results-dir D] [--out-dir D] [--roster F]``.

Reads ``<results-dir>/<assignment>.jsonl`` and writes ``<out-dir>/<assignment>.html``
(the instructor's report); without an assignment, reads every results file and
writes ``<out-dir>/course.html`` (``feedback/course_report``: each student's
totals across assignments, each assignment's score distribution side by side).
Either way it writes ``<out-dir>/grades.csv`` (every assignment's
scores) and the LMS import files ``<out-dir>/canvas.csv`` and
``<out-dir>/moodle.csv`` (``feedback/lms_csv``), naming students by the roster
(``--roster``, else ``course_config.LMS["roster"]``). Every score is after its
late penalty. Defaults: ``course_config.BATCH``'s ``results_dir`` and
``reports_dir``, taken from the course root when relative.
"""
import sys
from pathlib import Path

import course_config
from autograder.course import assignments
from autograder.feedback import grades_csv, lms_csv, roster
from autograder.records import results_file

#: How many students the roster lacks are named in the warning.
MAX_LISTED = 10


def add_parser(sub):
    p = sub.add_parser(
        "report", help="an assignment's (or the course's) HTML report and grades.csv",
        description="Write <out-dir>/<assignment>.html (score histogram, pass rate per check, "
                    "misconceptions, errored submissions) -- or, without an assignment, "
                    "<out-dir>/course.html (every student's scores and total, every "
                    "assignment's score distribution side by side) --, "
                    "<out-dir>/grades.csv: a row per "
                    "student, a column '<assignment> (<max points>)' per course assignment "
                    "(empty: no record, counted 0) and 'total (<max>)', and the LMS import "
                    "files canvas.csv and moodle.csv (empty: no grade). Scores are after "
                    "the late penalty.")
    p.add_argument("assignment", nargs="?", help="an assignment id (default: the whole course)")
    p.add_argument("--results-dir", type=Path, help="folder of the results files "
                   f"(default: <course>/{course_config.BATCH['results_dir']})")
    p.add_argument("--out-dir", type=Path, help="where to write the report and grades.csv "
                   f"(default: <course>/{course_config.BATCH['reports_dir']})")
    p.add_argument("--roster", type=Path, help="CSV naming each nbgrader student in the LMS "
                   "(columns: id, first_name, last_name, email, lms_user_id, sis_user_id, "
                   "sis_login_id, section, idnumber, username; default: course_config.LMS"
                   "['roster'])")
    p.set_defaults(run=run)


def course_folder(key) -> Path:
    """``course_config.BATCH[key]``, from the course root when relative."""
    return course_config.COURSE_ROOT / course_config.BATCH[key]


def run(args):
    if args.assignment is not None:
        assignments.get(args.assignment)
    try:
        names, roster_path = _roster(args.roster)
    except (OSError, roster.RosterError) as err:
        print(f"error: the roster cannot be read: {err}", file=sys.stderr)
        return 2
    results_dir = args.results_dir or course_folder("results_dir")
    out_dir = args.out_dir or course_folder("reports_dir")
    page = (_course_page(results_dir, out_dir) if args.assignment is None
            else _assignment_page(args.assignment, results_dir, out_dir))
    if page is None:
        return 2
    print(page)
    print(grades_csv.write(results_dir, Path(out_dir) / "grades.csv"))
    paths, unmapped = lms_csv.write(results_dir, out_dir, names)
    print("\n".join(str(p) for p in paths))
    if unmapped:
        where = f"in {roster_path}" if roster_path else "(no roster: see report --roster)"
        listed = ", ".join(unmapped[:MAX_LISTED])
        more = f" and {len(unmapped) - MAX_LISTED} more" if len(unmapped) > MAX_LISTED else ""
        print(f"warning: {len(unmapped)} student(s) not named {where}, listed by their "
              f"nbgrader id in the LMS files (Moodle refuses an import with a user it cannot "
              f"find): {listed}{more}", file=sys.stderr)
    return 0


def _assignment_page(assignment_id, results_dir, out_dir):
    """Write the assignment's report; None (said why) when it has no results."""
    source = results_file.path_for(results_dir, assignment_id)
    records = results_file.load(source)
    if not records:
        why = "has no complete record" if source.is_file() else "does not exist"
        print(f"error: no results for {assignment_id}: {source} {why} "
              f"(grade the submissions first: python -m autograder grade-all "
              f"{assignment_id})", file=sys.stderr)
        return None
    from autograder.feedback import report  # Matplotlib: imported for this command only
    return report.write(report.summarise(assignment_id, records), out_dir, source=str(source))


def _course_page(results_dir, out_dir):
    """Write the course report; None (said why) when no assignment has results."""
    from autograder.feedback import course_report  # Matplotlib, as above
    summary = course_report.summarise(results_dir)
    if not summary.students:
        print(f"error: no results in {results_dir} (grade the submissions first: "
              "python -m autograder grade-all ASSIGNMENT)", file=sys.stderr)
        return None
    return course_report.write(summary, out_dir, source=str(results_dir))


def _roster(given):
    """``(roster or None, its path or None)``: ``given`` (from the working
    directory), else ``course_config.LMS["roster"]`` (from the course root)."""
    configured = course_config.LMS["roster"]
    path = given or (configured and course_config.COURSE_ROOT / configured)
    return (roster.read(path) if path else None), path
