"""Hidden checks of 08_backpropagation: scalar reverse-mode autodiff (Value),
forward-mode dual numbers (Dual, derivative), central differences, and the
CS231n layers of a two-layer ReLU network with softmax cross-entropy.

Oracles (never the notebook's solution):
  Value, Dual, derivative -- PyTorch autograd in float64, replaying the same
      program (``callables.run_program`` run on torch tensors: the same
      instructions, torch's operators and autograd); a Dual's derivative is the
      JVP sum_i grad_i * seed_i;
  numerical_gradient -- the analytic gradient of the function handed over, and
      central differences computed here with the same h;
  layers, mlp_loss_and_grads -- torch autograd (F.cross_entropy, its stable
      log-softmax), and central differences of the student's own loss.

Expression graphs are random, drawn from the check's seed: every operator, a
number on either side, nodes reused (gradients must accumulate), a chain deeper
than Python's recursion limit, several outputs sharing nodes. They are built on
the student's side by the fixed probes ``expression_graph`` and ``dual_program``
(``autograder/boundary/probes.py``), one call per graph. One mistake costs its
points once: the random-graph checks use only the operators that work alone
(judged again on fresh inputs inside the check), and derivative uses only the
operators the student's Dual gets right.
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

from autograder.grader_api import (Checks, NamedFunction, StudentError, as_array, as_float,
                                   close, expect_close, expect_finite, expect_no_side_effects,
                                   fail, fmt, pack_program, register_misconception, run_program)

ASSIGNMENT = "08_backpropagation"
checks = Checks(ASSIGNMENT)

_KINK = ("changes relu's derivative at exactly 0 only, which the notebook leaves open "
         "(any value in [0, 1] is a subgradient) and no check evaluates: relu inputs are "
         "kept at least 0.01 away from 0.")
EQUIVALENT_MUTANTS = {
    "Value/compare-Gt-GtE/036cee80": _KINK,
    "Dual/compare-Gt-GtE/51ff85b8": _KINK,
    "relu_backward/compare-Gt-GtE/858af4fe": _KINK,
    "numerical_gradient/copy-removed/2b25cbfb": (
        "np.asarray instead of np.array: for a float array x the reference then perturbs "
        "the caller's array in place, but restores every entry to its exact old value "
        "(x[i] = keep) before the next, so x ends unchanged and f sees the same arrays; "
        "the notebook allows perturbing in place and restoring."),
    "mlp_loss_and_grads/number/732acc07": (
        "y.shape[-1] instead of y.shape[0]: y is one-dimensional (N,) by the contract, "
        "so both are N."),
}

OVERWRITES = register_misconception(
    "backprop-grad-overwritten",
    "gradients assigned instead of accumulated: a node used twice (x * x, or a node "
    "feeding two later nodes) receives one contribution per use, and the multivariate "
    "chain rule adds them: write child.grad += local * out.grad, never child.grad = ...")
RECURSIVE_SORT = register_misconception(
    "recursive-topological-sort",
    "a recursive topological sort (micrograd's build_topo): it needs one Python frame "
    "per node of the longest path, so a chain deeper than the recursion limit (1000 "
    "frames by default) raises RecursionError. Sort with an explicit stack (iterative "
    "depth-first search) or with Kahn's algorithm.")
PRODUCT_RULE = register_misconception(
    "dual-product-rule",
    "the derivative of a product taken as the product of derivatives: "
    "(u v)' = u' v + u v', not u' v'.")
FINITE_DIFFERENCE = register_misconception(
    "derivative-by-finite-differences",
    "a finite difference where forward mode is exact: derivative(f, x) evaluates "
    "f(Dual(x, 1)) once and reads off the derivative part; (f(x+h) - f(x-h)) / 2h "
    "is only an approximation with error O(h^2) (and rounding error O(eps/h)).")
FORWARD_DIFFERENCE = register_misconception(
    "forward-difference-instead-of-central",
    "a one-sided difference (f(x+h) - f(x)) / h where the contract asks for central "
    "differences (f(x+h) - f(x-h)) / (2h): the one-sided error is O(h), the central "
    "one O(h^2).")
BIAS_NOT_SUMMED = register_misconception(
    "bias-grad-not-summed",
    "db not summed over the batch: b is added to every row, so its gradient adds up "
    "the upstream gradient of every example: db = dout.sum(axis=0), shape (M,).")
LOG_OF_ROUNDED = register_misconception(
    "log-of-underflowed-probability",
    "the log of a softmax probability that rounds to 0: after the shift by the row "
    "maximum, a class 1000 below the top has probability e^-1000 = 0.0 in float64, and "
    "-log(0) = inf, while the gradient q - onehot(y) stays finite. Compute log-softmax "
    "as shifted scores minus logsumexp, log q = (s - m) - log sum_j e^(s_j - m), never "
    "log of a softmax probability that rounds to 0.")
SUM_NOT_MEAN = register_misconception(
    "loss-summed-not-averaged",
    "the cross-entropy summed over the batch where the contract averages it: "
    "the loss is (1/N) sum_i -log softmax(s_i)[y_i], and so are its gradients.")

BINARY = ("add", "sub", "mul", "truediv")
EXPONENTS = (2.0, 3.0, -1.0, 0.5, 2.5, -1.5)
UNARY = ("neg", "exp", "log", "tanh", "relu", "sigmoid")
#: every kind of node the contract lists: Value op Value, Value op number,
#: number op Value (the reflected operators), ** number, the functions
NODE_KINDS = BINARY + tuple(op + "_number" for op in BINARY) + ("pow",) + UNARY
LEFT_KINDS = tuple("number_" + op for op in BINARY)
SYMBOL = {"add": "+", "sub": "-", "mul": "*", "truediv": "/"}
DEEP = 1500          # nodes in the deep chain: 1.5 times Python's default recursion limit


# -- programs ---------------------------------------------------------------------

def describe_kind(kind):
    if kind in BINARY:
        return f"a {SYMBOL[kind]} b (two Values)"
    if kind.endswith("_number"):
        return f"a {SYMBOL[kind[:-7]]} 2.5 (a number on the right)"
    if kind.startswith("number_"):
        return f"2.5 {SYMBOL[kind[7:]]} a (a number on the left: __r{kind[7:]}__)"
    if kind == "pow":
        return "a ** p (p a number)"
    return "-a" if kind == "neg" else f"a.{kind}()"


def one_op_cases(rng, kind, first):
    """Two instances of ``kind`` (four of relu: two just beside 0) on fresh inputs (numbered from ``first``):
    ``(input values, instructions)``; values keep away from the domain's edges."""
    inputs, program = [], []
    for case in range(4 if kind == "relu" else 2):
        sign = 1.0 if case in (0, 3) else -1.0
        a = sign * float(rng.uniform(0.4, 2.0) if case < 2 else rng.uniform(0.01, 0.3))
        i = first + len(inputs)
        if kind in ("log", "pow"):
            a = abs(a)
        if kind in BINARY:
            b = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 2.0))
            inputs += [a, b]
            program.append([kind, ["n", i], ["n", i + 1]])
            continue
        inputs.append(a)
        c = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 3.0))
        if kind.endswith("_number"):
            program.append([kind[:-7], ["n", i], ["c", c]])
        elif kind.startswith("number_"):
            program.append([kind[7:], ["c", c], ["n", i]])
        elif kind == "pow":
            program.append(["pow", ["n", i], ["c", float(EXPONENTS[int(rng.integers(6))])]])
        else:
            program.append([kind, ["n", i]])
    return inputs, program


