"""The autograded notebook ``grade-all`` writes for formgrader
(``autograder.feedback.autograded_notebook``): the student's notebook with the
trusted test cells and the grader's feedback as their outputs, whatever the
student did to the notebook; a skeleton when there is no notebook."""
import copy
import json

import nbformat
import pytest
from nbconvert.filters import markdown2html

from autograder.feedback import autograded_notebook
from tests import graded_records
from tests.conftest import ROOT

AID = graded_records.AID
RELEASED = ROOT / "release" / AID / f"{AID}.ipynb"
TAMPERED = "assert True  # the student's own test"


@pytest.fixture(scope="module")
def records():
    return graded_records.records(AID)


@pytest.fixture(scope="module")
def trusted():
    """The released notebook's nbgrader cells, as the gradebook hands them out."""
    cells = {}
    for cell in json.loads(RELEASED.read_text())["cells"]:
        meta = cell["metadata"].get("nbgrader")
        if meta:
            cells[meta["grade_id"]] = dict(
                cell_type=cell["cell_type"], source="".join(cell["source"]),
                locked=meta.get("locked", False), checksum=meta.get("checksum"),
                points=meta.get("points") if meta.get("grade") else None)
    return cells


def released():
    return nbformat.read(RELEASED, as_version=4)


def graded_cells(nb):
    return {c.metadata.nbgrader["grade_id"]: c for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")}


def per_exercise(record):
    points = {}
    for test in record["tests"]:
        points[test["exercise"]] = points.get(test["exercise"], 0) + test["points"]
    return points


def test_each_test_cell_shows_its_exercises_points_and_feedback(records, trusted):
    record = records["cy"]          # one wrong answer: entropy in nats
    nb = autograded_notebook.build(record, nbformat.writes(released()).encode(), ".ipynb",
                                   trusted)
    nbformat.validate(nb)
    cells = graded_cells(nb)
    assert set(cells) == set(per_exercise(record))
    for exercise, points in per_exercise(record).items():
        (output,) = cells[exercise].outputs
        assert output.output_type == "stream"
        assert output.text.startswith(f"autograder: {points:g} / "), output.text
    wrong = [e for e, p in per_exercise(record).items() if p < trusted[e]["points"]]
    assert wrong and all("checks fail" in cells[e].outputs[0].text for e in wrong)
    assert f"**{record['score']:g} / {record['max_score']:g}**" in nb.cells[0].source


def test_the_students_tampering_is_undone_as_nbgrader_undoes_it(records, trusted):
    nb = released()
    tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    first, second = tests[0], tests[1]
    first.source, first.metadata.nbgrader["points"] = TAMPERED, 1000
    first.outputs = [nbformat.v4.new_output("stream", name="stdout", text="all passed!")]
    nb.cells.remove(second)                                       # a deleted test cell
    rogue = nbformat.v4.new_code_cell("x = 1", metadata={"nbgrader": {
        "grade": True, "grade_id": "free_points", "points": 50, "locked": True}})
    nb.cells.append(rogue)                                        # a cell nbgrader never made
    twin = copy.deepcopy(first)
    twin.id = "twin"
    nb.cells.insert(0, twin)                                      # the same grade_id twice
    out = autograded_notebook.build(records["ada"], nbformat.writes(nb).encode(), ".ipynb",
                                    trusted)
    cells = graded_cells(out)
    grade_id = first.metadata.nbgrader["grade_id"]
    assert cells[grade_id].source == trusted[grade_id]["source"]
    assert cells[grade_id].metadata.nbgrader["points"] == trusted[grade_id]["points"]
    assert "all passed!" not in json.dumps(out)
    assert "free_points" not in cells
    assert [c for c in out.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id] \
        == [cells[grade_id]]
    order = [c.metadata.nbgrader["grade_id"] for c in out.cells
             if c.metadata.get("nbgrader", {}).get("grade_id")]
    released_order = [c.metadata.nbgrader["grade_id"] for c in released().cells
                      if c.metadata.get("nbgrader")]
    assert order == released_order, "the deleted test cell is back in its place"


@pytest.mark.parametrize("student,suffix", [("ada", ".py"), ("fay", ".ipynb"), ("gus", ".py")])
def test_a_submission_that_is_no_notebook_gets_the_released_skeleton(records, trusted, student,
                                                                     suffix):
    what = graded_records.SUBMISSIONS[AID][student]
    data = what.read_bytes() if hasattr(what, "read_bytes") else what
    nb = autograded_notebook.build(records[student], data, suffix, trusted)
    nbformat.validate(nb)
    assert set(graded_cells(nb)) == {g for g, c in trusted.items() if c["points"] is not None}
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert answers and all("NotImplementedError" not in c.source for c in answers)
    if suffix == ".py":
        assert nb.cells[1].source == data.decode()    # the student's file, under the header


def test_no_file_at_all_still_gives_every_grade_cell(records, trusted):
    record = dict(records["fay"], errors=["no notebook: expected it in the folder"])
    nb = autograded_notebook.build(record, None, "", trusted)
    assert set(graded_cells(nb)) == {g for g, c in trusted.items() if c["points"] is not None}
    assert "no notebook: expected it" in nb.cells[0].source


def test_student_text_in_the_header_stays_text(records, trusted):
    record = records["gus"]          # raised RuntimeError("<script>alert('owned')</script>")
    nb = autograded_notebook.build(record, b"", ".py", trusted)
    html = markdown2html(nb.cells[0].source)
    assert "alert" in html and "<script>" not in html


def test_write_puts_it_where_nbgrader_looks_atomically(records, trusted, tmp_path):
    record = records["ben"]
    path = autograded_notebook.write(record, RELEASED.read_bytes(), ".ipynb", trusted, tmp_path)
    assert path == tmp_path / "ben" / AID / f"{AID}.ipynb"
    assert nbformat.read(path, as_version=4).cells[0].cell_type == "markdown"
    assert [p.name for p in path.parent.iterdir()] == [path.name]   # no temporary left
    with pytest.raises(ValueError):
        autograded_notebook.path_for(dict(record, student=".."), tmp_path)
