"""nbgrader's formgrader shows ``grade-all``'s work, in a real browser.

A scratch course (the assignment's source, the course's nbgrader
configuration, two students) is graded by ``grade-all``; a Jupyter server
with nbgrader's formgrader serves it on localhost and headless Chromium
(Debian's, through Selenium) opens its pages: the submission list shows
each student's score from the results file, the manual-grading page shows
each test cell's feedback and stores a score and a comment typed into it,
and a later ``grade-all --regrade`` keeps both. ``nbgrader
generate_feedback`` works on the autograded notebooks.

The tests run in file order on one server and one browser: the regrade test
needs the hand score the manual-grading test typed.

``AUTOGRADER_SCREENSHOTS=DIR`` also writes small PNGs of the two pages to
``DIR`` (the README's, in docs/img/); the full-size ones always go to the
test's temporary folder.
"""
import contextlib
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from autograder.course import nbgrader_cli
from tests import browser, classroom
from tests.conftest import ROOT
from tests.test_batch import grade_all_here, records

AID = "07_combinatorics"
STUDENTS = {"alice": "correct", "bob": "wrong"}
NAMES = {"alice": ("Alice", "Liddell"), "bob": ("Bob", "Dylan")}
HAND = {"student": "bob", "cell": "n_permutations", "score": 1.5,
        "comment_cell": "n_permutations_answer",
        "comment": "Right idea; P(n, k) is 0 when k > n <checked by hand & 'quoted'>"}
WAIT = 20  # seconds a page may take to show what it loads