def single_ops(rng, kinds, scale=False):
    """All ``kinds``, two instances each, as one graph of disjoint parts:
    ``(inputs, program, {kind: [(input indices, output node, operation's node)]})``.
    ``scale``: each operation's node is multiplied by a number k (0.5 <= |k| <= 2,
    k != 1) and the product is the output, so that backward() on it reaches the
    operation with an upstream gradient k, not 1 (a backward that forgets
    ``* out.grad`` is then wrong)."""
    parts, inputs, program = {}, [], []
    for kind in kinds:
        values, instructions = one_op_cases(rng, kind, len(inputs))
        parts[kind] = []
        for instruction in instructions:
            used = [o[1] for o in instruction[1:] if o[0] == "n"]
            node = len(program)
            program.append(instruction)
            if scale:
                k = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 2.0))
                if abs(k - 1.0) < 0.1:
                    k = 1.5
                program.append(["mul", ["n", -1 - node], ["c", k]])    # fixed below
            parts[kind].append((used, len(program) - 1, node))
        inputs += values
    n = len(inputs)
    program = [[op, *[["n", n - 1 - v] if kind == "n" and v < 0 else [kind, v]
                      for kind, v in operands]] for op, *operands in program]
    parts = {k: [(used, n + o, n + j) for used, o, j in cases] for k, cases in parts.items()}
    return inputs, program, parts


def random_graph(rng, n_inputs, n_ops, kinds, inputs=None):
    """A random program over ``kinds`` with reused nodes (half the operands are
    earlier nodes, some the same node twice), valid at its values, whose last
    node depends on the inputs: a graph whose gradient is 0 for every input (its
    output behind relu of a negative value, about 7% of draws) is drawn again."""
    for _ in range(50):
        graph_inputs, program = _random_graph_once(rng, n_inputs, n_ops, kinds, inputs)
        if not program:
            break
        _, grads = torch_replay(graph_inputs, program, [len(graph_inputs) + len(program) - 1])
        if any(g != 0.0 for g in grads):
            break
    return graph_inputs, program


def _random_graph_once(rng, n_inputs, n_ops, kinds, inputs=None):
    if inputs is None:
        inputs = [float(rng.choice([-1.0, 1.0]) * rng.uniform(0.3, 2.0)) for _ in range(n_inputs)]
    values, program = list(inputs), []
    kinds = list(kinds)
    for _ in range(40 * n_ops):
        if len(program) == n_ops:
            break
        kind = kinds[int(rng.integers(len(kinds)))]
        last = len(values) - 1
        i = last if rng.random() < 0.5 else int(rng.integers(len(values)))
        j = i if rng.random() < 0.2 else int(rng.integers(len(values)))
        a, b = values[i], values[j]
        c = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 2.0))
        if kind in BINARY:
            instruction = [kind, ["n", i], ["n", j]]
            denominator = b
        elif kind.endswith("_number"):
            instruction = [kind[:-7], ["n", i], ["c", c]]
            denominator = c
        elif kind.startswith("number_"):
            instruction = [kind[7:], ["c", c], ["n", i]]
            denominator = a
        elif kind == "pow":
            p = float(EXPONENTS[int(rng.integers(6))])
            if a < 0.3 or a > 4:
                continue
            instruction = ["pow", ["n", i], ["c", p]]
            denominator = 1.0
        else:
            instruction, denominator = [kind, ["n", i]], 1.0
        if "truediv" in kind and abs(denominator) < 0.3:
            continue
        if (kind == "log" and a < 0.3) or (kind == "exp" and a > 3) \
                or (kind == "relu" and abs(a) < 0.05):
            continue
        value = run_program([instruction], list(values))[-1]
        if not math.isfinite(value) or abs(value) > 50 or abs(value) < 1e-3:
            continue
        values.append(value)
        program.append(instruction)
    return inputs, program


def torch_replay(inputs, program, outputs):
    """Values of every node and d(sum of outputs)/d(input) by torch autograd (float64)."""
    leaves = [torch.tensor(float(v), dtype=torch.float64, requires_grad=True) for v in inputs]
    nodes = run_program(program, list(leaves))
    total = sum(nodes[i] for i in outputs)
    grads = torch.autograd.grad(total, leaves, allow_unused=True)
    data = [float(n.detach()) for n in nodes]
    return data, [0.0 if g is None else float(g) for g in grads]


def jvp(inputs, seeds, program, outputs, parts=None):
    """(value, sum_i d out / d x_i * seed_i) of each output, by torch autograd.
    ``parts``: the inputs each output depends on, when the outputs are disjoint
    parts of one graph (one backward pass then serves them all)."""
    if parts is not None:
        data, grads = torch_replay(inputs, program, outputs)
        return [(data[o], float(sum(grads[u] * seeds[u] for u in set(used))))
                for o, used in zip(outputs, parts)]
    result = []
    for o in outputs:
        data, grads = torch_replay(inputs, program, [o])
        result.append((data[o], float(np.dot(grads, seeds))))
    return result


