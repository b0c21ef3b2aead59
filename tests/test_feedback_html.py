"""The student's feedback page: every check with its points and message, the
misconception named once, errors with advice, everything escaped, nothing of
the hidden checks or the reference solution, written atomically where
nbgrader's release_feedback looks."""
import ast
import copy
import html
import io
import os
import re
import tokenize

import pytest

import course_config
from autograder import atomic_write, feedback_html, misconceptions
from autograder.html_page import number
from tests import graded_records
from tests.conftest import ROOT

AID = graded_records.AID


@pytest.fixture(scope="module")
def records():
    return graded_records.records(AID)


def text_of(fragment):
    """The text a reader sees in an HTML fragment."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def check_row(page, name):
    match = re.search(rf'<tr id="check-{re.escape(html.escape(name))}">(.*?)</tr>', page, re.S)
    assert match, f"no row for {name}"
    return text_of(match.group(1))


def test_header_names_course_assignment_student_score_date_and_seed(records):
    record = records["cy"]
    page = feedback_html.render(record)
    head = text_of(page.split("</header>")[0])
    for expected in (course_config.COURSE_TITLE, course_config.ASSIGNMENTS[AID]["title"], "cy",
                     f"{number(record['score'])} / 20 points", "2026-11-21 14:03 UTC",
                     str(graded_records.SEED)):
        assert expected in head


@pytest.mark.parametrize("student", ["ada", "ben", "cy", "eve"])
def test_every_check_shows_its_points_and_message(records, student):
    record = records[student]
    page = feedback_html.render(record)
    for test in record["tests"]:
        row = check_row(page, test["name"])
        assert f"{number(test['points'])} / {number(test['max_points'])}" in row
        message, _ = misconceptions.split_feedback(test["feedback"], test["misconception"])
        message = message.split(" | this check: ")[-1]  # after a failed visible check
        if test["passed"]:
            assert row.startswith("pass")
        else:
            assert row.startswith("fail") and " ".join(message.split()) in row
    for exercise in {t["exercise"] for t in record["tests"]}:
        got = sum(t["points"] for t in record["tests"] if t["exercise"] == exercise)
        top = sum(t["max_points"] for t in record["tests"] if t["exercise"] == exercise)
        heading = f"<code>{exercise}</code><span>{number(got)} / {number(top)}</span>"
        assert heading in page


@pytest.mark.parametrize("student,key", [("eve", "cross-entropy-arguments-swapped"),
                                         ("cy", "natural-log-instead-of-bits")])
def test_misconception_named_with_its_explanation_said_once(records, student, key):
    page = feedback_html.render(records[student])
    named = [t for t in records[student]["tests"] if t["misconception"] == key]
    assert len(named) >= 2
    text = text_of(page)
    assert text.count(f"Looks like a known mistake: {misconceptions.title(key)}") == 1
    assert text.count(f"Same mistake as above: {misconceptions.title(key)}") == len(named) - 1
    body = misconceptions.explain(key).split(": ", 1)[1][1:]  # its first letter may be capitalised
    assert text.count(" ".join(body.split())) == 1
    assert "This looks like" not in text


def test_gate_failure_is_explained_once_per_exercise(records):
    record = records["cy"]  # natural log: the visible asserts of `entropy` fail
    page = feedback_html.render(record)
    assert text_of(page).count("The visible checks in this exercise's test cell fail") == 1
    assert "a fair coin carries exactly 1 bit" in text_of(page)
    assert "this check:" not in page


def test_errors_box_with_advice(records):
    page = feedback_html.render(records["fay"])
    box = text_of(page.split('<div class="box error">')[1].split("</div>")[0])
    assert "could not read the submission: the notebook is not valid JSON" in box
    assert "save it (File > Save Notebook)" in box
    assert "box error" not in feedback_html.render(records["ada"])


def test_student_strings_are_escaped(records):
    record = copy.deepcopy(records["gus"])
    assert any(graded_records.SCRIPT in e for e in record["errors"])
    record["student"] = "<b>gus</b>"
    for test in record["tests"]:
        test["feedback"] += " <img src=x onerror=alert(1)>"
    page = feedback_html.render(record)
    assert html.escape(graded_records.SCRIPT) in page
    for raw in ("<script", "<img", "<b>gus"):
        assert raw not in page
    assert graded_records.SCRIPT in text_of(page)


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
