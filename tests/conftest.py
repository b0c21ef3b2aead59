import collections
import random
import threading
import time

import pytest

import course_config

ROOT = course_config.COURSE_ROOT
ASSIGNMENT_IDS = list(course_config.ASSIGNMENTS)

#: The curriculum's size: the cost report projects the suite to this many assignments.
CURRICULUM = 19


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite tests/golden/ from the current rendering (test_feedback_golden)")


@pytest.fixture
def seed():
    """A fresh seed per test, printed on failure so the run can be reproduced."""
    value = random.SystemRandom().randrange(2**31)
    print(f"grading seed: {value}")
    return value


@pytest.fixture(scope="session")
def warm_pool():
    """Two warm grader workers (``autograder.batch.pool.WorkerPool``, one per
    core, every assignment's graders imported, each with its zygote) for the
    whole session: the batch tests that are not about starting workers grade
    through them instead of paying the workers' start-up per batch."""
    from autograder.batch.grading_task import deadline
    from autograder.batch.pool import WorkerPool
    started = time.monotonic()
    with WorkerPool(2, ASSIGNMENT_IDS, deadline) as pool:
        list(pool.run(()))                        # until the workers are warm
        charge(None, time.monotonic() - started)  # an engine's start-up: fixed cost
        yield pool


# -- the suite's cost per assignment ---------------------------------------------------
#
# Every second of the run is charged either to one assignment (it would be spent
# again for each new assignment) or to the fixed cost (the engine's own tests,
# pytest's start-up and collection). A test item is per-assignment when its
# test function is parametrized over every assignment id (``aid`` in
# ``callspec.params``, directly or inside a tuple/indirect parameter, or in the
# node id); its setup, call and teardown go to that assignment. A fixture's
# setup is taken out of the item that happened to trigger it and charged on
# its own: a fixture parametrized over every assignment to its parameter; a
# shared (module/session) fixture that serves every assignment's items alike,
# evenly to all of them; a fixture may also split its own time with
# :func:`charge` (e.g. one nbgrader run over every assignment).


def _aids_in(value):
    values = value if isinstance(value, (tuple, list)) else (value,)
    return [v for v in values if isinstance(v, str) and v in course_config.ASSIGNMENTS]


class SuiteCost:
    def __init__(self):
        self.started = time.monotonic()
        self.per_assignment = collections.defaultdict(float)
        self.per_assignment_by_file = collections.defaultdict(float)
        self.fixed = collections.defaultdict(float)      # by test file
        self.item_aids = {}                              # nodeid -> [aid] or []
        self.items = {}                                  # nodeid -> item
        self.taken = collections.defaultdict(float)      # nodeid -> fixture seconds charged apart
        self.current = None                              # the item being set up
        self.stack = []                                  # fixture setups in progress
        self.lock = threading.Lock()
        self.ran = 0

    # -- which assignment an item or fixture belongs to -----------------------------
    def classify(self, items):
        spans = collections.defaultdict(set)
        for item in items:
            found = []
            callspec = getattr(item, "callspec", None)
            if callspec is not None:
                for value in callspec.params.values():
                    found += _aids_in(value)
            if not found:
                found = [a for a in ASSIGNMENT_IDS if a in item.nodeid]
            self.item_aids[item.nodeid] = sorted(set(found))
            spans[(item.path, item.originalname)].update(found)
        for item in items:
            # per-assignment only if the test function covers every assignment:
            # a test of ASSIGNMENT_IDS[:1] or of one named assignment does not grow
            if spans[(item.path, item.originalname)] != set(ASSIGNMENT_IDS):
                self.item_aids[item.nodeid] = []
            self.items[item.nodeid] = item

    def add(self, aids, seconds, where):
        with self.lock:
            if aids:
                for aid in aids:
                    self.per_assignment[aid] += seconds / len(aids)
                self.per_assignment_by_file[where] += seconds
            else:
                self.fixed[where] += seconds

    # -- fixtures -------------------------------------------------------------------
    def fixture_started(self):
        self.stack.append({"children": 0.0, "charged": 0.0, "start": time.perf_counter()})

    def fixture_finished(self, fixturedef, request):
        frame = self.stack.pop()
        elapsed = time.perf_counter() - frame["start"]
        if self.stack:
            self.stack[-1]["children"] += elapsed
        own = elapsed - frame["children"] - frame["charged"]
        item = self.current
        if item is None:
            return
        aids = _aids_in(getattr(request, "param", None))
        params = set(_aids_in(list(fixturedef.params or ())))
        if aids and params == set(ASSIGNMENT_IDS):
            target = aids
        elif fixturedef.scope != "function" and self.item_aids.get(item.nodeid):
            target = list(ASSIGNMENT_IDS)   # a shared fixture serving every assignment
        else:
            target = None                   # stays with the item that set it up
        if target is not None and own > 0:
            self.add(target, own, item.path.name)
            self.taken[item.nodeid] += own
        self.taken[item.nodeid] += frame["charged"]

    def charge(self, aid, seconds):
        """``seconds`` of the fixture being set up belong to ``aid`` (None: fixed)."""
        where = self.current.path.name if self.current is not None else "(outside a test)"
        self.add([aid] if aid else [], seconds, where)
        if self.stack:
            self.stack[-1]["charged"] += seconds

    # -- test items -----------------------------------------------------------------
    def report(self, report):
        item = self.items.get(report.nodeid)
        self.ran += 1
        seconds = report.duration
        if report.when == "setup":
            seconds = max(0.0, seconds - self.taken.pop(report.nodeid, 0.0))
        aids = self.item_aids.get(report.nodeid, [])
        where = item.path.name if item is not None else report.nodeid.split("::")[0]
        self.add(aids, seconds, where)

    def summary(self):
        wall = time.monotonic() - self.started
        charged = sum(self.per_assignment.values()) + sum(self.fixed.values())
        overhead = max(0.0, wall - charged)   # start-up, collection, hooks
        fixed = sum(self.fixed.values()) + overhead
        costs = {aid: self.per_assignment.get(aid, 0.0) for aid in ASSIGNMENT_IDS}
        mean = sum(costs.values()) / len(costs) if costs else 0.0
        projected = fixed + CURRICULUM * mean
        return wall, fixed, overhead, costs, mean, projected


