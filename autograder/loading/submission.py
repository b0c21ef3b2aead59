"""Reading a submission into the code cells the grader executes.

``.ipynb`` (nbformat 4.x, JupyterLab or classic Notebook) and ``.py`` (plain, or
jupytext percent format with ``# %%`` cell markers) are accepted. Skipped:
markdown and cells tagged ``course_config.SKIP_TAG`` ("demo": plots, training
runs). An nbgrader test cell becomes a marker (``Cell.test_for``): the grader
runs its own trusted copy of the test at that position, as nbgrader runs the
notebook top to bottom. IPython magics and shell escapes are commented out.
"""
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import course_config

MAX_BYTES = course_config.MAX_SUBMISSION_MB * 2**20
_MAGIC = re.compile(r"^(\s*)([%!]|\?\w|\w+\?$)")
_PERCENT = re.compile(r"^# %%(.*)$")


class SubmissionError(ValueError):
    """The file is not a readable submission (it still gets a grade: 0)."""


@dataclass
class Cell:
    source: str
    label: str                 # "cell 3" -- shown in error messages
    tags: list = field(default_factory=list)
    test_for: str | None = None  # grade_id of an nbgrader test cell (its source is not run)


def read(path) -> list[Cell]:
    """The cells to execute, in order. Raises SubmissionError with the reason."""
    path = Path(path)
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise SubmissionError(f"the file is {len(raw) / 2**20:.0f} MB; at most "
                              f"{MAX_BYTES // 2**20} MB is accepted (clear the outputs: Kernel > "
                              "Restart Kernel and Clear All Outputs, then save)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SubmissionError(f"the file is not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise SubmissionError("the file is empty")
    if path.suffix == ".ipynb":
        cells = _notebook_cells(text)
    elif path.suffix == ".py":
        cells = _percent_cells(text) if _PERCENT.search(text.split("\n", 1)[0]) or \
            any(_PERCENT.match(line) for line in text.splitlines()) else [Cell(text, "file")]
    else:
        raise SubmissionError(f"unsupported file type {path.suffix!r}: use .ipynb or .py")
    return [Cell(_strip_magics(c.source), c.label, c.tags, c.test_for) for c in cells
            if course_config.SKIP_TAG not in c.tags]


def _notebook_cells(text):
    try:
        nb = json.loads(text)
    except ValueError as exc:
        raise SubmissionError(f"the notebook is not valid JSON ({exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise SubmissionError("the notebook has no list of cells (is it a notebook?)")
    major = nb.get("nbformat")
    if major != 4:
        raise SubmissionError(f"nbformat {major} is not supported; save the notebook "
                              "as nbformat 4 (JupyterLab or Notebook 7 do)")
    cells = []
    for index, cell in enumerate(nb["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        grading = meta.get("nbgrader") if isinstance(meta.get("nbgrader"), dict) else {}
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        tags = meta.get("tags") if isinstance(meta.get("tags"), list) else []
        test_for = str(grading.get("grade_id")) if grading.get("grade") and \
            not grading.get("solution") else None
        cells.append(Cell("" if test_for else source, f"cell {index}",
                          [str(t) for t in tags], test_for))
    return cells


def _percent_cells(text):
    cells, header, lines, number = [], "", [], 0
    for line in text.splitlines(keepends=True):
        match = _PERCENT.match(line.rstrip("\n"))
        if match:
            if lines or number:
                cells.append(_percent_cell(header, lines, number))
            header, lines, number = match.group(1), [], number + 1
        else:
            lines.append(line)
    cells.append(_percent_cell(header, lines, number))
    return [c for c in cells if c is not None]


def _percent_cell(header, lines, number):
    if "[markdown]" in header or "[md]" in header:
        return None
    tags = re.search(r"tags\s*=\s*\[([^\]]*)\]", header)
    tags = [t.strip().strip("\"'") for t in tags.group(1).split(",")] if tags else []
    grade_id = re.search(r'"grade_id":\s*"([^"]+)"', header)
    if grade_id and re.search(r'"grade":\s*true', header) and \
            re.search(r'"solution":\s*false', header):  # an nbgrader test cell (jupytext)
        return Cell("", f"cell {number}", [t for t in tags if t], grade_id.group(1))
    return Cell("".join(lines), f"cell {number}", [t for t in tags if t])


def _strip_magics(source):
    return "\n".join(f"{m.group(1)}pass  # {line.strip()}" if (m := _MAGIC.match(line))
                     else line for line in source.split("\n"))
