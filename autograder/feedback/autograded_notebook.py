"""The autograded notebook nbgrader's formgrader and ``generate_feedback`` read:
``autograded/<student>/<assignment>/<assignment>.ipynb``.

It is what ``nbgrader autograde`` would leave there, made from a results
record instead of by running the notebook again:

- the student's notebook, outputs cleared (they came from the student's own
  run), a repeated ``grade_id`` kept on its last cell only, nbgrader's metadata
  dropped from cells the gradebook does not know;
- every cell the gradebook knows gets the gradebook's (trusted) cell type,
  ``locked`` flag, points and checksum, and a locked cell (a test cell, a
  read-only cell) its trusted source, as nbgrader's ``OverwriteCells`` does;
  a test cell the student deleted is put back after the cell before it;
- each test cell's output is the grader's feedback on that exercise (points,
  failing checks, misconception), as a text stream;
- a first markdown cell says who graded it, the score and the submission's
  problems.

A ``.py`` submission, or a file that is not a readable notebook, has no
notebook to start from: the released notebook is the skeleton, each answer
cell says where the student's code is, and (for a ``.py``) the file's text
follows the note in a cell of its own. Formgrader shows every grade cell
either way.
"""
import functools
import json
import uuid
from pathlib import Path

import nbformat

import course_config
from autograder.feedback import digest as feedback_digest
from autograder.feedback import text as feedback_text
from autograder.feedback.html import path_for as feedback_path
from autograder.feedback.html_page import number
from autograder.records import atomic_write

#: Source of an answer cell when the submission was not a notebook.
ELSEWHERE = "# The submission was {what}: {where}"


def path_for(record, autograded_dir) -> Path:
    """``autograded_dir/<student>/<assignment>/<assignment>.ipynb`` (nbgrader's layout)."""
    return feedback_path(record, autograded_dir).with_suffix(".ipynb")


def write(record, data, suffix, trusted, autograded_dir) -> Path:
    """Write :func:`build`'s notebook atomically to :func:`path_for`; returns that path.

    Not fsynced: it is made again when missing or empty (``grade-all``'s catch-up).
    The JSON is compact (the C encoder; nbformat's indented output costs more
    than the rest of the recording) and not schema-validated (that would only log)."""
    notebook = build(record, data, suffix, trusted)
    text = json.dumps(notebook, sort_keys=True, ensure_ascii=False) + "\n"
    return atomic_write.write_text(path_for(record, autograded_dir), text, durable=False)


def build(record, data, suffix, trusted):
    """The autograded notebook (a NotebookNode) of one results ``record``.

    ``data`` is the graded file's bytes (None when there was none), ``suffix``
    its ``.ipynb`` or ``.py``; ``trusted`` is ``{grade_id: cell}`` of the
    gradebook's source cells, each a dict with ``cell_type``, ``source``,
    ``locked``, ``checksum`` and ``points`` (None for a cell that is not graded)."""
    nb = _student_notebook(data) if suffix == ".ipynb" else None
    if nb is None:
        nb = _skeleton(record, data, suffix)
    cells = _dedup([_cleared(c) for c in nb.cells])
    cells = _restore_missing([_trusted(c, trusted) for c in cells], trusted,
                             record["assignment"])
    digest = feedback_digest.digest(record)
    exercises = {e.name: e for e in digest.exercises}
    for cell in cells:
        if _grade_id(cell) and cell.metadata.nbgrader.get("grade") and cell.cell_type == "code":
            cell.outputs = [nbformat.from_dict({
                "output_type": "stream", "name": "stdout",
                "text": _cell_feedback(exercises.get(_grade_id(cell)), cell, digest)})]
    nb.cells = [_header(record, digest)] + cells
    nb.nbformat_minor = max(nb.nbformat_minor, 5)  # cell ids (the new cells have them)
    for cell in nb.cells:
        cell.setdefault("id", uuid.uuid4().hex[:8])
    return nb


def _student_notebook(data):
    """The submitted notebook, or None when it is not one nbformat reads."""
    if data is None:
        return None
    try:
        # nbformat.reads without the schema validation: the grader read it already
        nb = nbformat.convert(nbformat.reader.reads(data.decode("utf-8")), 4)
    except Exception:  # noqa: BLE001 - any unreadable file gets the skeleton
        return None
    return nb if isinstance(nb.get("cells"), list) else None


def _skeleton(record, data, suffix):
    """The released notebook, its answer cells pointing at the student's code."""
    aid = record["assignment"]
    nb = nbformat.convert(nbformat.reader.reads(_released_text(aid)), 4)
    if suffix == ".py" and data is not None:
        what, where = "a Python file", "its code is in the cell at the top of this notebook"
        code = _new_cell("code", data.decode("utf-8", errors="replace"), {})
        nb.cells.insert(0, code)
    else:
        what = "not a readable notebook" if data is not None else "missing"
        where = "see the problems listed at the top"
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = ELSEWHERE.format(what=what, where=where)
    return nb


