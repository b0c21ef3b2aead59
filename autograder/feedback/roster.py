"""The class roster: who each nbgrader student is in the LMS.

An optional CSV file (``course_config.LMS["roster"]`` or ``report --roster``)
with a header row. Its columns extend those of ``nbgrader db student import``
(``id, first_name, last_name, email, lms_user_id``) with Canvas's
``sis_user_id, sis_login_id, section`` and Moodle's ``idnumber, username``;
only ``id`` (the nbgrader student id) is required, other columns are ignored,
an empty cell is an unknown field.
"""
import csv
from dataclasses import dataclass, fields
from pathlib import Path


class RosterError(ValueError):
    """The roster file cannot be used (no id column, a student twice)."""


@dataclass(frozen=True)
class Identity:
    id: str                 # nbgrader student id
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_user_id: str = ""   # Canvas's numeric user ID
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    idnumber: str = ""      # Moodle's ID number
    username: str = ""      # Moodle's username

    @property
    def sortable_name(self) -> str:
        """'Last, First' as Canvas lists students ('' when both are unknown)."""
        return ", ".join(part for part in (self.last_name, self.first_name) if part)


FIELDS = [f.name for f in fields(Identity)]


def read(path) -> dict[str, Identity]:
    """``{nbgrader id: Identity}`` of the roster file at ``path`` (UTF-8, with or
    without the byte-order mark spreadsheets write)."""
    with open(Path(path), newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    if rows and "id" not in rows[0]:
        raise RosterError(f"{path}: no 'id' column (the nbgrader student id); "
                          f"columns: {', '.join(FIELDS)}")
    found = {}
    for number, row in enumerate(rows, start=2):
        values = {k: (row.get(k) or "").strip() for k in FIELDS}
        if not values["id"]:
            continue
        if values["id"] in found:
            raise RosterError(f"{path}, line {number}: student {values['id']!r} is listed twice")
        found[values["id"]] = Identity(**values)
    return found
