"""The student's feedback page: a summary table first (an exercise that failed
for one reason is one row), then the details of the others -- each failed
check with its points and message, the visible checks' failure and each
misconception said once, no nbgrader comparison -- errors with advice,
everything escaped, nothing of the hidden checks or the reference solution,
written atomically where nbgrader's release_feedback looks."""
import ast
import copy
import html
import io
import os
import re
import tokenize

import markupsafe
import pytest

import course_config
from autograder.records import atomic_write
from autograder.feedback import digest as feedback_digest
from autograder.feedback import html as feedback_html
from autograder.grading import misconceptions
from autograder.feedback.html_page import number
from tests import graded_records
from tests.conftest import ROOT

AID = graded_records.AID


@pytest.fixture(scope="module")
def records():
    return graded_records.records(AID)


def text_of(fragment):
    """The text a reader sees in an HTML fragment."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def summary_row(page, exercise):
    """``(kind, text)`` of an exercise's row in the summary table."""
    match = re.search(rf'<tr class="(\w+)" id="exercise-{re.escape(exercise)}">(.*?)</tr>',
                      page, re.S)
    assert match, f"no summary row for {exercise}"
    return match.group(1), text_of(match.group(2))


def check_rows(page):
    """``{exercise/first check: text}`` of the failed-check rows."""
    return {html.unescape(name): text_of(row) for name, row in
            re.findall(r'<tr class="check" id="check-([^"]+)">(.*?)</tr>', page, re.S)}


def sections(page):
    """The exercises that have a details section, in order."""
    return re.findall(r'<section class="exercise" id="details-([^"]+)">', page)


def exercises_of(record):
    totals = {}
    for test in record["tests"]:
        got, top = totals.get(test["exercise"], (0.0, 0.0))
        totals[test["exercise"]] = (got + test["points"], top + test["max_points"])
    return totals


def box(page, kind):
    return text_of(page.split(f'<div class="box {kind}">')[1].split("</div>")[0])


def test_header_names_course_assignment_student_score_date_and_seed(records):
    record = records["cy"]
    page = feedback_html.render(record)
    head = text_of(page.split("</header>")[0])
    for expected in (course_config.COURSE_TITLE, course_config.ASSIGNMENTS[AID]["title"], "cy",
                     f"{number(record['score'])} / 20 points", "2026-11-21 14:03 UTC",
                     str(graded_records.SEED)):
        assert expected in head


@pytest.mark.parametrize("student", ["ada", "ben", "cy", "eve", "fay"])
def test_summary_table_comes_first_with_every_exercise_and_its_points(records, student):
    record = records[student]
    page = feedback_html.render(record)
    assert page.split("</header>", 1)[1].lstrip().startswith('<table class="summary">')
    for exercise, (got, top) in exercises_of(record).items():
        kind, row = summary_row(page, exercise)
        assert row.startswith(f"{exercise} {number(got)} / {number(top)} ")
        assert (kind == "passed") == (got == top)
        if kind == "passed":
            assert row.endswith("pass")


def test_failed_checks_show_points_and_message_passed_ones_are_folded(records):
    record = records["eve"]  # cross_entropy: p and q swapped
    page = feedback_html.render(record)
    assert sections(page) == ["cross_entropy"]
    rows = check_rows(page)
    failed = [t for t in record["tests"] if not t["passed"]]
    assert 1 <= len(rows) <= len(failed)  # checks that failed alike share a row
    for test in failed:
        check = test["name"].split("/", 1)[1].replace("_", " ")
        row = rows.get(test["name"]) or next(r for r in rows.values() if check in r)
        message, _ = misconceptions.split_feedback(test["feedback"], test["misconception"])
        assert row.startswith("fail ")
        assert f"{number(test['points'])} / {number(test['max_points'])}" in row
        assert feedback_digest.one_line(message) in row
    section = page.split('id="details-cross_entropy"')[1].split("</section>")[0]
    passed = [t for t in record["tests"] if t["passed"] and t["exercise"] == "cross_entropy"]
    assert f"<details><summary>{len(passed)} check" in section
    for test in passed:
        assert test["name"].split("/", 1)[1] in section