#: Only formgrader among the server's extensions (JupyterLab and the rest start slower).
ONLY_FORMGRADER = {"ServerApp": {"jpserver_extensions": {
    name: name == "nbgrader.server_extensions.formgrader" for name in (
        "nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.assignment_list",
        "nbgrader.server_extensions.course_list", "nbgrader.server_extensions.validate_assignment",
        "jupyterlab", "jupyter_lsp", "jupyterlab_jupytext", "notebook", "notebook_shim",
        "jupyter_server_terminals")}}}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder in nbgrader's layout, its students' work submitted."""
    browser.browser_or_skip()
    course = tmp_path_factory.mktemp("formgrader-course")
    shutil.copytree(ROOT / "source" / AID, course / "source" / AID)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(ROOT / 'nbgrader_config.py')!r})  # noqa: F821\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        f"c.CourseDirectory.db_url = {_db(course)!r}\n"
        # nbgrader's feedback beside grade-all's pages (both use feedback/ by default)
        "c.CourseDirectory.feedback_directory = 'nbgrader_feedback'\n")
    for index, (student, kind) in enumerate(STUDENTS.items()):
        classroom.write(course / "submitted", student, AID, classroom.notebook(AID, kind, index))
    return course


@pytest.fixture(scope="module")
def formgrader(course, tmp_path_factory, warm_pool):
    """``(server, driver)``: formgrader on ``course`` once ``grade-all`` has
    graded it, and a browser logged in to it. The server and the browser start
    while the batch grades."""
    config = tmp_path_factory.mktemp("jupyter") / "only_formgrader.json"
    config.write_text(json.dumps(ONLY_FORMGRADER))
    with contextlib.ExitStack() as stack, ThreadPoolExecutor(2) as starting:
        server = starting.submit(stack.enter_context, browser.jupyter_server(
            course, f"--ServerApp.config_file={config}"))
        driver = starting.submit(stack.enter_context, browser.chromium(
            tmp_path_factory.mktemp("chromium")))
        grade_all_here(course, warm_pool, aid=AID)
        server, driver = server.result(), driver.result()
        _name_the_students(course)
        server.login(driver)
        yield server, driver


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


def test_the_submission_list_shows_each_students_score_from_the_results_file(formgrader, course,
                                                                            shots):
    server, driver = formgrader
    driver.get(f"{server.url}/formgrader/manage_submissions/{AID}")
    rows = _wait_for_rows(driver, "#main-table tr", len(STUDENTS))
    shown = {row[1]: row for row in rows}
    for student, record in records(course, AID).items():
        assert student in shown, (student, rows)
        last, first = NAMES[student][1], NAMES[student][0]
        assert shown[student][0] == f"{last}, {first}", shown[student]
        assert shown[student][3] == "graded", shown[student]   # formgrader sees it autograded
        assert shown[student][4] == f"{_fmt(record['score'])} / {_fmt(record['max_score'])}"
    assert {r["score"] for r in records(course, AID).values()} != {20.0}, "no partial score"
    _screenshot(driver, shots, "formgrader-submissions")


def test_the_manual_grading_page_shows_the_feedback_and_stores_a_hand_score_and_comment(
        formgrader, course, shots):
    from selenium.webdriver.common.by import By
    server, driver = formgrader
    auto = _grade(course).auto_score
    assert auto < 2, "bob's wrong answer is in n_permutations"
    driver.get(f"{server.url}/formgrader/submissions/{_submission_id(course)}/")
    score = _wait(driver, lambda: _loaded(driver, f"input.score#{HAND['cell']}"))
    assert float(score.get_attribute("placeholder")) == pytest.approx(auto)  # no hand score yet
    assert score.get_attribute("value") == ""
    # the test cell (its input and, after it, its output): nbconvert's "cell" block
    cell = score.find_element(By.XPATH, "ancestor::div[contains(@class, 'code_cell')]")
    assert f"autograder: {_fmt(auto)} / 2 points" in cell.text, cell.text
    assert "checks fail" in cell.text
    _type(driver, score, str(HAND["score"]))
    _type(driver, driver.find_element(By.ID, f"{HAND['comment_cell']}-comment"), HAND["comment"])
    _wait(driver, lambda: _grade(course).manual_score == HAND["score"]
          and _comment(course).manual_comment == HAND["comment"])
    assert not _grade(course).needs_manual_grade
    driver.execute_script(  # the comment at the top, under the navigation bar
        "window.scrollTo(0, arguments[0].getBoundingClientRect().top + window.scrollY - 70);",
        driver.find_element(By.ID, f"{HAND['comment_cell']}-comment"))
    _screenshot(driver, shots, "formgrader-manual-grading")


def test_grade_all_regrade_keeps_the_hand_score_and_comment(formgrader, course, warm_pool):
    from selenium.webdriver.common.by import By
    server, driver = formgrader
    auto = _grade(course).auto_score
    before = records(course, AID)
    grade_all_here(course, warm_pool, "--regrade", aid=AID)
    assert all(records(course, AID)[s]["run"] != before[s]["run"] for s in STUDENTS)
    grade, comment = _grade(course), _comment(course)
    assert (grade.manual_score, grade.auto_score) == (HAND["score"], pytest.approx(auto))
    assert comment.manual_comment == HAND["comment"]
    assert not grade.needs_manual_grade, "the same auto score asks for no new review"
    driver.get(f"{server.url}/formgrader/submissions/{_submission_id(course)}/")
    score = _wait(driver, lambda: _loaded(driver, f"input.score#{HAND['cell']}"))
    assert float(score.get_attribute("value")) == HAND["score"]
    text = driver.find_element(By.ID, f"{HAND['comment_cell']}-comment").get_attribute("value")
    assert text == HAND["comment"]


def test_nbgrader_generate_feedback_works_on_the_autograded_notebooks(formgrader, course):
    from nbgrader.api import Gradebook
    nbgrader_cli.run(course, "generate_feedback", AID, db_url=_db(course))
    with Gradebook(_db(course)) as gb:
        totals = {s: (gb.find_submission(AID, s).score, gb.find_submission(AID, s).max_score)
                  for s in STUDENTS}
    for student, (score, top) in totals.items():
        page = (course / "nbgrader_feedback" / student / AID / f"{AID}.html").read_text()
        assert f"Score: {score:.1f} / {top:.1f}" in page, student
        assert "BEGIN HIDDEN TESTS" not in page and "grade_exercise" not in page
        assert "autograder: " in page
    assert totals["bob"][0] == pytest.approx(records(course, AID)["bob"]["score"]
                                             - _grade(course).auto_score + HAND["score"])


# -- helpers -----------------------------------------------------------------------


def _db(course):
    return f"sqlite:///{course / 'gradebook.db'}"


def _name_the_students(course):
    """First and last names in the gradebook, as a class roster would give them."""
    from nbgrader.api import Gradebook
    with Gradebook(_db(course)) as gb:
        for student, name in NAMES.items():
            gb.update_or_create_student(student, first_name=name[0], last_name=name[1])


def _fmt(x):
    """A score as formgrader's pages show it (two decimals at most)."""
    return f"{round(float(x), 2):g}"


