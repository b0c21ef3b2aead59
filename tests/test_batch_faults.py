"""Broken files in a batch: each gets a clear error (or its fair grade) in its
own record, and the batch completes with everyone else graded as usual."""
import json

import pytest

from tests import classroom
from tests.test_batch import AID, MAX, grade_all_here, records


def _reference():
    return classroom.notebook(AID, "correct")


def _without(predicate):
    nb = _reference()
    nb["cells"] = [c for c in nb["cells"] if not predicate(c.get("metadata", {}).get("nbgrader", {}))]
    return nb


def _renamed():
    nb = _reference()
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade_id"):
            meta["grade_id"] = "renamed_" + meta["grade_id"]
    return nb


def _future_nbformat():
    nb = _reference()
    nb["nbformat"], nb["nbformat_minor"] = 5, 0
    return nb


def _huge():
    nb = _reference()
    nb["cells"][0].setdefault("outputs", []).append(
        {"output_type": "stream", "name": "stdout", "text": "x" * (50 * 2**20)})
    return nb


FIRST_ANSWER = "batchnorm_forward_answer"

# student -> (content, what its record must say)
FAULTS = {
    "corrupt_json": (b'{"cells": [{"cell_type": "code", "sou', "not valid JSON"),
    "future_nbformat": (_future_nbformat, "nbformat 5 is not supported"),
    "not_utf8": (b'{"cells": []}\xff\xfe\x00\x81', "not UTF-8"),
    "fifty_mb": (_huge, "at most 20 MB"),
    "empty_file": (b"", "the file is empty"),
    "answer_cell_deleted": (lambda: _without(lambda m: m.get("grade_id") == FIRST_ANSWER),
                            "is not defined in the submission"),
    "cells_renamed": (_renamed, None),
    "test_cells_deleted": (lambda: _without(lambda m: m.get("grade") and not m.get("solution")),
                           None),
    "not_a_notebook": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, "not UTF-8"),
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory, warm_pool):
    course = tmp_path_factory.mktemp("faults")
    classroom.write(course / "submitted", "honest", AID, _reference())
    for student, (content, _) in FAULTS.items():
        classroom.write(course / "submitted", student, AID,
                        content() if callable(content) else content)
    grade_all_here(course, warm_pool)
    return records(course)


def test_the_batch_completes_and_the_honest_student_is_unaffected(graded):
    assert set(graded) == {"honest", *FAULTS}
    assert graded["honest"]["score"] == MAX and not graded["honest"]["errors"]


@pytest.mark.parametrize("student", [s for s, (_, said) in FAULTS.items() if said])
def test_each_fault_is_named_in_its_own_record(graded, student):
    record, said = graded[student], FAULTS[student][1]
    text = json.dumps(record["errors"]) + json.dumps([t["feedback"] for t in record["tests"]])
    assert said in text, text[:1000]
    assert record["score"] < MAX


def test_renamed_or_deleted_test_cells_do_not_escape_grading(graded):
    """The hidden checks come from the trusted copy, not from the student's cells:
    renaming or deleting test cells neither loses nor wins points."""
    for student in ("cells_renamed", "test_cells_deleted"):
        assert graded[student]["score"] == MAX, graded[student]["errors"]
        assert len(graded[student]["tests"]) == len(graded["honest"]["tests"])
