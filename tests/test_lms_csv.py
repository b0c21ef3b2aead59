"""The LMS import files ``report`` writes (canvas.csv, moodle.csv): golden
outputs for a small class, then the properties each LMS relies on -- a column
per graded assignment, the score after the late penalty, an empty cell (no
grade, not 0) for missing work, students named through the roster and the
unnamed ones warned about and named by their nbgrader id.

Rewrite the goldens after a deliberate change: ``--update-goldens``."""
import contextlib
import csv
import io
import os
from pathlib import Path

import pytest

import course_config
from autograder import cli
from autograder.course import assignments
from autograder.feedback import lms_csv, roster
from autograder.records import results_file
from tests.test_feedback_golden import update_goldens  # noqa: F401 (a fixture)

GOLDEN = Path(__file__).parent / "golden" / "lms"
AID, OTHER = "01_entropy_fundamentals", "10_batch_normalization"
ROSTER = '''id,first_name,last_name,email,lms_user_id,sis_user_id,sis_login_id,section,idnumber,username,extra
ada,Ada,"Lovelace, Countess",ada@example.org,98765,S1815,ada.l,Section 1,1815,alovelace,ignored
ben,Ben,O'Brien,ben@example.org,98766,S1990,ben.o,"Section 2, ""evening""",1990,bobrien,
'''


def record(student, aid, score, penalty=None):
    """A results record as grade-all writes it (only what the files read)."""
    made = {"student": student, "assignment": aid, "score": score,
            "max_score": assignments.get(aid).max_score, "tests": [], "errors": []}
    if penalty is not None:
        made["late"] = {"due": "2026-12-01T23:00:00", "submitted": "2026-12-02T02:10:00",
                        "seconds": 11400.0, "policy": "per_hour", "points_per_hour": 1.0,
                        "penalty": penalty}
    return made


@pytest.fixture
def results_dir(tmp_path):
    """ada did both assignments, ben the first one late (3 points off), zed
    (not in the roster) only the second."""
    folder = tmp_path / "results"
    made = {AID: [record("ada", AID, 18.5), record("ben", AID, 7.25, penalty=3.0)],
            OTHER: [record("ada", OTHER, 15.0), record("zed", OTHER, 2.0 / 3.0)]}
    for aid, records in made.items():
        with results_file.ResultsFile(results_file.path_for(folder, aid)) as results:
            for r in records:
                results.append(r)
    return folder


@pytest.fixture
def roster_file(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def report(results_dir, out, *extra):
    """``report AID`` into ``out``: (exit code, stdout, stderr)."""
    out_err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out_err[0]), contextlib.redirect_stderr(out_err[1]):
        code = cli.main(["report", AID, "--results-dir", str(results_dir),
                         "--out-dir", str(out), *extra])
    return code, out_err[0].getvalue(), out_err[1].getvalue()


def test_files_match_their_goldens(results_dir, roster_file, tmp_path, update_goldens):
    paths, unmapped = lms_csv.write(results_dir, tmp_path / "out", roster.read(roster_file))
    assert [p.name for p in paths] == ["canvas.csv", "moodle.csv"] and unmapped == ["zed"]
    for path in paths:
        golden = GOLDEN / path.name
        if update_goldens:
            golden.parent.mkdir(exist_ok=True)
            golden.write_bytes(path.read_bytes())
            continue
        assert path.read_bytes() == golden.read_bytes(), (
            f"{path.name} differs from its golden; if meant, rerun with --update-goldens")


def test_canvas_layout_points_possible_and_empty_cells(results_dir, roster_file, tmp_path):
    lms_csv.write(results_dir, tmp_path, roster.read(roster_file))
    header, possible, *students = rows(tmp_path / "canvas.csv")
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", AID, OTHER]
    assert possible == ["Points Possible", "", "", "", "",
                        f"{assignments.get(AID).max_score:g}", f"{assignments.get(OTHER).max_score:g}"]
    by_id = {row[1] or row[3]: row for row in students}
    assert by_id["98765"] == ["Lovelace, Countess, Ada", "98765", "S1815", "ada.l", "Section 1",
                              "18.5", "15"]
    assert by_id["98766"][4] == 'Section 2, "evening"'
    assert by_id["98766"][5:] == ["4.25", ""]          # 7.25 less 3 late; no record: empty
    assert by_id["zed"] == ["zed", "", "", "zed", "", "", "0.666667"]