def text_program(program, n_inputs, limit=6):
    def operand(spec):
        kind, v = spec
        if kind == "c":
            return f"{v:.4g}"
        return f"x{v}" if v < n_inputs else f"n{v}"

    lines = []
    for k, (op, *ops) in enumerate(program[:limit]):
        args = [operand(o) for o in ops]
        if op in SYMBOL:
            expr = f"{args[0]} {SYMBOL[op]} {args[1]}"
        elif op == "pow":
            expr = f"{args[0]} ** {args[1]}"
        elif op == "neg":
            expr = f"-{args[0]}"
        else:
            expr = f"{args[0]}.{op}()"
        lines.append(f"n{n_inputs + k} = {expr}")
    more = f"; ... ({len(program)} nodes)" if len(program) > limit else ""
    return "; ".join(lines) + more


# -- Value ------------------------------------------------------------------------

def value_graph(student, inputs, program, backward):
    return student.probe("expression_graph", list(inputs), pack_program(program), list(backward),
                         target="Value")


def value_single_ops(student, rng, kinds):
    """Per kind: ``(value ok, gradient ok, message)`` on two fresh instances each,
    with backward() called on each instance's output in turn; the output is the
    operation's node times a number k, so the operation's backward sees an
    upstream gradient k (``single_ops(scale=True)``). The value is judged on the
    operation's own node."""
    inputs, program, parts = single_ops(rng, kinds, scale=True)
    outputs = [o for cases in parts.values() for _, o, _ in cases]
    data, grads = torch_replay(inputs, program, outputs)
    try:
        results = [(parts, value_graph(student, inputs, program, outputs))]
    except StudentError:
        results = []       # one operator raises: judge every kind on its own graph
        for kind in kinds:
            sub_inputs, sub_program, sub_parts = single_ops(rng, [kind], scale=True)
            try:
                got = value_graph(student, sub_inputs, sub_program,
                                  [o for _, o, _ in sub_parts[kind]])
            except StudentError as err:
                if err.is_a("NotImplementedError"):
                    raise
                got = err
            results.append((sub_parts, got, sub_inputs, sub_program))
    verdict = {}
    for entry in results:
        if len(entry) == 2:
            entry_parts, got = entry
            ref_data, ref_grads, entry_inputs, entry_program = data, grads, inputs, program
        else:
            entry_parts, got, entry_inputs, entry_program = entry
            outs = [o for cases in entry_parts.values() for _, o, _ in cases]
            ref_data, ref_grads = torch_replay(entry_inputs, entry_program, outs)
        for kind, cases in entry_parts.items():
            if isinstance(got, StudentError):
                verdict[kind] = (False, False, f"{describe_kind(kind)} raised {got.type}: "
                                               f"{got.message}")
                continue
            value_ok, grad_ok, message = True, True, ""
            for used, o, node in cases:
                args = ", ".join(f"{entry_inputs[u]:.4g}" for u in used)
                k = entry_program[o - len(entry_inputs)][2][1]
                if not close(got["data"][node], ref_data[node], "float"):
                    value_ok = False
                    message = (f"{describe_kind(kind)} with a = {args}: .data is "
                               f"{fmt(got['data'][node])}, expected {fmt(ref_data[node])}")
                for u in used:
                    if grad_ok and not close(got["grads"][u], ref_grads[u], "gradient"):
                        grad_ok = False
                        message = message or (
                            f"({describe_kind(kind)}) * {k:.4g} with inputs {args}: after "
                            f"backward() on the product, an input's .grad is "
                            f"{fmt(got['grads'][u])}, expected {fmt(ref_grads[u])} (the "
                            f"operation receives the upstream gradient out.grad = {k:.4g} "
                            "and must multiply its local derivative by it)")
            verdict[kind] = (value_ok, grad_ok, message)
    return verdict


def working_kinds(student, rng, kinds):
    verdict = value_single_ops(student, rng, kinds)
    good = [k for k in kinds if verdict[k][0] and verdict[k][1]]
    if not good:
        fail("no operation of Value gives both the right value and the right gradient "
             "on its own (see the operator checks), so no graph can be judged.")
    return good


@checks("Value", points=0.75)
def test_value_each_operation_forward(student, rng):
    """.data of every operation the contract lists, alone, on fresh inputs."""
    verdict = value_single_ops(student, rng, NODE_KINDS)
    wrong = [verdict[k][2] for k in NODE_KINDS if not verdict[k][0]]
    if wrong:
        fail(f"{len(wrong)} of {len(NODE_KINDS)} operations give a wrong value; first: "
             f"{wrong[0]}.")


@checks("Value", points=0.75)
def test_value_each_operation_gradient(student, rng):
    """The local derivative of every operation alone: backward() on its output
    (a wrong value with the right local derivative costs only the check above)."""
    verdict = value_single_ops(student, rng, NODE_KINDS)
    wrong = [verdict[k][2] for k in NODE_KINDS if not verdict[k][1]]
    if wrong:
        fail(f"{len(wrong)} of {len(NODE_KINDS)} operations give a wrong gradient; first: "
             f"{wrong[0]}.")


@checks("Value", points=0.5)
def test_value_numbers_on_the_left(student, rng):
    """2.5 + a, 2.5 - a, 2.5 * a, 2.5 / a: the reflected operators."""
    verdict = value_single_ops(student, rng, LEFT_KINDS)
    wrong = [verdict[k][2] for k in LEFT_KINDS if not (verdict[k][0] and verdict[k][1])]
    if wrong:
        fail(f"{len(wrong)} of 4 operators with a number on the left are wrong; first: "
             f"{wrong[0]}.")


