"""nbgrader's own tools work on this course and agree with the project's grader:
same points per test cell on honest submissions, and feedback without hidden
tests.

nbgrader runs once per session for every assignment, in two course folders side
by side (one per core), each holding its share of the assignments (by weight):
one ``generate_assignment "*"``, one ``autograde "*"`` and one
``generate_feedback "*"`` per folder. The reference solution is handed in
whole; the stub, and one notebook holding three wrong answers in different
exercises, without their ``demo`` cells (plots, training runs: what nbgrader
spends most of its time on, and what the project's grader never runs), so the
demo cells' effect on grading is proven once per assignment, not three times.
The project's grader grades the same notebooks meanwhile, on the session's warm
grade-all workers."""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import course_config
from autograder.course import nbgrader_cli
from tests.conftest import ASSIGNMENT_IDS, ROOT, charge
from tests.mutants import honest_submissions, mistakes_notebook

LANES = 2
#: Each lane's kernels run on one core: a PyTorch thread per core would fight the other lane.
ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
#: Relative nbgrader time of the assignments (measured; a new one counts as 1.5):
#: the lanes share them out by weight so that they end together.
WEIGHT = {"00_probability_foundations": 1.0, "01_entropy_fundamentals": 1.0,
          "02_kl_divergence": 1.0, "03_normal_distributions": 1.2,
          "04_vae_variational_inference": 4.3, "10_batch_normalization": 2.3,
          "11_learning_rate": 1.5,
          "12_convolutional_networks": 2.0,
          "13_recurrent_networks": 1.4, "14_mutual_information": 1.0,
          "15_information_bottleneck": 1.5, "16_language_modeling": 2.0,
          "05_logarithm_in_ml": 1.0, "06_probability_ml_concepts": 1.2,
          "07_combinatorics": 0.6, "08_backpropagation": 1.5, "09_regularization": 1.5, "physics_01_entropy_physics": 0.5,
          "physics_02_carnot_cycle": 0.8}
_CONVERTING = re.compile(
    r"Converting notebook .*/(?:source/\.|(?:submitted|autograded)/[^/]+)/([^/]+)/[^/]+\.ipynb")


def submissions(aid):
    """``{student: notebook}``: the reference whole, the stub, and three wrong answers
    in different exercises in one notebook (tests.mutants.mistakes_notebook), the
    last two without their demo cells."""
    subs = honest_submissions(aid, wrong=0)
    subs["mistakes"] = mistakes_notebook(aid)[1]
    for student, nb in subs.items():
        if student != "reference":
            nb = subs[student] = copy.deepcopy(nb)
            nb["cells"] = [c for c in nb["cells"]
                           if course_config.SKIP_TAG not in c.get("metadata", {}).get("tags", [])]
    return subs


def nbgrader(course, *args):
    """``nbgrader ARGS`` as :func:`nbgrader_cli.run` runs it (the course's own
    configuration, its own gradebook), its output read as it comes:
    ``{assignment: seconds}`` of the notebooks it converted (the start-up
    split evenly among them). Raises when nbgrader fails."""
    env = dict(os.environ, PYTHONWARNINGS="ignore", **ONE_THREAD,
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "nbgrader", *args,
                             f"--CourseDirectory.root={course}",
                             f"--CourseDirectory.db_url=sqlite:///{course / 'gradebook.db'}"],
                            cwd=course, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    spent, current, mark, lines = {}, None, started, []
    for line in proc.stdout:
        lines.append(line)
        found = _CONVERTING.search(line)
        if found:
            now = time.monotonic()
            if current is not None:
                spent[current] = spent.get(current, 0.0) + now - mark
            current, mark = found.group(1), now
    proc.wait()
    ended = time.monotonic()
    if current is not None:
        spent[current] = spent.get(current, 0.0) + ended - mark
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{''.join(lines)[-5000:]}")
    overhead = (ended - started) - sum(spent.values())
    for aid in spent:
        spent[aid] += overhead / len(spent)
    return spent


