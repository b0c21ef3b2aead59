"""``grades.csv``: every student's score on every assignment, for an LMS
gradebook import, built from all results files in a results folder.

Layout (UTF-8, comma-separated, one header row):

    student,01_entropy_fundamentals (20),04_vae_variational_inference (27),...,total (91)

* one column per assignment of ``course_config.ASSIGNMENTS``, in that order,
  headed ``<assignment id> (<maximum points>)``; the last column is
  ``total (<sum of all maxima>)``;
* one row per student found in any results file, sorted by student id;
* a cell holds the score of the student's latest record after its late
  penalty (``records.results_file.score_after_penalty``, nbgrader's ``score``:
  ``20``, ``7.5``); it is empty when the student has no record for that
  assignment (nothing submitted, or not graded yet), and the total counts it
  as 0.
"""
import csv
import io
from pathlib import Path

from autograder.course import assignments
from autograder.records import atomic_write
from autograder.records import results_file
from autograder.feedback.score_text import number


def final_scores(results_dir) -> dict[str, dict[str, float]]:
    """``{assignment id: {student: score after penalty}}`` of every course
    assignment (in course order; an assignment without records maps to {})."""
    return {a.id: {student: results_file.score_after_penalty(record) for student, record
                   in results_file.load(results_file.path_for(results_dir, a.id)).items()}
            for a in assignments.all_assignments()}


def table(results_dir) -> list[list[str]]:
    """The header row and one row per student, as strings."""
    course = assignments.all_assignments()
    scores = final_scores(results_dir)
    students = sorted({student for got in scores.values() for student in got})
    total_max = sum(a.max_score for a in course)
    rows = [["student", *(f"{a.id} ({number(a.max_score)})" for a in course),
             f"total ({number(total_max)})"]]
    for student in students:
        got = [scores[a.id].get(student) for a in course]
        total = sum(g for g in got if g is not None)
        rows.append([student, *("" if g is None else number(g) for g in got), number(total)])
    return rows


def write(results_dir, path) -> Path:
    """Write the table to ``path`` atomically."""
    text = io.StringIO()
    csv.writer(text).writerows(table(results_dir))
    return atomic_write.write_text(path, text.getvalue())