@checks("Value", points=0.5)
def test_value_tanh_and_sigmoid_stay_finite_at_1000(student, rng):
    """tanh and sigmoid at x = 1000 and -1000 (the course's convention: elementwise
    nonlinearities stay finite at |x| = 1000): values +-1, 1 and 0, gradients 0;
    no OverflowError, no nan. Only the functions that work alone are judged (a
    wrong tanh or sigmoid costs the operator checks)."""
    verdict = value_single_ops(student, rng, ["tanh", "sigmoid"])
    kinds = [k for k in ("tanh", "sigmoid") if verdict[k][0] and verdict[k][1]]
    if not kinds:
        return
    inputs = [1000.0, -1000.0]
    if rng.random() < 0.5:
        inputs.reverse()
    program = [[kind, ["n", i]] for kind in kinds for i in (0, 1)]
    outputs = list(range(2, 2 + len(program)))
    data, grads = torch_replay(inputs, program, outputs)
    what = " and ".join(f"x.{k}()" for k in kinds) + " at x = 1000 and x = -1000"
    try:
        got = value_graph(student, inputs, program, outputs)
    except StudentError as err:
        if err.is_a("NotImplementedError"):
            raise
        fail(f"{what} raised {err.type}: {err.message}", "overflow-at-large-inputs")
    expect_finite(np.array(got["data"][2:]), f".data of {what}")
    expect_finite(np.array(got["grads"]), f"the inputs' .grad after backward() on {what}")
    expect_close(got["data"][2:], data[2:], f".data of {what}", tol="float")
    expect_close(got["grads"], grads, f"the inputs' .grad after backward() on {what}",
                 tol="gradient")


def overwrite_misconception(student):
    """OVERWRITES when backward() of a + a gives a.grad = 1 (the second use
    overwrote the first), else None."""
    return None if _reused_node_accumulates(student) else OVERWRITES


def _reused_node_accumulates(student):
    """Whether backward() of a + a gives a.grad = 2 (False: it overwrote)."""
    try:
        got = value_graph(student, [1.5], [["add", ["n", 0], ["n", 0]]], [1])
    except StudentError:
        return True
    return not close(got["grads"][0], 1.0, "float")


MOTIF = ("tanh", "mul_number", "exp", "add")


def short_and_long_path(kinds, last):
    """Instructions appending t = x0.tanh(); m = (t * 2).exp() + t; out = last + m
    to a program whose last node is ``last`` (when those operations work alone):
    t reaches out by a short path and a longer one, so a visit order that is not
    topological (breadth-first) passes t's gradient on before the long path's
    part arrives."""
    if not set(MOTIF) <= set(kinds):
        return []
    t = last + 1
    return [["tanh", ["n", 0]], ["mul", ["n", t], ["c", 2.0]], ["exp", ["n", t + 1]],
            ["add", ["n", t + 2], ["n", t]], ["add", ["n", last], ["n", t + 3]]]


@checks("Value", points=1.5)
def test_value_random_graphs_match_autograd(student, rng):
    """Random graphs over the operations that work alone, nodes reused, against
    torch autograd: every node's .data and every input's .grad. Each ends with a
    node reached by a short and a long path (``short_and_long_path``): only a
    topological order gets it right."""
    kinds = working_kinds(student, rng, NODE_KINDS + LEFT_KINDS)
    for _ in range(3):
        n_inputs = int(rng.integers(2, 6))
        inputs, program = random_graph(rng, n_inputs, int(rng.integers(15, 40)), kinds)
        program = program + short_and_long_path(kinds, n_inputs + len(program) - 1)
        out = n_inputs + len(program) - 1
        data, grads = torch_replay(inputs, program, [out])
        got = value_graph(student, inputs, program, [out])
        where = (f"on the graph with inputs x = {fmt(np.array(inputs))}: "
                 f"{text_program(program, n_inputs)}")
        if not close(got["data"], data, "float"):
            fail(f"node values differ from torch's {where}: got {fmt(np.array(got['data']))}")
        if not close(got["grads"], grads, "gradient"):
            fail(f"after backward() on the last node, the inputs' .grad are "
                 f"{fmt(np.array(got['grads']))}, torch autograd gives {fmt(np.array(grads))}, "
                 f"{where}.", overwrite_misconception(student))


@checks("Value", points=0.5)
def test_value_backward_on_one_of_several_outputs(student, rng):
    """Two outputs share nodes; backward() on one, from grads at 0, gives exactly
    that output's gradient (the other output's own nodes are not visited)."""
    kinds = working_kinds(student, rng, NODE_KINDS + LEFT_KINDS)
    n_inputs = 3
    inputs, trunk = random_graph(rng, n_inputs, 6, kinds)
    # two branches from the trunk: each starts at a node of the trunk
    shared = n_inputs + len(trunk) - 1
    program = list(trunk)
    first = [["mul", ["n", shared], ["n", 0]], ["tanh" if "tanh" in kinds else "neg",
                                                ["n", shared + 1]]]
    program += first
    out1 = shared + len(first)
    second = [["mul", ["n", shared], ["n", 1]], ["add", ["n", out1 + 1], ["n", 2]],
              ["mul", ["n", out1 + 2], ["n", out1 + 2]]]
    program += second
    out2 = out1 + len(second)
    which = out1 if rng.random() < 0.5 else out2
    data, grads = torch_replay(inputs, program, [which])
    got = value_graph(student, inputs, program, [which])
    name = "first" if which == out1 else "second"
    if not close(got["grads"], grads, "gradient"):
        misconception = overwrite_misconception(student)
        if misconception:
            fail(f"inputs' .grad after backward() on one of two outputs: got "
                 f"{fmt(np.array(got['grads']))}, expected {fmt(np.array(grads))}.", misconception)
    expect_close(got["grads"], grads,
                 f"inputs' .grad after backward() on the {name} of two outputs that share "
                 f"{text_program(trunk, n_inputs)} (inputs {fmt(np.array(inputs))}): only that "
                 "output's gradient, the other output never reached", tol="gradient")


@checks("Value", points=0.5)
def test_value_backward_on_a_chain_deeper_than_the_recursion_limit(student, rng):
    """A chain of DEEP nodes (v = c * v + x_j): backward() must not recurse."""
    inputs = [float(v) for v in rng.uniform(-1.0, 1.0, 3)]
    program = [["mul", ["n", 0], ["c", 1.0]]]
    factors = rng.uniform(0.9, 0.999, DEEP)
    for k in range(DEEP - 1):
        node = 3 + len(program) - 1
        if k % 2 == 0:
            program.append(["mul", ["n", node], ["c", float(factors[k])]])
        else:
            program.append(["add", ["n", node], ["n", int(rng.integers(3))]])
    out = 3 + len(program) - 1
    grads = chain_gradient(inputs, program)
    try:
        got = value_graph(student, inputs, program, [out])
    except StudentError as err:
        if err.is_a("RecursionError"):
            fail(f"backward() on a chain of {DEEP} nodes raised RecursionError "
                 f"({err.message}).", RECURSIVE_SORT)
        raise
    limit = got["recursion_limit"]
    if limit >= DEEP:
        fail(f"the recursion limit was raised to {limit}: backward() must work at "
             "Python's default limit (do not call sys.setrecursionlimit).")
    what = f"inputs' .grad after backward() on a chain of {DEEP} nodes"
    if not close(got["grads"], grads, "gradient") and overwrite_misconception(student):
        fail(f"{what}: got {fmt(np.array(got['grads']))}, expected {fmt(np.array(grads))}.",
             OVERWRITES)
    expect_close(got["grads"], grads, what, tol="gradient")