class Lanes:
    """Course folders graded side by side, each with its share of the assignments
    (heaviest first, each to the lane with the least weight so far), in one
    nbgrader run per command: nbgrader's start-up costs more than a notebook."""

    def __init__(self, folders, subs):
        self.subs = subs
        shares = {folder: [] for folder in folders}
        for aid in sorted(subs, key=lambda a: -WEIGHT.get(a, 1.5)):
            lightest = min(shares, key=lambda f: sum(WEIGHT.get(a, 1.5) for a in shares[f]))
            shares[lightest].append(aid)
        self.where = {aid: folder for folder, aids in shares.items() for aid in aids}
        self.spent, self.failures = {}, []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.lane, args=(f, aids))
                        for f, aids in shares.items() if aids]

    def run(self):
        for thread in self.threads:
            if thread.ident is None:
                thread.start()
        for thread in self.threads:
            thread.join()
        if self.failures:
            raise self.failures[0]

    def _count(self, spent):
        with self.lock:
            for aid, seconds in spent.items():
                self.spent[aid] = self.spent.get(aid, 0.0) + seconds

    def lane(self, course, aids):
        try:
            for aid in aids:
                shutil.copytree(ROOT / "source" / aid, course / "source" / aid)
            shutil.copy(ROOT / "nbgrader_config.py", course)  # the course's real configuration
            self._count(nbgrader(course, "generate_assignment", "*", "--force"))
            for aid in aids:
                for student, nb in self.subs[aid].items():
                    folder = course / "submitted" / student / aid
                    folder.mkdir(parents=True)
                    (folder / f"{aid}.ipynb").write_text(json.dumps(nb))
            self._count(nbgrader(course, "autograde", "*", "--force"))
            self._count(nbgrader(course, "generate_feedback", "*", "--force"))
        except BaseException as exc:  # noqa: BLE001 - raised by run()
            self.failures.append(exc)


def ours(pool, subs):
    """``{(aid, student): record}``: the same notebooks graded by the project's
    grader (``grade-all``'s ``grading_task.grade``, on the session's warm
    workers) with nbgrader's seed."""
    from autograder.batch.grading_task import Task
    from autograder.loading.collect import digest
    tasks = []
    for aid, notebooks in sorted(subs.items(), key=lambda kv: -WEIGHT.get(kv[0], 1.5)):
        for student, nb in notebooks.items():
            data = json.dumps(nb).encode()
            tasks.append(Task(aid, student, f"submitted/{student}/{aid}/{aid}.ipynb", ".ipynb",
                              data, seed=course_config.NBGRADER_SEED, sha256=digest(data)))
    return {(task.assignment, task.student): record for task, record in pool.run(tasks)}


@pytest.fixture(scope="session")
def nbgraded(tmp_path_factory, warm_pool):
    """``{aid: (course folder, {student: notebook}, {student: our record})}``:
    every assignment's submissions autograded by nbgrader, their feedback
    generated, and graded by the project's grader meanwhile (the warm workers
    take the cores whenever nbgrader's lanes wait)."""
    started = time.monotonic()
    lanes = Lanes([tmp_path_factory.mktemp(f"nbgrader{n}") for n in range(LANES)],
                  {aid: submissions(aid) for aid in ASSIGNMENT_IDS})
    for thread in lanes.threads:
        thread.start()
    try:
        graded = ours(warm_pool, lanes.subs)
    finally:
        lanes.run()   # joins the lanes
    # everything ran side by side: each assignment is charged its share of the wall
    # time, in proportion to the seconds nbgrader and the workers spent on it
    work = dict(lanes.spent)
    for (aid, _), record in graded.items():
        work[aid] = work.get(aid, 0.0) + record["seconds"]
    wall, total = time.monotonic() - started, sum(work.values()) or 1.0
    for aid in ASSIGNMENT_IDS:
        charge(aid, wall * work.get(aid, 0.0) / total)
    print("nbgrader and grade-all seconds:", {aid: round(s) for aid, s in work.items()})
    return {aid: (lanes.where[aid], lanes.subs[aid],
                  {student: graded[aid, student] for student in lanes.subs[aid]})
            for aid in ASSIGNMENT_IDS}


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_same_points_per_cell_as_nbgrader(nbgraded, aid):
    course, subs, records = nbgraded[aid]
    assert set(records) == set(subs)
    for student in subs:
        record = records[student]
        assert record["seed"] == course_config.NBGRADER_SEED
        theirs = nbgrader_cli.cell_scores(course, aid, student)
        mine = {}
        for test in record["tests"]:
            mine[test["exercise"]] = mine.get(test["exercise"], 0.0) + test["points"]
        mine = {ex: round(got, 6) for ex, got in mine.items()}
        # where the visible checks fail, nbgrader's cell raises and scores 0, while
        # this grader counts the hidden checks (the student's process decides nothing)
        visible_failed = set(record.get("visible_checks", {}))
        mine.update({ex: 0.0 for ex in visible_failed})
        assert mine == theirs, (student, mine, theirs)
        if student != "reference":   # the comparison covers cells that lose points
            assert sum(theirs.values()) < record["max_score"], (student, theirs)


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_feedback_does_not_reveal_hidden_tests(nbgraded, aid):
    course, subs, _ = nbgraded[aid]
    pages = list((course / "feedback").glob(f"*/{aid}/*.html"))
    assert len(pages) == len(subs)
    for page in pages:
        html = page.read_text()
        for secret in ("HIDDEN TESTS", "grade_exercise", "autograder.notebook"):
            assert secret not in html, (page, secret)
    for student in subs:
        if student not in ("reference", "stub"):  # the failed check or visible assert is explained
            html = (course / "feedback" / student / aid / f"{aid}.html").read_text()
            assert "[FAIL]" in html or "AssertionError" in html, student
