"""The feedback page a student reads: one results record as self-contained HTML.

The page says what the terminal says (:mod:`autograder.feedback.digest`): a
summary table first (an exercise that failed for one reason is one row), the
submission's problems with advice, then the details of each exercise that has
some -- its visible checks' failure and each known mistake explained once,
the failed checks (alike ones in one row), the passed ones folded away.

``render(record)`` only renders what the record says (scores, the checks'
feedback, errors); it never reads graders or solutions, so nothing hidden can
reach the page. The page is the template ``templates/feedback.html.j2``,
which escapes every value it prints (:mod:`autograder.feedback.html_page`).
``write(record, feedback_dir)`` puts it where ``nbgrader release_feedback``
looks: ``<dir>/<student>/<assignment>/<assignment>.html``.
"""
from pathlib import Path

import course_config
from autograder.records import atomic_write
from autograder.feedback import digest as feedback_digest
from autograder.feedback import html_page


def render(record) -> str:
    """The HTML page of one results record (``GradeResult.to_json()`` + student,
    graded_at ...): a summary table, the submission's problems, then the
    details of each exercise that has some (:mod:`autograder.feedback.digest`)."""
    return html_page.render(
        "feedback.html.j2", digest=feedback_digest.digest(record),
        course_title=course_config.COURSE_TITLE, student=record.get("student", ""),
        graded=html_page.utc_time(record.get("graded_at")), seed=record.get("seed", ""),
        score=record["score"], max_score=record["max_score"], assignment=record["assignment"],
        visible_hint=feedback_digest.VISIBLE_HINT)


def path_for(record, feedback_dir) -> Path:
    """``feedback_dir/<student>/<assignment>/<assignment>.html`` (nbgrader's layout)."""
    student, aid = str(record["student"]), str(record["assignment"])
    for part in (student, aid):
        if part in ("", ".", "..") or "/" in part or "\\" in part or "\0" in part:
            raise ValueError(f"not a safe folder name: {part!r}")
    return Path(feedback_dir) / student / aid / f"{aid}.html"


def write(record, feedback_dir) -> Path:
    """Write the page atomically to :func:`path_for`; returns that path. Not
    fsynced: the page is made from the results file again when it is missing or
    empty (``grade-all``'s catch-up)."""
    return atomic_write.write_text(path_for(record, feedback_dir), render(record),
                                   durable=False)