def chain_gradient(inputs, program):
    """d(last node)/d(input) of a chain of "v * c" and "v + x_j" steps, in closed
    form: x_j's gradient sums, over the steps that add it, the product of the
    factors after that step (a suffix product); node 3 is x_0 * 1."""
    grads, after = [0.0] * len(inputs), 1.0
    for op, first, second in reversed(program):
        if op == "mul" and second[0] == "c":
            after *= second[1]
            if first[1] < len(inputs):          # the chain's start: x_0 * 1
                grads[first[1]] += after
        else:
            grads[second[1]] += after
    return grads


# -- Dual -------------------------------------------------------------------------

def dual_outputs(student, inputs, seeds, program, outputs):
    return student.probe("dual_program", [[v, d] for v, d in zip(inputs, seeds)],
                         pack_program(program), list(outputs), target="Dual")


def dual_single_ops(student, rng, kinds):
    """Per kind: (value ok, derivative ok, message), seeds drawn at random."""
    verdict = {}
    inputs, program, parts = single_ops(rng, kinds)
    seeds = [float(s) for s in rng.uniform(-2.0, 2.0, len(inputs))]
    outputs = [o for cases in parts.values() for _, o, _ in cases]
    try:
        got = dual_outputs(student, inputs, seeds, program, outputs)
    except StudentError:
        got = None
    if got is not None:     # one replay of the whole graph of disjoint parts serves every kind
        all_expected = iter(jvp(inputs, seeds, program, outputs,
                                [u for cases in parts.values() for u, _, _ in cases]))
    position = 0
    for kind in kinds:
        value_ok, derivative_ok, message = True, True, ""
        cases = parts[kind]
        if got is None:
            sub_inputs, sub_program, sub_parts = single_ops(rng, [kind])
            sub_seeds = [float(s) for s in rng.uniform(-2.0, 2.0, len(sub_inputs))]
            outs = [o for _, o, _ in sub_parts[kind]]
            try:
                answers = dual_outputs(student, sub_inputs, sub_seeds, sub_program, outs)
            except StudentError as err:
                if err.is_a("NotImplementedError"):
                    raise
                verdict[kind] = (False, False, f"{describe_kind(kind)} raised {err.type}: "
                                               f"{err.message}")
                continue
            expected = jvp(sub_inputs, sub_seeds, sub_program, outs,
                           [u for u, _, _ in sub_parts[kind]])
            used_sets = [u for u, _, _ in sub_parts[kind]]
            shown = sub_inputs, sub_seeds
        else:
            answers = got[position:position + len(cases)]
            position += len(cases)
            expected = [next(all_expected) for _ in cases]
            used_sets = [u for u, _, _ in cases]
            shown = inputs, seeds
        for (value, derivative), (v_ref, d_ref), used in zip(answers, expected, used_sets):
            duals = ", ".join(f"Dual({shown[0][u]:.4g}, {shown[1][u]:.4g})" for u in used)
            if value_ok and not close(value, v_ref, "float"):
                value_ok = False
                message = (f"{describe_kind(kind)} on {duals}: value {fmt(value)}, "
                           f"expected {fmt(v_ref)}")
            if derivative_ok and not close(derivative, d_ref, "gradient"):
                derivative_ok = False
                message = message or (f"{describe_kind(kind)} on {duals}: derivative "
                                      f"{fmt(derivative)}, expected {fmt(d_ref)}")
        verdict[kind] = (value_ok, derivative_ok, message)
    return verdict


@checks("Dual", points=1)
def test_dual_each_operation_value(student, rng):
    verdict = dual_single_ops(student, rng, NODE_KINDS)
    wrong = [verdict[k][2] for k in NODE_KINDS if not verdict[k][0]]
    if wrong:
        fail(f"{len(wrong)} of {len(NODE_KINDS)} operations on Duals give a wrong value; "
             f"first: {wrong[0]}.")


@checks("Dual", points=1)
def test_dual_each_operation_derivative(student, rng):
    """The derivative part of every operation alone, seeds drawn at random: for
    two Duals the result's derivative is a' df/da + b' df/db."""
    verdict = dual_single_ops(student, rng, NODE_KINDS)
    wrong = [verdict[k][2] for k in NODE_KINDS if not verdict[k][1]]
    if wrong:
        product = verdict["mul"][0] and not verdict["mul"][1]
        fail(f"{len(wrong)} of {len(NODE_KINDS)} operations on Duals give a wrong derivative; "
             f"first: {wrong[0]}.", PRODUCT_RULE if product else None)


@checks("Dual", points=0.5)
def test_dual_numbers_on_the_left(student, rng):
    verdict = dual_single_ops(student, rng, LEFT_KINDS)
    wrong = [verdict[k][2] for k in LEFT_KINDS if not (verdict[k][0] and verdict[k][1])]
    if wrong:
        fail(f"{len(wrong)} of 4 operators with a number on the left are wrong on Duals; "
             f"first: {wrong[0]}.")


def dual_working_kinds(student, rng):
    verdict = dual_single_ops(student, rng, NODE_KINDS + LEFT_KINDS)
    return [k for k, (v, d, _) in verdict.items() if v and d]


@checks("Dual", points=0.5)
def test_dual_random_functions_match_autograd(student, rng):
    """Random one-variable functions over the operations that work alone:
    f(Dual(x, 1)) carries f(x) and f'(x), as torch autograd computes them (and
    as backward() of Value does on the same function)."""
    kinds = dual_working_kinds(student, rng)
    if not kinds:
        fail("no operation on Duals is right on its own (see the operator checks).")
    for _ in range(3):
        inputs, program = random_graph(rng, 1, int(rng.integers(10, 30)), kinds)
        out = len(program)
        (v_ref, d_ref), = jvp(inputs, [1.0], program, [out])
        (value, derivative), = dual_outputs(student, inputs, [1.0], program, [out])
        what = f"f(Dual({inputs[0]:.4g}, 1)) for f: {text_program(program, 1)}"
        expect_close(value, v_ref, f"value part of {what}", tol="float")
        expect_close(derivative, d_ref, f"derivative part of {what}", tol="gradient")


