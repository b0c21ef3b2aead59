"""A correct answer never loses points to the grader's own machinery.

- The visible checks run over a copy of the student's names, laid on the
  notebook's trusted setup code: they cannot rebind a student's helper, and a
  ``.py`` submission, which lacks the setup cells, still has their helpers.
- Each cell's source is registered as IPython registers it, so code that needs
  its own source (``inspect.getsource``, ``torch.jit.script``) works, and a
  cell that fails at load is named in the feedback of what it would have defined.
- Every call is watched for side effects (inputs modified, caches used up),
  recorded for the exercise's own check of that property.
"""
import ast
import json
import re
import textwrap

import pytest

from autograder.course import assignments
from autograder.grading import runner
from autograder.sandbox.session import InProcessSession
from autograder.boundary.student import CACHE_NOT_REUSABLE, INPUT_MODIFIED, LocalStudent, StudentError
from tests.conftest import ASSIGNMENT_IDS, ROOT
from tests.mutants import solution_with

#: Every name the visible test cells bound before they were renamed (measured on
#: the notebooks of 2026-11-21): common helper names a student may well use.
HISTORIC_NAMES = (
    "_ _Wh _Wx _arr _b _big _c _c_out _cache _cn _cp _cs _dc _dh _dh_copy _eps _exact _f _g "
    "_got _grads _h _h0 _h1 _h2 _h3 _h_out _hn _hp _hs _huge _kl _kl_prior _kl_qp _l _l2 _lik "
    "_logits _logvar _loss _lstm_step_out _lw _m _m2 _model _mu _mu64 _n _name _num _out _post "
    "_prior _rng _runs _t _tiny _total _value _x _zero a abc b beta_check bn_check cache_check "
    "code dbeta_check dgamma_check dgamma_num dout_check dx_check dx_num fine flat gamma_check "
    "half mixed out_check out_first rng_check s std_normal test_param v w words x_check").split()


def explain(result):
    lines = [f"score {result.score}/{result.max_score} seed {result.seed}"]
    lines += [f"  {t.name}: {t.feedback}" for t in result.tests if not t.passed]
    lines += [f"  visible {k}: {v}" for k, v in result.visible_checks.items()]
    return "\n".join(lines + [f"  error: {e}" for e in result.errors])