def test_moodle_layout_and_what_its_reader_takes_as_no_grade(results_dir, roster_file, tmp_path):
    lms_csv.write(results_dir, tmp_path, roster.read(roster_file))
    header, *students = rows(tmp_path / "moodle.csv")
    assert header == ["First name", "Last name", "ID number", "Username", "Email address",
                      AID, OTHER]
    assert students[0] == ["Ada", "Lovelace, Countess", "1815", "alovelace", "ada@example.org",
                           "18.5", "15"]
    # Moodle's load_data.php: '' or '-' is no grade, anything else must be a number
    grades = {row[3]: [None if v in ("", "-") else float(v) for v in row[5:]] for row in students}
    assert grades == {"alovelace": [18.5, 15.0], "bobrien": [4.25, None],
                      "zed": [None, pytest.approx(2 / 3, abs=1e-6)]}


def test_canvas_assignment_ids_go_into_the_column_names(results_dir, tmp_path, monkeypatch):
    monkeypatch.setitem(course_config.LMS, "canvas_assignment_ids", {OTHER: "4711"})
    lms_csv.write(results_dir, tmp_path, None)
    assert rows(tmp_path / "canvas.csv")[0][5:] == [AID, f"{OTHER} (4711)"]


def test_report_writes_both_and_warns_about_students_the_roster_lacks(
        results_dir, roster_file, tmp_path):
    code, out, err = report(results_dir, tmp_path / "r", "--roster", str(roster_file))
    assert code == 0
    assert out.split()[-2:] == [str(tmp_path / "r" / "canvas.csv"), str(tmp_path / "r" / "moodle.csv")]
    assert "warning: 1 student(s) not named in" in err and err.rstrip().endswith(": zed")
    code, _, err = report(results_dir, tmp_path / "none")
    assert code == 0 and "3 student(s) not named (no roster" in err
    moodle = rows(tmp_path / "none" / "moodle.csv")
    assert [row[3] for row in moodle[1:]] == ["ada", "ben", "zed"]   # Username: the nbgrader id


def test_the_warning_names_ten_students_and_counts_the_rest(tmp_path):
    folder = tmp_path / "results"
    with results_file.ResultsFile(results_file.path_for(folder, AID)) as results:
        for number in range(13):
            results.append(record(f"s{number:02d}", AID, 1.0))
    code, _, err = report(folder, tmp_path / "r")
    assert code == 0 and "13 student(s) not named" in err
    assert err.rstrip().endswith("s00, s01, s02, s03, s04, s05, s06, s07, s08, s09 and 3 more")


def test_roster_from_course_config_relative_to_the_course_root(results_dir, roster_file,
                                                              tmp_path, monkeypatch):
    relative = os.path.relpath(roster_file, course_config.COURSE_ROOT)
    monkeypatch.chdir(tmp_path.parent)            # not where a relative path is read from
    monkeypatch.setitem(course_config.LMS, "roster", relative)
    code, _, err = report(results_dir, tmp_path / "r")
    assert code == 0 and err.rstrip().endswith(": zed")


@pytest.mark.parametrize("text, says", [
    ("student,email\nada,a@x\n", "no 'id' column"),
    ("id,email\nada,a@x\nada,b@x\n", "line 3: student 'ada' is listed twice"),
])
def test_a_bad_roster_exits_2_before_writing_anything(results_dir, tmp_path, text, says):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    code, _, err = report(results_dir, tmp_path / "r", "--roster", str(path))
    assert code == 2 and says in err and not (tmp_path / "r").exists()


def test_a_spreadsheets_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("id,first_name\nada,Ada\n".encode("utf-8-sig"))
    assert roster.read(path)["ada"].first_name == "Ada"