def test_an_exercise_that_failed_for_one_reason_is_one_row(records):
    record = records["ben"]  # the untouched stub
    page = feedback_html.render(record)
    assert sections(page) == [] and check_rows(page) == {}
    for exercise in exercises_of(record):
        kind, row = summary_row(page, exercise)
        assert kind == "blocked"
        assert row.endswith("not implemented yet (raises NotImplementedError)")
    assert text_of(page).count("NotImplementedError") == len(exercises_of(record))
    assert "Visible checks" not in page


@pytest.mark.parametrize("student,key", [("eve", "cross-entropy-arguments-swapped"),
                                         ("cy", "natural-log-instead-of-bits")])
def test_misconception_named_with_its_explanation_said_once(records, student, key):
    page = feedback_html.render(records[student])
    named = [t for t in records[student]["tests"] if t["misconception"] == key]
    assert named  # tests/test_feedback_golden.py pins a mistake named by several checks
    text = text_of(page)
    assert text.count(f"Looks like a known mistake: {misconceptions.title(key)}") == 1
    assert len(named) == 1 or f"({len(named)} checks)" in text
    body = misconceptions.explain(key).split(": ", 1)[1][1:]  # its first letter may be capitalised
    assert text.count(" ".join(body.split())) == 1
    assert "This looks like" not in text


def test_a_misconception_in_two_exercises_is_explained_once(records):
    record = copy.deepcopy(records["cy"])  # natural log in entropy ...
    uniform = [t for t in records["dee"]["tests"]  # ... and in differential_entropy_uniform
               if t["exercise"] == "differential_entropy_uniform"]
    assert any(t["misconception"] == "natural-log-instead-of-bits" for t in uniform)
    record["tests"] = [t if t["exercise"] != "differential_entropy_uniform" else uniform.pop(0)
                       for t in record["tests"]]
    text = text_of(feedback_html.render(record))
    title = misconceptions.title("natural-log-instead-of-bits")
    assert text.count(f"Looks like a known mistake: {title}") == 1
    assert text.count(f"Same mistake as in entropy : {title}") == 1
    assert text.count("divide a natural log by ln(base)") == 1


def test_visible_check_failure_is_said_once_per_exercise_without_nbgrader(records):
    record = records["cy"]  # natural log: the visible asserts of `entropy` fail
    assert "entropy" in record["visible_checks"]
    page = feedback_html.render(record)
    text = text_of(page)
    assert text.count("Visible checks in the notebook fail") == 1
    assert "a fair coin carries exactly 1 bit" in box(page, "warn")
    assert "test cell" in box(page, "warn")
    assert "nbgrader" not in text and "this check:" not in page and "would give" not in text


def test_an_old_record_with_the_note_in_every_feedback_renders_the_same(records):
    record = copy.deepcopy(records["cy"])
    gate = record.pop("visible_checks")["entropy"]
    for test in record["tests"]:
        test.pop("status")
        if test["exercise"] == "entropy":
            test["feedback"] = ("(note: the visible checks in this exercise's test cell fail; "
                                "nbgrader, where a test cell that raises scores 0, would give "
                                f"this exercise 0) Visible check: {gate} | this check: "
                                + test["feedback"])
    assert feedback_html.render(record) == feedback_html.render(records["cy"])


def test_errors_box_with_advice(records):
    page = feedback_html.render(records["fay"])
    problems = box(page, "error")
    assert "could not read the submission: the notebook is not valid JSON" in problems
    assert "save it (File > Save Notebook)" in problems
    assert "box error" not in feedback_html.render(records["ada"])


def test_a_crash_is_told_by_its_exercise_with_advice_and_not_listed_again(records):
    record = copy.deepcopy(records["ada"])
    crash = "the submission's process exited during a call"
    for test in record["tests"]:
        if test["exercise"] == "huffman_code":
            test.update(points=0.0, passed=False, status="crashed",
                        feedback=f"the visible checks of huffman_code made the submission's "
                                 f"process fail: {crash}")
    record["errors"] = [f"huffman_code (visible checks): {crash}"]
    page = feedback_html.render(record)
    kind, row = summary_row(page, "huffman_code")
    assert kind == "blocked" and row.endswith(f"in the visible checks: {crash}")
    assert box(page, "error").startswith("What to do")
    assert "crashed the Python process" in box(page, "error")
    assert text_of(page).count(crash) == 1