_COST = SuiteCost()


def charge(aid, seconds):
    """Charge ``seconds`` of the fixture now being set up to ``aid`` (``None``:
    to the fixed cost) instead of to the test that triggered it: for a fixture
    that does several assignments' work at once."""
    _COST.charge(aid, seconds)


class _CostHooks:
    """Registered as a plugin, not left as conftest hooks: a session-scoped
    fixture is set up through the session's hooks, which do not see this
    folder's conftest."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items):
        _COST.classify(items)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_setup(self, item):
        _COST.current = item
        try:
            yield
        finally:
            _COST.current = None

    @pytest.hookimpl(hookwrapper=True)
    def pytest_fixture_setup(self, fixturedef, request):
        _COST.fixture_started()
        try:
            yield
        finally:
            _COST.fixture_finished(fixturedef, request)

    def pytest_runtest_logreport(self, report):
        _COST.report(report)

    def pytest_terminal_summary(self, terminalreporter):
        wall, fixed, overhead, costs, mean, projected = _COST.summary()
        if not _COST.ran:
            return
        short = ", ".join(f"{_short(aid)} {seconds:.0f} s" for aid, seconds in costs.items())
        write = terminalreporter.write_line
        terminalreporter.section("suite cost")
        write(f"suite cost per assignment: {short} (mean {mean:.0f} s); fixed {fixed:.0f} s; "
              f"projected for {CURRICULUM} assignments: {projected / 60:.1f} min "
              f"(this run: {wall / 60:.1f} min wall)")
        top = sorted(_COST.per_assignment_by_file.items(), key=lambda kv: -kv[1])[:8]
        write("per-assignment cost by file (all assignments): "
              + (", ".join(f"{name} {s:.0f} s" for name, s in top) or "none"))
        top = sorted(_COST.fixed.items(), key=lambda kv: -kv[1])[:8]
        write("fixed cost by file: " + ", ".join(f"{name} {s:.0f} s" for name, s in top)
              + f", start-up and collection {overhead:.0f} s")


def pytest_configure(config):
    if not config.pluginmanager.has_plugin("suite-cost"):
        config.pluginmanager.register(_CostHooks(), "suite-cost")


def _short(aid):
    """``04`` for 04_vae_variational_inference, ``physics_01`` for physics_01_entropy_physics."""
    head = aid.split("_")
    return head[0] if head[0].isdigit() else "_".join(head[:2])
