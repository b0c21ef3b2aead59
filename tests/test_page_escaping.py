"""Student text cannot add markup to a page: hostile strings -- a script, a
quote that breaks out of an attribute, an event handler, a closing tag, a
Jinja2 expression -- fed through every field a student controls (the student
id, exception messages, file names, the visible checks' failures, the
checks' feedback, a misconception and its explanation, the grading date)
leave the feedback page, the report and the course report with exactly the elements and
attributes they have with a plain placeholder in the same fields, and show
as text wherever the placeholder does."""
import copy
from html.parser import HTMLParser

import pytest

from autograder.feedback import course_report
from autograder.feedback import html as feedback_html
from autograder.feedback import report
from autograder.grading.misconceptions import LOOKS_LIKE
from tests import graded_records

AID = graded_records.AID
PLACEHOLDER = "PLACEHOLDER"
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "' onmouseover='x",
           "</textarea>", "{{ 7*7 }}"]


class Parsed(HTMLParser):
    """A page as its elements (tag, attribute names) and its strings (text and
    attribute values, character references decoded)."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.elements, self.strings = [], []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple(name for name, _ in attrs)))
        self.strings += [value or "" for _, value in attrs]

    def handle_endtag(self, tag):
        self.elements.append(("/" + tag, ()))

    def handle_data(self, data):
        self.strings.append(data)

    def count(self, text):
        return sum(s.count(text) for s in self.strings)


@pytest.fixture(scope="module")
def records():
    return graded_records.records(AID)


def hostile_record(record, text):
    """``record`` with ``text`` in every field its student controls."""
    record = copy.deepcopy(record)
    record.update(student="zz" + text, graded_at=text, submission=f"submitted/{text}/{text}.ipynb",
                  errors=[f"could not read submitted/{text}/{AID}.ipynb: {text}",
                          f"entropy (visible checks): RuntimeError: {text}"])
    record["visible_checks"] = {e: f"AssertionError: {text}" for e in record["visible_checks"]}
    failed = [t for t in record["tests"] if not t["passed"]]
    assert failed and record["visible_checks"]
    for test in record["tests"]:
        message, looks_like, explanation = test["feedback"].partition(LOOKS_LIKE)
        test["feedback"] = f"{message} (printed: {text}){looks_like}{explanation}"
    failed[0].update(misconception=text,
                     feedback=f"got {text} (printed: {text}){LOOKS_LIKE}{text}")
    return record


def pages(records, text):
    """The feedback page, the report and the course report, ``text`` in every
    student field."""
    record = hostile_record(records["cy"], text)
    summary = report.summarise(AID, {**records, record["student"]: record})
    scores = {s: r["score"] for s, r in {**records, record["student"]: record}.items()}
    course = course_report.from_scores({AID: scores})
    return {"feedback": feedback_html.render(record),
            "report": report.render(summary, source=f"results/{text}.jsonl"),
            "course": course_report.render(course, source=f"results/{text}")}


@pytest.fixture(scope="module")
def plain(records):
    return {name: Parsed(page) for name, page in pages(records, PLACEHOLDER).items()}


@pytest.mark.parametrize("text", HOSTILE, ids=["script", "attribute-quote", "event-handler",
                                               "closing-tag", "template-expression"])
def test_hostile_text_adds_no_markup_and_shows_as_text(records, plain, text):
    for name, page in pages(records, text).items():
        parsed, expected = Parsed(page), plain[name]
        assert parsed.elements == expected.elements, name  # same elements, same attributes
        tags = {tag for tag, _ in parsed.elements}
        assert not tags & {"script", "/script", "textarea", "/textarea"}, name
        assert not [a for _, attrs in parsed.elements for a in attrs if a.startswith("on")]
        shown = expected.count(PLACEHOLDER)
        assert shown >= {"feedback": 9, "report": 5, "course": 2}[name], name  # every field shown
        assert parsed.count(text) == shown, name
        assert parsed.count("49") == expected.count("49"), name  # {{ 7*7 }} is not evaluated
        if set(text) & set("<>\"'&"):
            assert text not in page, name  # only escaped in the source


def test_the_placeholder_reaches_every_field(plain):
    """The fields the hostile strings go through are on the page (so the test
    above tests them): the student id, the date, the errors, the visible
    checks' failure, the feedback, the misconception, the results file."""
    feedback = " ".join(plain["feedback"].strings)
    for shown in ("zz" + PLACEHOLDER, f"Graded {PLACEHOLDER}", f"submitted/{PLACEHOLDER}/",
                  f"AssertionError: {PLACEHOLDER}", f"(printed: {PLACEHOLDER})",
                  f"Looks like a known mistake: {PLACEHOLDER}"):
        assert shown in feedback, shown
    text = " ".join(plain["report"].strings)
    for shown in ("zz" + PLACEHOLDER, f"results/{PLACEHOLDER}.jsonl",
                  f"could not read submitted/{PLACEHOLDER}/"):
        assert shown in text, shown