def test_student_strings_are_escaped(records):
    record = copy.deepcopy(records["gus"])
    assert any(graded_records.SCRIPT in e for e in record["errors"])
    record["student"] = "<b>gus</b>"
    for test in record["tests"]:
        test["feedback"] += " <img src=x onerror=alert(1)>"
    page = feedback_html.render(record)
    assert markupsafe.escape(graded_records.SCRIPT) in page  # escaped by the template
    for raw in ("<script", "<img", "<b>gus"):
        assert raw not in page
    assert graded_records.SCRIPT in text_of(page)


def test_strings_shown_in_the_details_are_escaped(records):
    record = copy.deepcopy(records["cy"])
    hostile = "<img src=x onerror=alert(1)>"
    for test in record["tests"]:
        test["feedback"] += " " + hostile
        test["name"] += "<i x>"
    record["visible_checks"]["entropy"] += " " + hostile
    record["tests"][0]["misconception"] = "<script>x</script>"
    page = feedback_html.render(record)
    for raw in ("<script", "<img", "<i x>"):
        assert raw not in page
    assert page.count(html.escape(hostile)) >= 2  # a failed check's message, the visible checks


def test_page_is_self_contained(records):
    for record in records.values():
        page = feedback_html.render(record)
        assert "<script" not in page.lower()
        assert not re.search(r"""<[^>]*\s(src|href)\s*=|url\(|@import""", page)


# -- nothing hidden --------------------------------------------------------------

def code_lines(source, min_chars=25):
    """Lines of Python source holding code (a name or a number, not only strings
    and comments), stripped, at least ``min_chars`` long."""
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.NAME, tokenize.NUMBER):
            lines.add(token.start[0])
    text = source.splitlines()
    return {text[n - 1].strip() for n in lines if len(text[n - 1].strip()) >= min_chars}


def function_body_lines(source):
    """The code lines inside the bodies of the functions of ``source``."""
    tree = ast.parse(source)
    text = source.splitlines()
    bodies = "\n".join("\n".join(text[node.body[0].lineno - 1:node.end_lineno])
                       for node in ast.walk(tree)
                       if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)))
    return {line for line in code_lines(bodies) if not line.startswith(("def ", "return None"))}


@pytest.mark.parametrize("student", ["cy", "dee", "eve", "ben"])
def test_no_hidden_check_code_and_no_reference_answer(records, student):
    grader = course_config.ASSIGNMENTS[AID]["grader"]
    hidden = code_lines((ROOT / "autograder" / "graders" / f"{grader}.py").read_text())
    reference = function_body_lines((ROOT / "solutions" / AID / f"{AID}.py").read_text())
    assert len(hidden) > 100 and len(reference) > 20
    page = feedback_html.render(records[student])
    text = html.unescape(page)
    leaked = [line for line in hidden | reference if line in page or line in text]
    assert not leaked


# -- the file ---------------------------------------------------------------------

def test_write_uses_nbgraders_feedback_layout_atomically(records, tmp_path):
    record = copy.deepcopy(records["eve"])
    path = feedback_html.write(record, tmp_path)
    assert path == tmp_path / "eve" / AID / f"{AID}.html"
    assert path.read_text(encoding="utf-8") == feedback_html.render(record)
    record["score"] = 19.5
    assert feedback_html.write(record, tmp_path) == path
    assert "19.5" in path.read_text(encoding="utf-8")
    assert os.listdir(path.parent) == [path.name]


@pytest.mark.parametrize("student", ["..", "a/b", ""])
def test_write_refuses_unsafe_folder_names(records, tmp_path, student):
    record = dict(records["ada"], student=student)
    with pytest.raises(ValueError):
        feedback_html.write(record, tmp_path)


def test_a_failed_write_keeps_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = atomic_write.write_text(tmp_path / "f.html", "old")

    def fail(*args):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        atomic_write.write_text(path, "new")
    assert path.read_text() == "old" and os.listdir(tmp_path) == ["f.html"]


def test_visible_checks_failing_where_every_hidden_check_passes_get_a_section(records):
    record = copy.deepcopy(records["ada"])
    record["visible_checks"] = {"huffman_code": "AssertionError: codeword lengths (at line 3)"}
    page = feedback_html.render(record)
    kind, row = summary_row(page, "huffman_code")
    assert kind == "passed" and row.endswith("all checks pass; the visible checks fail")
    assert sections(page) == ["huffman_code"] and check_rows(page) == {}
    assert "AssertionError: codeword lengths (at line 3)" in box(page, "warn")