def bound_names(source):
    """Names a piece of code binds anywhere (assignments, loops, defs, imports)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update(a.asname or a.name.split(".")[0] for a in node.names)
    return names


def clobber_candidates(aid):
    """Names a test cell assigns (today's and the historic ones) that the
    reference itself does not define outside its test cells."""
    assignment = assignments.get(aid)
    names = set(HISTORIC_NAMES)
    for visible, _ in assignment.test_cells.values():
        names |= bound_names(visible)
    nb = json.loads((ROOT / "solutions" / aid / f"{aid}.ipynb").read_text())
    own = set()
    for cell in nb["cells"]:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        if cell["cell_type"] == "code" and not (grading.get("grade") and not grading.get("solution")):
            own |= bound_names("".join(cell["source"]))
    return sorted(names - own - {"_"})


def sentinels(names):
    """A cell that binds every name to a sentinel, and a guard that raises when
    one of them no longer holds its sentinel (a helper of that name was clobbered)."""
    return textwrap.dedent(f"""
        class _Sentinel_:
            def __init__(self, name):
                self.name = name
        _SENTINELS_ = {{n: _Sentinel_(n) for n in {names!r}}}
        globals().update(_SENTINELS_)
        def _names_intact_():
            bad = [n for n, v in _SENTINELS_.items() if globals().get(n) is not v]
            if bad:
                raise RuntimeError(f"the student's names were rebound: {{bad}}")
        """)


def guard(function):
    """Code that wraps ``function`` so that every call first checks the names."""
    return textwrap.dedent(f"""
        _unguarded_{function} = {function}
        def {function}(*args, **kwargs):
            _names_intact_()
            return _unguarded_{function}(*args, **kwargs)
        """)


def functions(aid):
    """The graded exercises that are functions (classes are left alone)."""
    source = (ROOT / "solutions" / aid / f"{aid}.py").read_text()
    return [e for e in assignments.get(aid).checks.exercises()
            if re.search(rf"^def {re.escape(e)}\(", source, re.M)]


def guarded_py(aid):
    text = (ROOT / "solutions" / aid / f"{aid}.py").read_text()
    first_test = re.search(r'^# %% nbgrader=\{[^\n]*"grade": true[^\n]*"solution": false', text, re.M)
    text = text[:first_test.start()] + "# %%\n" + sentinels(clobber_candidates(aid)) + "\n" + \
        text[first_test.start():]
    for function in functions(aid):
        answer = re.search(rf'^# %% nbgrader=\{{[^\n]*"grade_id": "{function}_answer"[^\n]*\n',
                           text, re.M)
        following = re.compile(r"^# %%", re.M).search(text, answer.end())
        text = text[:following.start()] + guard(function) + "\n\n" + text[following.start():]
    return text


def guarded_ipynb(aid):
    nb = json.loads((ROOT / "solutions" / aid / f"{aid}.ipynb").read_text())
    for cell in nb["cells"]:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if gid.endswith("_answer") and gid[:-len("_answer")] in functions(aid):
            cell["source"] = "".join(cell["source"]) + "\n" + guard(gid[:-len("_answer")])
    first_test = next(i for i, c in enumerate(nb["cells"])
                      if c.get("metadata", {}).get("nbgrader", {}).get("grade")
                      and not c["metadata"]["nbgrader"].get("solution"))
    nb["cells"].insert(first_test, {"cell_type": "code", "metadata": {}, "outputs": [],
                                    "execution_count": None,
                                    "source": sentinels(clobber_candidates(aid))})
    return json.dumps(nb)


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
@pytest.mark.parametrize("form", ["py", "ipynb"])
def test_helpers_named_like_the_test_cells_variables_keep_full_marks(aid, form, tmp_path, seed):
    path = tmp_path / f"{aid}.{form}"
    path.write_text(guarded_py(aid) if form == "py" else guarded_ipynb(aid))
    result = runner.grade_submission(aid, path, seed=seed)
    assert result.score == result.max_score, explain(result)
    assert not result.visible_checks, explain(result)


def test_visible_checks_cannot_rebind_the_students_names():
    helper = object()
    namespace = {"_f": helper, "entropy": lambda p: 1.0}
    student = LocalStudent(namespace)
    student.visible("_f = lambda v: v\nx_check = entropy([0.5, 0.5])\nassert x_check == 1.0",
                    setup="import math")
    assert namespace["_f"] is helper and "x_check" not in namespace and "math" not in namespace


def test_visible_checks_see_the_setup_helpers_but_the_students_names_win():
    namespace = {"rel_error": lambda a, b: "the student's"}
    student = LocalStudent(namespace)
    setup = "import math\ndef rel_error(a, b):\n    return 'setup'\ndef helper():\n    return 2"
    student.visible("assert rel_error(1, 2) == \"the student's\"\nassert helper() == 2\n"
                    "assert math.pi > 3", setup=setup)
    with pytest.raises(StudentError, match="AssertionError"):
        student.visible("assert rel_error(1, 2) == 'setup'", setup=setup)


def test_a_wrong_answer_still_fails_its_visible_checks_and_says_where(tmp_path, seed):
    aid = "01_entropy_fundamentals"
    path = tmp_path / "natural_log.py"
    path.write_text(solution_with(aid, """
        import numpy as np
        def entropy(p, base=2):
            p = np.asarray(p, dtype=float)
            nz = p[p > 0]
            return float(-(nz * np.log(nz)).sum())
        """))
    result = runner.grade_submission(aid, path, seed=seed)
    assert set(result.visible_checks) == {"entropy"}, explain(result)
    assert "AssertionError" in result.visible_checks["entropy"]
    assert "visible checks of entropy" in result.visible_checks["entropy"]  # the line that failed


# -- code that needs its own source -------------------------------------------------------

JIT_KL = '''
import torch

@torch.jit.script
def kl_standard_normal(mu, logvar):
    return 0.5 * (torch.exp(logvar) - 1.0 - logvar + mu * mu).sum(dim=-1)

@torch.jit.script
def gaussian_kl(mu_q, logvar_q, mu_p, logvar_p):
    return 0.5 * (logvar_p - logvar_q - 1.0
                  + (torch.exp(logvar_q) + (mu_q - mu_p) ** 2) / torch.exp(logvar_p)).sum(dim=-1)
'''


@pytest.mark.parametrize("form", ["py", "ipynb"])
def test_torch_jit_script_functions_load_and_score(form, tmp_path, seed):
    aid = "04_vae_variational_inference"
    path = tmp_path / f"jit.{form}"
    if form == "py":
        path.write_text(solution_with(aid, JIT_KL))
    else:
        from tests.mutants import notebook_with
        path.write_text(json.dumps(notebook_with(aid, "gaussian_kl", JIT_KL)))
    result = runner.grade_submission(aid, path, seed=seed)
    totals = result.by_exercise()
    for exercise in ("kl_standard_normal", "gaussian_kl"):
        assert totals[exercise][0] == totals[exercise][1], explain(result)
    assert not result.errors, explain(result)


def test_inspect_getsource_and_tracebacks_show_the_students_line(tmp_path):
    aid = "01_entropy_fundamentals"
    path = tmp_path / "inspects.py"
    path.write_text(solution_with(aid, """
        import inspect
        _SOURCE = inspect.getsource(lambda: 0)
        def encode(message, code):
            return "".join(code[s] for s in message) + 1   # TypeError on purpose
        """))
    result = runner.grade_submission(aid, path, seed=1)
    assert not result.errors, explain(result)
    encode = [t for t in result.tests if t.exercise == "encode" and not t.passed]
    assert any("+ 1   # TypeError on purpose" in t.feedback for t in encode), \
        explain(result)


# -- a cell that fails at load -------------------------------------------------------------

def test_a_failing_cell_is_named_in_the_feedback_of_what_it_defines(tmp_path):
    aid = "01_entropy_fundamentals"
    text = (ROOT / "solutions" / aid / f"{aid}.py").read_text()
    text = text.replace("def huffman_code(probs):", "import no_such_module_here\n\n"
                        "def huffman_code(probs):", 1)
    path = tmp_path / "broken_cell.py"
    path.write_text(text)
    result = runner.grade_submission(aid, path, seed=1)
    huffman = [t for t in result.tests if t.exercise == "huffman_code"]
    assert all(t.status == "not-defined" for t in huffman)
    assert all("ModuleNotFoundError" in t.feedback and "no_such_module_here" in t.feedback
               for t in huffman), explain(result)
    assert result.by_exercise()["entropy"] == (3.0, 3.0)


def test_a_definition_below_its_test_cell_is_named(tmp_path):
    aid = "01_entropy_fundamentals"
    text = (ROOT / "solutions" / aid / f"{aid}.py").read_text()
    answer = re.search(r'^# %% nbgrader=\{[^\n]*"grade_id": "expected_length_answer"[^\n]*\n'
                       r'(.*?)(?=^# %%)', text, re.M | re.S)
    text = text[:answer.start(1)] + text[answer.end(1):] + "\n# %%\n" + answer.group(1)
    path = tmp_path / "late.py"
    path.write_text(text)
    result = runner.grade_submission(aid, path, seed=1, session_factory=InProcessSession)
    late = [t for t in result.tests if t.exercise == "expected_length"]
    assert late and all("after its test cell" in t.feedback for t in late), explain(result)


# -- side effects recorded on every call ---------------------------------------------------

SIDE_EFFECTS = '''
import numpy as np

def sorts_in_place(values):
    values.sort()
    return len(values)

def scales_in_place(x):
    x *= 2
    return float(np.sum(x))

def pure(x, values, table):
    return float(np.sum(x)) + len(values) + len(table)

def forward(x):
    return x * 2, {"x": x.copy()}

def backward_that_pops(dout, cache):
    x = cache.pop("x")
    return dout * 2

def backward_that_scales_the_cache(dout, cache):
    cache["x"] *= 3
    return dout * cache["x"]

def backward(dout, cache):
    return dout * 2 + 0 * cache["x"]
'''


def local_student():
    namespace = {}
    exec(SIDE_EFFECTS, namespace)  # noqa: S102 - test code
    return LocalStudent(namespace)


def test_inputs_modified_in_place_are_recorded_and_honest_calls_are_not():
    import numpy as np
    student = local_student()
    student.call("pure", np.arange(3.0), [3, 1, 2], {"a": 1})
    assert student.side_effects == []
    student.call("sorts_in_place", [3, 1, 2])
    student.call("scales_in_place", np.arange(3.0))
    kinds = [(e.kind, e.target) for e in student.side_effects]
    assert kinds == [(INPUT_MODIFIED, "sorts_in_place"), (INPUT_MODIFIED, "scales_in_place")]
    student.side_effects.clear()
    student.call("sorts_in_place", [3, 1, 2], updates=(0,))   # allowed by the contract
    assert student.side_effects == []


@pytest.mark.parametrize("backward,recorded", [("backward", False), ("backward_that_pops", True),
                                               ("backward_that_scales_the_cache", True)])
def test_a_backward_is_called_twice_on_its_cache(backward, recorded):
    import numpy as np
    student = local_student()
    _, cache = student.call("forward", np.ones(3), opaque=(1,))
    first = student.call(backward, np.ones(3), cache)
    assert np.array_equal(first, 2 * np.ones(3)) or backward == "backward_that_scales_the_cache"
    assert [e.kind for e in student.side_effects] == ([CACHE_NOT_REUSABLE] if recorded else [])


def test_no_side_effect_is_no_evidence_when_no_call_returned():
    from autograder.grading.checks import CheckFailure, expect_no_side_effects
    student = local_student()
    with pytest.raises(CheckFailure, match="no call of this exercise returned"):
        expect_no_side_effects(student, "inputs")
    student.call("pure", [1.0], [2], {"a": 1})
    expect_no_side_effects(student, "inputs")
    with pytest.raises(CheckFailure, match="twice on the same cache"):
        expect_no_side_effects(student, "cache")
