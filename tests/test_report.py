"""The instructor's report and grades.csv, from results files of really graded
submissions: the statistics match a hand count over the records, the page
names misconceptions and errored submissions, the CSV imports, everything is
escaped and written atomically."""
import copy
import csv
import html
import os
import re

import pytest

from autograder.course import assignments
from autograder import cli
from autograder.feedback import course_report, grades_csv
from autograder.grading import misconceptions
from autograder.feedback import report
from autograder.records import results_file
from tests import graded_records

AID, OTHER = graded_records.AID, graded_records.OTHER


@pytest.fixture(scope="module")
def records():
    return graded_records.records(AID)


@pytest.fixture(scope="module")
def results_dir(tmp_path_factory):
    """A results folder as grade-all leaves it: two assignments' results files."""
    folder = tmp_path_factory.mktemp("results")
    for aid in (AID, OTHER):
        with results_file.ResultsFile(results_file.path_for(folder, aid)) as results:
            for record in graded_records.records(aid).values():
                results.append(record)
    return folder


@pytest.fixture(scope="module")
def summary(records):
    return report.summarise(AID, records)


def text_of(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_records_cover_what_the_report_shows(records):
    scores = {s: r["score"] for s, r in records.items()}
    assert scores["ada"] == 20 and scores["ben"] == 0 and 0 < scores["cy"] < 20
    assert records["fay"]["errors"] and records["gus"]["errors"]
    assert any(t["misconception"] for t in records["cy"]["tests"])


def test_histogram_counts_match_the_scores(records, summary):
    assert summary.edges == [float(i) for i in range(21)]  # 20 points: one bin per point
    expected = [0] * 20
    for record in records.values():
        expected[min(int(record["score"]), 19)] += 1        # the last bin holds 20 too
    assert summary.counts == expected and sum(expected) == len(records)


def test_summary_numbers(records, summary):
    scores = sorted(r["score"] for r in records.values())
    assert summary.scores == [records[s]["score"] for s in sorted(records)]
    assert summary.mean == pytest.approx(sum(scores) / len(scores))
    assert summary.median == scores[len(scores) // 2]
    assert summary.full_marks == 1 and summary.zeros == scores.count(0.0) >= 3
    assert [e.student for e in summary.errored] == ["fay", "gus"]


def test_pass_rates_in_declaration_order_match_a_hand_count(records, summary):
    declared = [c.full_name for c in assignments.get(AID).checks.items]
    assert [r.name for r in summary.rates] == declared
    for rate in summary.rates:
        passed = [t["passed"] for r in records.values() for t in r["tests"]
                  if t["name"] == rate.name]
        assert (rate.passed, rate.total) == (sum(passed), len(records))
        assert rate.rate == pytest.approx(sum(passed) / len(records))


def test_misconceptions_ranked_by_students(records, summary):
    ranked = {m.key: m.students for m in summary.misconceptions}
    assert list(ranked)[0] == "natural-log-instead-of-bits" and ranked[list(ranked)[0]] == 2
    assert ranked["cross-entropy-arguments-swapped"] == 1
    named = {t["misconception"] for r in records.values() for t in r["tests"]} - {None}
    assert set(ranked) == named and len(ranked) <= report.TOP_MISCONCEPTIONS
    for m in summary.misconceptions:
        assert m.explanation == misconceptions.explain(m.key)


def test_page_shows_summary_misconceptions_and_errors(summary):
    page = report.render(summary, source="results/x.jsonl")
    text = text_of(page)
    for m in summary.misconceptions:
        assert misconceptions.title(m.key) in text
        assert " ".join(misconceptions.detail(m.key, m.explanation).split()) in text
    assert "Natural log instead of bits" in text
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td class=\"wrap\">(.*?)</td>", page, re.S)
    errored = {text_of(student): text_of(first) for student, first in rows}
    assert errored["fay"].startswith("could not read the submission: the notebook is not valid")
    assert graded_records.SCRIPT in errored["gus"]
    cards = dict((label, value) for value, label in re.findall(
        r'<div class="value">(.*?)</div><div class="label">(.*?)</div>', page))
    assert cards["submissions"] == str(len(summary.scores))
    assert cards["full marks"] == "1" and cards["had errors"] == "2"
    assert cards["scored zero"] == str(summary.zeros)
    assert page.count('<img class="plot"') == 2 and page.count("data:image/png;base64,") == 2


def test_page_escapes_every_student_string(records):
    hostile = copy.deepcopy(records["gus"])
    hostile["student"] = "<img src=x onerror=alert(1)>"
    page = report.render(report.summarise(AID, {**records, hostile["student"]: hostile}))
    assert "<script" not in page.lower() and "<img src=x" not in page
    assert html.escape(hostile["student"]) in page
    assert not re.search(r"""<[^>]*\s(src|href)\s*=\s*["'](?!data:image/png;base64,)""", page)


# -- the command and grades.csv -----------------------------------------------------

def test_report_command_writes_the_page_and_the_csv(results_dir, tmp_path, capsys):
    out = tmp_path / "reports"
    assert cli.main(["report", AID, "--results-dir", str(results_dir), "--out-dir", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    written = [f"{AID}.html", "grades.csv", "canvas.csv", "moodle.csv"]
    assert printed == [str(out / name) for name in written]
    assert "Entropy and Huffman coding" in (out / f"{AID}.html").read_text(encoding="utf-8")
    assert sorted(os.listdir(out)) == sorted(written)  # no temporaries


def test_grades_csv_has_a_row_per_student_and_a_column_per_assignment(results_dir, tmp_path):
    path = grades_csv.write(results_dir, tmp_path / "grades.csv")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    course = assignments.all_assignments()
    total_max = sum(a.max_score for a in course)
    assert rows[0] == ["student", *(f"{a.id} ({a.max_score:g})" for a in course),
                       f"total ({total_max:g})"]
    assert "01_entropy_fundamentals (20)" in rows[0] and rows[0][1].startswith(course[0].id)
    first = graded_records.records(AID)
    second = graded_records.records(OTHER)
    students = sorted(first | second)
    assert [row[0] for row in rows[1:]] == students == ["ada", "ben", "cy", "dee", "eve",
                                                        "fay", "gus", "hal"]
    column = {a.id: i + 1 for i, a in enumerate(course)}
    for row in rows[1:]:
        student = row[0]
        assert len(row) == len(course) + 2
        for aid, records in ((AID, first), (OTHER, second)):
            cell = row[column[aid]]
            assert cell == ("" if student not in records else f"{records[student]['score']:g}")
        expected_total = sum(r[student]["score"] for r in (first, second) if student in r)
        assert float(row[-1]) == pytest.approx(expected_total)
        assert all(row[column[a.id]] == "" for a in course if a.id not in (AID, OTHER))
    assert rows[1][-1] == "35"  # ada: 20 + 15
    assert os.listdir(tmp_path) == ["grades.csv"]


def test_unknown_assignment_exits_2(tmp_path, capsys):
    assert cli.main(["report", "99_nonexistent", "--results-dir", str(tmp_path)]) == 2
    assert "unknown assignment" in capsys.readouterr().err


def test_missing_results_file_exits_2_with_a_message(tmp_path, capsys):
    code = cli.main(["report", AID, "--results-dir", str(tmp_path),
                     "--out-dir", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and "no results for 01_entropy_fundamentals" in err and "does not exist" in err
    assert not (tmp_path / "o").exists()


def test_visible_check_failures_per_exercise_match_a_hand_count(records, summary):
    failing = {}
    for record in records.values():
        points = {}
        for test in record["tests"]:
            points[test["exercise"]] = points.get(test["exercise"], 0.0) + test["points"]
        for exercise in record.get("visible_checks", {}):
            count, scored, lost = failing.get(exercise, (0, 0, 0.0))
            failing[exercise] = (count + 1, scored + (points[exercise] > 0),
                                 lost + points[exercise])
    found = {v.exercise: (v.submissions, v.scored, v.points) for v in summary.visible_failures}
    assert found.keys() == failing.keys() and "entropy" in found
    for exercise, (count, scored, lost) in failing.items():
        assert found[exercise][:2] == (count, scored)
        assert found[exercise][2] == pytest.approx(lost)
    assert found["entropy"][1] >= 1  # cy: points here, 0 from nbgrader
    order = [e for e in dict.fromkeys(c.exercise for c in summary.rates) if e in found]
    assert [v.exercise for v in summary.visible_failures] == order
    entropy = next(v for v in summary.visible_failures if v.exercise == "entropy")
    assert "a fair coin carries exactly 1 bit" in entropy.example  # a scoring one's failure


def test_page_has_the_nbgrader_comparison_for_failing_visible_checks(summary):
    page = report.render(summary)
    section = page.split("<h2>Visible checks that fail (nbgrader would give 0)</h2>")[1]
    rows = re.findall(r"<tr>\s*<td><code>(.*?)</code></td>\s*<td class=\"num\">(\d+)</td>"
                      r"\s*<td class=\"num\">(\d+)</td>", section.split("</table>")[0])
    assert [(e, int(n), int(s)) for e, n, s in rows] == [
        (v.exercise, v.submissions, v.scored) for v in summary.visible_failures]
    empty = report.render(report.Summary(AID, 20.0, [], [0.0, 20.0], [0], [], [], []))
    assert "The visible checks pass in every submission." in empty


def test_course_report_totals_and_distributions_match_the_records(results_dir):
    summary = course_report.summarise(results_dir)
    first, second = graded_records.records(AID), graded_records.records(OTHER)
    course = assignments.all_assignments()
    assert [c.id for c in summary.columns] == [a.id for a in course]
    assert [c.id for c in summary.graded] == [a.id for a in course if a.id in (AID, OTHER)]
    assert summary.max_total == pytest.approx(sum(a.max_score for a in course))
    assert [row.student for row in summary.students] == sorted(first | second)
    for row in summary.students:
        for column, score in zip(summary.columns, row.scores):
            records = {AID: first, OTHER: second}.get(column.id, {})
            assert score == (records[row.student]["score"] if row.student in records else None)
        assert row.total == pytest.approx(sum(r[row.student]["score"] for r in (first, second)
                                              if row.student in r))
    column = next(c for c in summary.columns if c.id == AID)
    assert column.scores == [first[s]["score"] for s in sorted(first)]
    assert column.full_marks == 1 and column.zeros == sum(r["score"] == 0 for r in first.values())


def test_report_without_an_assignment_writes_the_course_page(results_dir, tmp_path, capsys):
    out = tmp_path / "reports"
    assert cli.main(["report", "--results-dir", str(results_dir), "--out-dir", str(out)]) == 0
    written = ["course.html", "grades.csv", "canvas.csv", "moodle.csv"]
    assert capsys.readouterr().out.split() == [str(out / name) for name in written]
    page = text_of((out / "course.html").read_text(encoding="utf-8"))
    assert "Course report" in page and "2 / " in page           # two assignments graded
    for a in assignments.all_assignments():
        assert a.id in page
    assert page.count("no results") == len(assignments.all_assignments()) - 2
    assert re.search(r"\bada (– )*20 (– )*15 (– )*35 \d+%", page)  # ada: 20 + 15 = 35
    assert sorted(os.listdir(out)) == sorted(written)


def test_course_report_without_results_exits_2(tmp_path, capsys):
    assert cli.main(["report", "--results-dir", str(tmp_path), "--out-dir", str(tmp_path / "o")]) == 2
    assert "no results in" in capsys.readouterr().err and not (tmp_path / "o").exists()
