"""Reading submissions: notebooks from JupyterLab/classic Notebook, plain and
percent-format .py files, skipped cells, and files that are not submissions."""
import json

import nbformat
import pytest

from autograder.loading import submission


def notebook(cells, nbformat_major=4, minor=5):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    data = nbformat.from_dict(nb)
    data["nbformat"], data["nbformat_minor"] = nbformat_major, minor
    return json.dumps(data)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text) if isinstance(text, str) else path.write_bytes(text)
    return path


def test_notebook_keeps_code_skips_markdown_tests_and_demo_cells(tmp_path):
    test_cell = nbformat.v4.new_code_cell("assert False")
    test_cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": "f",
                                      "points": 1, "locked": True, "schema_version": 3}
    demo = nbformat.v4.new_code_cell("plot()")
    demo.metadata["tags"] = ["demo"]
    cells = [nbformat.v4.new_markdown_cell("# theory"), nbformat.v4.new_code_cell("x = 1"),
             test_cell, demo, nbformat.v4.new_code_cell("%matplotlib inline\ny = 2")]
    read = submission.read(write(tmp_path, "a.ipynb", notebook(cells)))
    assert [c.source.split("\n")[-1] for c in read] == ["x = 1", "", "y = 2"]
    assert read[1].test_for == "f" and read[0].test_for is None
    assert read[2].source.startswith("pass  # %matplotlib")


@pytest.mark.parametrize("minor", [0, 4, 5])
def test_any_nbformat_4_minor_version_loads(tmp_path, minor):
    text = notebook([nbformat.v4.new_code_cell("x = 1")], minor=minor)
    assert submission.read(write(tmp_path, "a.ipynb", text))[0].source == "x = 1"


def test_classic_notebook_list_sources_load(tmp_path):
    nb = {"nbformat": 4, "nbformat_minor": 2, "metadata": {},
          "cells": [{"cell_type": "code", "metadata": {}, "outputs": [],
                     "execution_count": None, "source": ["x = 1\n", "y = x + 1"]}]}
    assert submission.read(write(tmp_path, "a.ipynb", json.dumps(nb)))[0].source == "x = 1\ny = x + 1"


def test_percent_py_cells_tags_and_test_cells(tmp_path):
    text = ('# %%\nimport math\n\n# %% [markdown]\n# text\n\n'
            '# %% tags=["demo"]\nslow()\n\n'
            '# %% nbgrader={"grade": true, "grade_id": "f", "solution": false}\nassert 0\n\n'
            '# %%\ndef f():\n    return 1\n')
    read = submission.read(write(tmp_path, "a.py", text))
    assert [c.source.strip() for c in read] == ["import math", "", "def f():\n    return 1"]
    assert [c.test_for for c in read] == [None, "f", None]


def test_plain_py_is_one_cell(tmp_path):
    read = submission.read(write(tmp_path, "a.py", "def f():\n    return 1\n"))
    assert len(read) == 1 and "def f" in read[0].source


@pytest.mark.parametrize("name,content,reason", [
    ("a.ipynb", "{not json", "not valid JSON"),
    ("a.ipynb", json.dumps({"nbformat": 5, "cells": []}), "nbformat 5"),
    ("a.ipynb", json.dumps([1, 2]), "no list of cells"),
    ("a.py", b"\xff\xfe\x00bad", "not UTF-8"),
    ("a.py", "", "empty"),
    ("a.txt", "x = 1", "unsupported file type"),
])
def test_unreadable_submissions_say_why(tmp_path, name, content, reason):
    with pytest.raises(submission.SubmissionError, match=reason):
        submission.read(write(tmp_path, name, content))


def test_huge_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.ipynb"
    with open(path, "wb") as f:
        f.truncate(50 * 2**20)
    with pytest.raises(submission.SubmissionError, match="MB"):
        submission.read(path)