def _grade_id(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _cleared(cell):
    """``cell`` without the outputs of the student's own run (nbgrader's ClearOutput)."""
    if cell.cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    return cell


def _dedup(cells):
    """A ``grade_id`` that appears more than once keeps its last cell (nbgrader's
    DeduplicateIds); the others lose nbgrader's metadata."""
    seen = set()
    for cell in reversed(cells):
        grade_id = _grade_id(cell)
        if grade_id in seen:
            del cell.metadata["nbgrader"]
        elif grade_id:
            seen.add(grade_id)
    return cells


def _trusted(cell, trusted):
    """``cell`` with the gradebook's cell type, flags, points and checksum; a
    locked cell with its trusted source; a cell the gradebook lacks loses
    nbgrader's metadata."""
    grade_id = _grade_id(cell)
    if grade_id is None:
        return cell
    if grade_id not in trusted:
        del cell.metadata["nbgrader"]
        return cell
    source = trusted[grade_id]
    if cell.cell_type != source["cell_type"]:
        cell = _new_cell(source["cell_type"], cell.source, cell.metadata)
    meta = cell.metadata.nbgrader
    meta["locked"], meta["checksum"] = bool(source["locked"]), source["checksum"]
    if source["points"] is not None:
        meta["points"] = source["points"]
    if source["locked"]:
        cell.source = source["source"]
    return cell


def _new_cell(cell_type, source, metadata):
    """A new cell, as nbformat.v4.new_*_cell makes it without validating it."""
    cell = {"cell_type": cell_type, "metadata": metadata, "source": source}
    if cell_type == "code":
        cell.update(execution_count=None, outputs=[])
    return nbformat.from_dict(cell)


def _restore_missing(cells, trusted, aid):
    """Grade cells the student deleted, back after the cell before them in
    the source notebook (at the end when that one is gone too)."""
    present = {_grade_id(c) for c in cells}
    order = [g for g in _released_order(aid) if g in trusted]
    for position, grade_id in enumerate(order):
        source = trusted[grade_id]
        if grade_id in present or source["points"] is None:
            continue
        meta = {"nbgrader": {"grade": True, "solution": False, "grade_id": grade_id,
                             "locked": True, "points": source["points"],
                             "checksum": source["checksum"], "schema_version": 3}}
        cell = _new_cell(source["cell_type"], source["source"], meta)
        before = order[position - 1] if position else None
        index = next((i + 1 for i, c in enumerate(cells) if before and _grade_id(c) == before),
                     len(cells))
        cells.insert(index, cell)
        present.add(grade_id)
    return cells


@functools.lru_cache(maxsize=None)
def _released_order(aid):
    """The ``grade_id``s of the released notebook, in order."""
    nb = nbformat.read(_released(aid), as_version=4)
    return tuple(g for g in map(_grade_id, nb.cells) if g)


@functools.lru_cache(maxsize=None)
def _released_text(aid):
    return _released(aid).read_text(encoding="utf-8")


def _released(aid):
    return course_config.COURSE_ROOT / "release" / aid / f"{aid}.ipynb"


def _cell_feedback(exercise, cell, digest):
    """What the test cell of ``exercise`` shows: its points and the feedback."""
    if exercise is None:
        points = cell.metadata.nbgrader.get("points", 0)
        reason = "; ".join(digest.problems) or "no check of this exercise ran"
        return f"autograder: 0 / {number(float(points))} points -- not graded: {reason}\n"
    lines = [f"autograder: {number(exercise.points)} / {number(exercise.max_points)} points "
             f"-- {exercise.status}"]
    if exercise.has_details:
        details = feedback_text.to_text(feedback_text.details(exercise)).splitlines()
        lines += details[1:]
    return "\n".join(lines) + "\n"


def _header(record, digest):
    """The first cell: who graded the notebook, the score, the problems."""
    lines = [f"**Graded by the course's autograder** (`python -m autograder grade-all`) "
             f"on {record.get('graded_at', '')}: **{number(digest.score)} / "
             f"{number(digest.max_score)}** points (seed {digest.seed}). "
             "Each test cell's output is the grader's feedback on that exercise."]
    lines += [f"- problem: {_escaped(p)}" for p in digest.problems]
    lines += [f"- what to do: {_escaped(a)}" for a in digest.advice]
    return _new_cell("markdown", "\n".join(lines), {})


def _escaped(text):
    """``text`` as literal Markdown (no HTML, no formatting from a student's message)."""
    return "`` " + " ".join(str(text).split()).replace("`", "'") + " ``"