# -- derivative -------------------------------------------------------------------

@checks("derivative", points=0.5)
def test_derivative_is_exact_on_random_functions(student, rng):
    """derivative(f, x) for random f (built from Dual's operators and methods)
    equals torch autograd's f'(x) to rounding: forward mode is exact."""
    kinds = dual_working_kinds(student, rng) or list(NODE_KINDS)
    for _ in range(3):
        inputs, program = random_graph(rng, 1, int(rng.integers(8, 25)), kinds)
        out = len(program)
        (_, d_ref), = jvp(inputs, [1.0], program, [out])
        got = student.call("derivative", NamedFunction("expression", {"program": program}),
                           inputs[0])
        value = as_float(got, "derivative(f, x)")
        if not close(value, d_ref, "gradient") and close(value, d_ref, "numerical"):
            fail(f"derivative(f, {inputs[0]:.6g}) = {fmt(value)} for f: "
                 f"{text_program(program, 1)}; the exact derivative is {fmt(d_ref)}: close, "
                 "but not to rounding error.", FINITE_DIFFERENCE)
        expect_close(value, d_ref, f"derivative(f, {inputs[0]:.6g}) for f: "
                     f"{text_program(program, 1)}", tol="gradient")


def finite_differences(program, x):
    f = lambda t: run_program(program, [t])[-1]                          # noqa: E731
    return [(f(x + h) - f(x - h)) / (2 * h) for h in (1e-4, 1e-5, 1e-6, 1e-7, 1e-8)] \
        + [(f(x + h) - f(x)) / h for h in (1e-5, 1e-6, 1e-7, 1e-8)]


@checks("derivative", points=0.5)
def test_derivative_is_exact_next_to_a_kink(student, rng):
    """f(x) = c relu(x - a) + x^2 at x = a + 1e-7: f'(x) = c + 2x exactly; a
    finite difference straddles the kink and is far off."""
    kinds = dual_working_kinds(student, rng)
    if kinds and not {"sub_number", "relu", "mul_number", "mul", "add"} <= set(kinds):
        return      # the Dual operators this function needs are charged by Dual's checks
    a = float(rng.uniform(-1.0, 1.0))
    c = float(rng.uniform(1.0, 3.0))
    x = a + 1e-7
    program = [["sub", ["n", 0], ["c", a]], ["relu", ["n", 1]], ["mul", ["n", 2], ["c", c]],
               ["mul", ["n", 0], ["n", 0]], ["add", ["n", 3], ["n", 4]]]
    got = as_float(student.call("derivative",
                                NamedFunction("expression", {"program": program}), x),
                   "derivative(f, x)")
    expected = c + 2 * x
    if not close(got, expected, "gradient") and any(
            abs(got - fd) <= 1e-6 * abs(fd) + 1e-9 for fd in finite_differences(program, x)):
        fail(f"derivative(f, {x:.10g}) = {fmt(got)} for f(x) = {c:.4g} relu(x - {a:.10g}) "
             f"+ x^2, 1e-7 right of the kink; the exact derivative is {fmt(expected)}.",
             FINITE_DIFFERENCE)
    expect_close(got, expected, f"derivative(f, {x:.10g}) for f(x) = {c:.4g} relu(x - "
                 f"{a:.10g}) + x^2", tol="gradient")


@checks("derivative", points=0.5)
def test_derivative_returns_a_float_at_an_integer_point(student, rng):
    """x may be an int; the answer is a number (a float), not a Dual."""
    x = int(rng.integers(1, 4))
    c = float(rng.uniform(0.5, 2.0))
    program = [["mul", ["n", 0], ["n", 0]], ["mul", ["n", 1], ["c", c]]]     # c x^2
    got = student.call("derivative", NamedFunction("expression", {"program": program}), x)
    if not isinstance(got, (int, float, np.floating, np.integer)):
        fail(f"derivative(f, {x}) returned a {type(got).__name__}, not a float: return the "
             "derivative part only.")
    expect_close(got, 2 * c * x, f"derivative(f, {x}) for f(x) = {c:.4g} x**2", tol="gradient")


# -- numerical_gradient -----------------------------------------------------------

def draw_field(rng, shape):
    a = rng.uniform(-2.0, 2.0, shape)
    b = rng.uniform(-1.0, 1.0, shape)
    return a, b, NamedFunction("smooth_field", {"a": a.tolist(), "b": b.tolist()})


def field(a, b, x):
    return float(np.sum(a * np.sin(x) + b * x ** 3))


@checks("numerical_gradient", points=1)
def test_numerical_gradient_matches_the_analytic_gradient(student, rng):
    shape = (int(rng.integers(2, 5)), int(rng.integers(1, 4)))
    a, b, f = draw_field(rng, shape)
    x = rng.uniform(-2.0, 2.0, shape)
    got = student.call("numerical_gradient", f, x)
    expect_close(got, a * np.cos(x) + 3 * b * x ** 2,
                 f"numerical_gradient(f, x) with default h for f(x) = sum(a sin x + b x^3), "
                 f"x of shape {shape}", tol="numerical")


@checks("numerical_gradient", points=0.5)
def test_numerical_gradient_is_central_with_the_given_h(student, rng):
    """With h = 0.05 the answer is (f(x + h e_i) - f(x - h e_i)) / (2h) exactly
    (to rounding): the given h is used, and the difference is central."""
    shape = (int(rng.integers(2, 6)),)
    a, b, f = draw_field(rng, shape)
    x = rng.uniform(-2.0, 2.0, shape)
    h = 0.05
    central, forward = np.zeros(shape), np.zeros(shape)
    for i in range(shape[0]):
        e = np.zeros(shape)
        e[i] = h
        central[i] = (field(a, b, x + e) - field(a, b, x - e)) / (2 * h)
        forward[i] = (field(a, b, x + e) - field(a, b, x)) / h
    got = student.call("numerical_gradient", f, x, h)
    expect_close(got, central, f"numerical_gradient(f, x, h={h}) for x = {fmt(x)}",
                 tol=(1e-8, 1e-10), misconceptions={FORWARD_DIFFERENCE: forward})