def _submission_id(course):
    from nbgrader.api import Gradebook
    with Gradebook(_db(course)) as gb:
        return gb.find_submission_notebook(AID, AID, HAND["student"]).id


def _grade(course):
    from nbgrader.api import Gradebook
    with Gradebook(_db(course)) as gb:
        grade = gb.find_grade(HAND["cell"], AID, AID, HAND["student"])
        gb.db.expunge(grade)
        return grade


def _comment(course):
    from nbgrader.api import Gradebook
    with Gradebook(_db(course)) as gb:
        comment = gb.find_comment(HAND["comment_cell"], AID, AID, HAND["student"])
        gb.db.expunge(comment)
        return comment


def _wait(driver, condition):
    """``condition()``'s first true value within WAIT seconds (fails after); an
    element the page's script replaced meanwhile means: not yet."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait
    return WebDriverWait(driver, WAIT, poll_frequency=0.2,
                         ignored_exceptions=(StaleElementReferenceException,)
                         ).until(lambda _: condition())


def _loaded(driver, selector):
    """The score input at ``selector`` once formgrader's script has filled it
    in (the automatic score as its placeholder)."""
    from selenium.webdriver.common.by import By
    found = driver.find_elements(By.CSS_SELECTOR, selector)
    return found[0] if found and found[0].get_attribute("placeholder") else None


def _type(driver, field, text):
    """Type ``text`` into ``field`` as an instructor does: click it, replace
    what it holds, leave it with Tab (formgrader saves a field when it changes)."""
    from selenium.webdriver.common.keys import Keys
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", field)
    field.click()
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(text, Keys.TAB)


def _wait_for_rows(driver, selector, count):
    """The cell texts of the table rows at ``selector`` once there are ``count``."""
    from selenium.webdriver.common.by import By

    def rows():
        found = [[td.text.strip() for td in tr.find_elements(By.TAG_NAME, "td")]
                 for tr in driver.find_elements(By.CSS_SELECTOR, selector)]
        found = [r for r in found if len(r) > 4 and r[1]]   # not the "Loading" row
        return found if len(found) == count else None
    return _wait(driver, rows)


def _screenshot(driver, folder, name):
    """The page into ``folder``; a small copy into $AUTOGRADER_SCREENSHOTS if set."""
    path = Path(folder) / f"{name}.png"
    driver.save_screenshot(str(path))
    assert path.stat().st_size > 0
    target = os.environ.get("AUTOGRADER_SCREENSHOTS")
    if target:
        _small_copy(path, Path(target) / path.name)


def _small_copy(path, target, width=900, colours=64):
    """``path`` scaled to ``width`` pixels and reduced to ``colours`` (a PNG
    under 80 KB for the README)."""
    from PIL import Image
    target.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(path) as image:
        image = image.convert("RGB")
        image = image.resize((width, round(image.height * width / image.width)),
                             Image.LANCZOS)
        image.quantize(colors=colours).save(target, optimize=True)
