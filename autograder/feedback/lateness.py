"""What a student reads about the timing of a submission: how late it was and
what that cost, from a record's ``late`` key (``records/results_file``).

``describe(record)`` is one or two sentences, '' when the record has no due
date; the feedback page and the terminal print it under the score.
"""
from autograder.course.late_policy import Policy
from autograder.records import results_file
from autograder.feedback.html_page import number, utc_time


def describe(record) -> str:
    """The lateness of ``record`` in words ('' when its assignment has no due date)."""
    late = record.get("late")
    if not late:
        return ""
    due = f"due {utc_time(late['due'])}"
    if not late.get("submitted"):
        return f"Submitted {due}: no submission time was recorded, so it counts as on time."
    if not late["seconds"]:
        return f"Submitted on time ({utc_time(late['submitted'])}, {due})."
    policy = Policy(late["due"], late["policy"], float(late.get("points_per_hour") or 0))
    said = (f"Submitted {duration(late['seconds'])} late ({utc_time(late['submitted'])}, "
            f"{due}). Late-work policy: {policy.describe()}")
    cost = penalty(record)
    if cost <= 0:
        return f"{said}: no points off."
    after = results_file.score_after_penalty(record)
    return (f"{said}: {number(cost)} point{'s' * (cost != 1)} off, so the grade is "
            f"{number(after)} / {number(record['max_score'])}.")


def penalty(record) -> float:
    """The points lateness cost ``record`` (0.0: none, or no due date)."""
    return float((record.get("late") or {}).get("penalty") or 0.0)


def duration(seconds) -> str:
    """``seconds`` as people say it: '2 days 3 h 5 min', '1 h', '42 s'."""
    seconds = int(round(float(seconds)))
    if seconds < 60:
        return f"{seconds} s"
    days, rest = divmod(seconds // 60, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [f"{days} day{'s' * (days != 1)}"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes else []
    return " ".join(parts)