@checks("numerical_gradient", points=0.5)
def test_numerical_gradient_takes_lists_and_leaves_x_unchanged(student, rng):
    shape = (3,)
    a, b, f = draw_field(rng, shape)
    x = [float(v) for v in rng.uniform(-2.0, 2.0, shape)]
    got = student.call("numerical_gradient", f, x)
    expect_close(got, a * np.cos(x) + 3 * b * np.asarray(x) ** 2,
                 f"numerical_gradient(f, {fmt(np.array(x))}) with x a list", tol="numerical")
    expect_no_side_effects(student, "inputs")


# -- layers -----------------------------------------------------------------------

def draw_linear(rng):
    n, d, m = (int(rng.integers(1, 6)), int(rng.integers(1, 6)), int(rng.integers(1, 6)))
    return rng.standard_normal((n, d)), rng.standard_normal((d, m)), rng.standard_normal(m)


def pair(result, name):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        fail(f"{name} should return a pair (out, cache), got {type(result).__name__}")
    return result


def linear_autograd(x, W, b, dout):
    xt, Wt, bt = (torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (x, W, b))
    out = xt @ Wt + bt
    out.backward(torch.tensor(dout, dtype=torch.float64))
    return out.detach().numpy(), xt.grad.numpy(), Wt.grad.numpy(), bt.grad.numpy()


@checks("linear_forward", points=1)
def test_linear_forward_matches_torch(student, rng):
    for _ in range(2):
        x, W, b = draw_linear(rng)
        out, cache = pair(student.call("linear_forward", x, W, b, opaque=(1,)), "linear_forward")
        expect_close(out, linear_autograd(x, W, b, np.zeros((x.shape[0], W.shape[1])))[0],
                     f"linear_forward out for x {x.shape}, W {W.shape}, b {b.shape}",
                     tol="float")


@checks("linear_forward", points=0.5)
def test_linear_forward_takes_lists_and_leaves_inputs_unchanged(student, rng):
    x, W, b = draw_linear(rng)
    out, _ = pair(student.call("linear_forward", x.tolist(), W.tolist(), b.tolist(),
                               opaque=(1,)), "linear_forward")
    expect_close(out, x @ W + b, "linear_forward out with x, W, b given as lists", tol="float")
    expect_no_side_effects(student, "inputs")


def triple(result, name):
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        fail(f"{name} should return (dx, dW, db), got {type(result).__name__}")
    return result


@checks("linear_backward", points=1)
def test_linear_backward_matches_autograd(student, rng):
    for _ in range(2):
        x, W, b = draw_linear(rng)
        dout = rng.standard_normal((x.shape[0], W.shape[1]))
        _, cache = pair(student.call("linear_forward", x, W, b, opaque=(1,), watch=False),
                        "linear_forward")
        dx, dW, db = triple(student.call("linear_backward", dout, cache), "linear_backward")
        _, ex, eW, eb = linear_autograd(x, W, b, dout)
        shapes = f"x {x.shape}, W {W.shape}"
        expect_close(dx, ex, f"dx for {shapes}", tol="gradient")
        expect_close(dW, eW, f"dW for {shapes}", tol="gradient")
        expect_close(db, eb, f"db for {shapes}", tol="gradient",
                     misconceptions={BIAS_NOT_SUMMED: dout})


@checks("linear_backward", points=0.5)
def test_linear_backward_leaves_dout_and_cache_unchanged(student, rng):
    x, W, b = draw_linear(rng)
    dout = rng.standard_normal((x.shape[0], W.shape[1]))
    _, cache = pair(student.call("linear_forward", x, W, b, opaque=(1,), watch=False),
                    "linear_forward")
    student.call("linear_backward", dout, cache)
    expect_no_side_effects(student, "inputs")
    expect_no_side_effects(student, "cache")


def draw_relu_input(rng):
    shape = (int(rng.integers(2, 6)), int(rng.integers(2, 6)))
    x = rng.standard_normal(shape)
    x[np.abs(x) < 1e-3] = 0.5          # away from the kink, whose derivative is left open
    x.flat[0], x.flat[1] = -abs(x.flat[0]), abs(x.flat[1])
    return x


@checks("relu_forward", points=0.5)
def test_relu_forward_values(student, rng):
    x = draw_relu_input(rng)
    out, _ = pair(student.call("relu_forward", x, opaque=(1,), watch=False), "relu_forward")
    expect_close(out, np.maximum(x, 0.0), f"relu_forward out for x of shape {x.shape}",
                 tol="exact")


@checks("relu_forward", points=0.5)
def test_relu_forward_leaves_x_unchanged(student, rng):
    x = draw_relu_input(rng)
    pair(student.call("relu_forward", x, opaque=(1,)), "relu_forward")
    expect_no_side_effects(student, "inputs")


@checks("relu_backward", points=0.5)
def test_relu_backward_matches_autograd(student, rng):
    x = draw_relu_input(rng)
    dout = rng.standard_normal(x.shape)
    _, cache = pair(student.call("relu_forward", x, opaque=(1,), watch=False), "relu_forward")
    got = student.call("relu_backward", dout, cache, watch=False)
    xt = torch.tensor(x, requires_grad=True)
    torch.relu(xt).backward(torch.tensor(dout))
    expect_close(got, xt.grad.numpy(), f"relu_backward dx for x of shape {x.shape}",
                 tol="exact")


@checks("relu_backward", points=0.5)
def test_relu_backward_leaves_dout_and_cache_unchanged(student, rng):
    x = draw_relu_input(rng)
    dout = rng.standard_normal(x.shape)
    _, cache = pair(student.call("relu_forward", x, opaque=(1,), watch=False), "relu_forward")
    student.call("relu_backward", dout, cache)
    expect_no_side_effects(student, "inputs")
    expect_no_side_effects(student, "cache")


# -- the network ------------------------------------------------------------------

def draw_net(rng, scale=1.0):
    n, d, h, c = (int(rng.integers(2, 7)), int(rng.integers(2, 6)), int(rng.integers(2, 7)),
                  int(rng.integers(2, 6)))
    params = {"W1": rng.standard_normal((d, h)), "b1": rng.normal(0.0, 0.5, h),
              "W2": scale * rng.standard_normal((h, c)), "b2": rng.normal(0.0, 0.5, c)}
    X = rng.standard_normal((n, d))
    y = rng.integers(0, c, n)
    y[0] = c - 1          # the last class occurs
    return params, X, y


def mlp_autograd(params, X, y, reduction="mean"):
    p = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}
    hidden = torch.relu(torch.tensor(X) @ p["W1"] + p["b1"])
    loss = F.cross_entropy(hidden @ p["W2"] + p["b2"], torch.tensor(y), reduction=reduction)
    loss.backward()
    return float(loss.detach()), {k: t.grad.numpy() for k, t in p.items()}


def call_mlp(student, params, X, y, watch=True):
    result = student.call("mlp_loss_and_grads", params, X, y, watch=watch)
    if not isinstance(result, (tuple, list)) or len(result) != 2 \
            or not isinstance(result[1], dict):
        fail("mlp_loss_and_grads should return (loss, grads) with grads a dict, got "
             f"{type(result).__name__}")
    return as_float(result[0], "the loss"), result[1]


def net_text(params, X):
    return f"N={X.shape[0]}, D={X.shape[1]}, H={params['W1'].shape[1]}, C={params['W2'].shape[1]}"


@checks("mlp_loss_and_grads", points=1)
def test_mlp_loss_matches_torch_cross_entropy(student, rng):
    params, X, y = draw_net(rng)
    loss, _ = call_mlp(student, params, X, y, watch=False)
    expected, _ = mlp_autograd(params, X, y)
    total, _ = mlp_autograd(params, X, y, "sum")
    expect_close(loss, expected, f"loss for {net_text(params, X)}", tol="float",
                 misconceptions={SUM_NOT_MEAN: total})


@checks("mlp_loss_and_grads", points=1)
def test_mlp_grads_match_autograd(student, rng):
    params, X, y = draw_net(rng)
    _, grads = call_mlp(student, params, X, y, watch=False)
    _, expected = mlp_autograd(params, X, y)
    _, total = mlp_autograd(params, X, y, "sum")
    for key in ("W1", "b1", "W2", "b2"):
        if key not in grads:
            fail(f"grads has no key {key!r} (keys: {sorted(grads)})")
        expect_close(grads[key], expected[key], f"grads[{key!r}] for {net_text(params, X)}",
                     tol="gradient", misconceptions={SUM_NOT_MEAN: total[key]})


@checks("mlp_loss_and_grads", points=0.5)
def test_mlp_grads_are_the_gradient_of_the_own_loss(student, rng):
    """Central differences of the student's own loss along a random direction
    agree with the student's grads (judged on the student's own loss). Every
    pre-activation is kept at least 1e-3 from 0 (as draw_relu_input does), so the
    differences, which move it by ~1e-4 at most, never straddle a relu kink."""
    for _ in range(100):
        params, X, y = draw_net(rng)
        if np.abs(X @ params["W1"] + params["b1"]).min() > 1e-3:
            break
    _, grads = call_mlp(student, params, X, y, watch=False)
    direction = {k: rng.standard_normal(np.shape(v)) for k, v in params.items()}
    h = 1e-5
    values = []
    for sign in (1.0, -1.0):
        moved = {k: v + sign * h * direction[k] for k, v in params.items()}
        values.append(call_mlp(student, moved, X, y, watch=False)[0])
    numeric = (values[0] - values[1]) / (2 * h)
    analytic = sum(float(np.sum(as_array(grads.get(k, np.nan), f"grads[{k!r}]")
                                * direction[k])) for k in params)
    expect_close(analytic, numeric, "the directional derivative sum_k <grads[k], v_k> against "
                 "central differences of your own loss along v", tol="numerical")


@checks("mlp_loss_and_grads", points=0.5)
def test_mlp_is_finite_and_right_at_logits_near_1000(student, rng):
    """One class's scores reach 2000 on the examples with a hidden unit on, while
    example 0 has every hidden unit off (its scores are b2, near 0): exp overflows
    without the shift by the row maximum, and also when shifting by the row
    minimum; a shift by the batch's maximum underflows example 0's row to 0. The
    row with the 2000 is labelled with another class, whose probability rounds to
    0: -log of it is inf (log-softmax must be computed as s - m - logsumexp)."""
    params, X, y = draw_net(rng, scale=1.0)
    params["b1"] = -np.abs(params["b1"]) - 0.1
    X[0] = 0.0                                           # example 0: every hidden unit off
    w = params["W1"][:, 0]
    X[1] = 3.0 * (abs(params["b1"][0]) + 1.0) * w / float(w @ w)   # unit 0 on
    hidden = np.maximum(X @ params["W1"] + params["b1"], 0.0)
    j = int(rng.integers(params["W2"].shape[1]))
    params["W2"][:, j] = np.abs(params["W2"][:, j]) + 0.1
    params["W2"][:, j] *= 2000.0 / float((hidden @ params["W2"][:, j]).max())
    top = int(np.argmax(hidden @ params["W2"][:, j]))          # the row whose score is 2000
    classes = params["W2"].shape[1]
    y[top] = (j + 1 + int(rng.integers(classes - 1))) % classes  # another class than j
    loss, grads = call_mlp(student, params, X, y, watch=False)
    arrays = [as_array(grads.get(key, np.nan), f"grads[{key!r}]")
              for key in ("W1", "b1", "W2", "b2")]
    if loss == math.inf and all(np.all(np.isfinite(g)) for g in arrays):
        fail(f"the loss is inf at logits of size ~1000 (example {top} has score 2000 in "
             f"class {j} but label {y[top]}), while the gradients are finite: the log of "
             "a probability that rounded to 0.", LOG_OF_ROUNDED)
    expect_finite(loss, "the loss at logits of size ~1000")
    for key, g in zip(("W1", "b1", "W2", "b2"), arrays):
        expect_finite(g, f"grads[{key!r}] at logits of size ~1000")
    expected, _ = mlp_autograd(params, X, y)
    expect_close(loss, expected, "the loss at logits of size ~1000", tol="float")


@checks("mlp_loss_and_grads", points=0.5)
def test_mlp_leaves_params_and_data_unchanged(student, rng):
    params, X, y = draw_net(rng)
    call_mlp(student, params, X, y)
    expect_no_side_effects(student, "inputs")
