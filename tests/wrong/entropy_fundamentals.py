"""Wrong (and alternative correct) implementations for 01_entropy_fundamentals.

Each ``code`` is appended to solutions/01_entropy_fundamentals/01_entropy_fundamentals.py
and redefines only what it breaks.
"""

WRONG = [
    dict(name="entropy_natural_log", exercise="entropy",
         misconception="natural-log-instead-of-bits", code='''
import numpy as np
def entropy(p, base=2):
    p = np.array(p, dtype=float)
    if np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("p is not a PMF")
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)))      # forgot to divide by log(base)
'''),
    dict(name="entropy_zero_log_zero_is_nan", exercise="entropy",
         misconception="zero-log-zero-is-nan", code='''
import numpy as np
def entropy(p, base=2):
    p = np.array(p, dtype=float)
    if np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("p is not a PMF")
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    with np.errstate(all="ignore"):
        return float(-np.sum(p * np.log(p)) / np.log(base))   # 0 * -inf = nan
'''),
    dict(name="entropy_overwrites_zeros_in_place", exercise="entropy",
         misconception="input-modified-in-place", code='''
import numpy as np
def entropy(p, base=2):
    p = np.asarray(p, dtype=float)               # no copy for a float64 array
    if np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("p is not a PMF")
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    p[p == 0] = 1.0                              # log(1) = 0, so zeros "contribute nothing"
    return float(-np.sum(p * np.log(p)) / np.log(base))
'''),
    dict(name="entropy_exact_sum_check", exercise="entropy", misconception=None, code='''
import numpy as np
def entropy(p, base=2):
    p = np.array(p, dtype=float)
    if np.any(p < 0) or p.sum() != 1:            # floating point sums are rarely exactly 1
        raise ValueError("p must sum to 1")
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)) / np.log(base))
'''),
    dict(name="entropy_without_validation", exercise="entropy", misconception=None, code='''
import numpy as np
def entropy(p, base=2):
    p = np.array(p, dtype=float)
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)) / np.log(base))
'''),
    dict(name="cross_entropy_clamped_log", exercise="cross_entropy",
         misconception="clamped-log-hides-support-mismatch", code='''
import numpy as np
def cross_entropy(p, q, base=2):
    p, q = np.array(p, dtype=float), np.array(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("shape mismatch")
    for v in (p, q):
        if np.any(v < 0) or abs(v.sum() - 1) > 1e-6:
            raise ValueError("not a PMF")
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    q = np.clip(q, 1e-10, 1.0)                   # "avoid log(0)"
    return float(-np.sum(p * np.log(q)) / np.log(base))
'''),
    dict(name="cross_entropy_arguments_swapped", exercise="cross_entropy",
         misconception="cross-entropy-arguments-swapped", code='''
import math
import numpy as np
def cross_entropy(p, q, base=2):
    p, q = np.array(p, dtype=float), np.array(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("shape mismatch")
    for v in (p, q):
        if np.any(v < 0) or abs(v.sum() - 1) > 1e-6:
            raise ValueError("not a PMF")
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    s = q > 0                                    # -sum q log p: roles of p and q swapped
    if np.any(p[s] == 0):
        return math.inf
    return float(-np.sum(q[s] * np.log(p[s])) / np.log(base))
'''),
    dict(name="cross_entropy_nan_when_both_zero", exercise="cross_entropy",
         misconception="zero-log-zero-is-nan", code='''
import math
import numpy as np
def cross_entropy(p, q, base=2):
    p, q = np.array(p, dtype=float), np.array(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("shape mismatch")
    for v in (p, q):
        if np.any(v < 0) or abs(v.sum() - 1) > 1e-6:
            raise ValueError("not a PMF")
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    with np.errstate(all="ignore"):
        return float(-np.sum(p * np.log(q)) / np.log(base))   # 0 * log 0 = nan
'''),
    dict(name="gaussian_sigma_not_squared", exercise="differential_entropy_gaussian",
         misconception="std-in-place-of-variance", code='''
import math
def differential_entropy_gaussian(sigma, base=math.e):
    if sigma <= 0 or base <= 0 or base == 1:
        raise ValueError("invalid sigma or base")
    return 0.5 * math.log(2 * math.pi * math.e * sigma) / math.log(base)
'''),
    dict(name="gaussian_in_bits_by_default", exercise="differential_entropy_gaussian",
         misconception="bits-instead-of-nats", code='''
import math
def differential_entropy_gaussian(sigma, base=2):   # copied the default of entropy()
    if sigma <= 0 or base <= 0 or base == 1:
        raise ValueError("invalid sigma or base")
    return 0.5 * math.log(2 * math.pi * math.e * sigma ** 2) / math.log(base)
'''),
    dict(name="uniform_ignores_base", exercise="differential_entropy_uniform",
         misconception="natural-log-instead-of-bits", code='''
import math
def differential_entropy_uniform(a, b, base=math.e):
    if a >= b or base <= 0 or base == 1:
        raise ValueError("invalid interval or base")
    return math.log(b - a)
'''),
    dict(name="uniform_absolute_width", exercise="differential_entropy_uniform",
         misconception=None, code='''
import math
def differential_entropy_uniform(a, b, base=math.e):
    if base <= 0 or base == 1:
        raise ValueError("invalid base")
    return math.log(abs(b - a)) / math.log(base)     # reversed intervals silently accepted
'''),
    dict(name="discretized_not_renormalised", exercise="discretized_entropy",
         misconception="discretised-masses-not-renormalised", code='''
import math
import numpy as np
def discretized_entropy(pdf, lo, hi, bin_width, base=math.e):
    if bin_width <= 0 or hi <= lo or base <= 0 or base == 1:
        raise ValueError("invalid grid or base")
    n = int(round((hi - lo) / bin_width))
    if n < 1:
        raise ValueError("no bins")
    m = np.asarray(pdf(lo + (np.arange(n) + 0.5) * bin_width), dtype=float) * bin_width
    if m.sum() <= 0:
        raise ValueError("zero density")
    m = m[m > 0]
    return float(-np.sum(m * np.log(m)) / math.log(base))
'''),
    dict(name="discretized_left_edges", exercise="discretized_entropy",
         misconception="bin-edges-instead-of-centres", code='''
import math
import numpy as np
def discretized_entropy(pdf, lo, hi, bin_width, base=math.e):
    if bin_width <= 0 or hi <= lo or base <= 0 or base == 1:
        raise ValueError("invalid grid or base")
    n = int(round((hi - lo) / bin_width))
    if n < 1:
        raise ValueError("no bins")
    m = np.asarray(pdf(lo + np.arange(n) * bin_width), dtype=float) * bin_width
    if m.sum() <= 0:
        raise ValueError("zero density")
    m = m / m.sum()
    m = m[m > 0]
    return float(-np.sum(m * np.log(m)) / math.log(base))
'''),
    dict(name="discretized_floor_bin_count", exercise="discretized_entropy",
         misconception="bin-count-truncated", code='''
import math
import numpy as np
def discretized_entropy(pdf, lo, hi, bin_width, base=math.e):
    if bin_width <= 0 or hi <= lo or base <= 0 or base == 1:
        raise ValueError("invalid grid or base")
    n = int((hi - lo) / bin_width)               # truncates instead of rounding
    if n < 1:
        raise ValueError("no bins")
    m = np.asarray(pdf(lo + (np.arange(n) + 0.5) * bin_width), dtype=float) * bin_width
    if m.sum() <= 0:
        raise ValueError("zero density")
    m = m / m.sum()
    m = m[m > 0]
    return float(-np.sum(m * np.log(m)) / math.log(base))
'''),
    dict(name="huffman_shannon_code_lengths", exercise="huffman_code",
         misconception="prefix-code-not-optimal", code='''
import math
def huffman_code(probs):
    if not probs or any(p < 0 for p in probs.values()) or abs(sum(probs.values()) - 1) > 1e-6:
        raise ValueError("invalid probabilities")
    if len(probs) == 1:
        return {s: "0" for s in probs}
    # Shannon code: lengths ceil(-log2 p), codewords from the cumulative sums (canonical)
    order = sorted(probs, key=lambda s: -probs[s])
    lengths = {s: max(1, math.ceil(-math.log2(probs[s]))) if probs[s] > 0 else 64 for s in order}
    code, value, previous = {}, 0, 0
    for s in order:
        value <<= lengths[s] - previous
        code[s] = format(value, "b").zfill(lengths[s])
        value += 1
        previous = lengths[s]
    return code
'''),
    dict(name="huffman_shannon_fano_split", exercise="huffman_code",
         misconception="prefix-code-not-optimal", code='''
def huffman_code(probs):
    if not probs or any(p < 0 for p in probs.values()) or abs(sum(probs.values()) - 1) > 1e-6:
        raise ValueError("invalid probabilities")
    if len(probs) == 1:
        return {s: "0" for s in probs}
    code = {s: "" for s in probs}
    def split(group):
        if len(group) < 2:
            return
        total, run, best, cut = sum(probs[s] for s in group), 0.0, None, 1
        for i in range(1, len(group)):
            run += probs[group[i - 1]]
            gap = abs(total - 2 * run)
            if best is None or gap < best:
                best, cut = gap, i
        for s in group[:cut]:
            code[s] += "0"
        for s in group[cut:]:
            code[s] += "1"
        split(group[:cut])
        split(group[cut:])
    split(sorted(probs, key=lambda s: -probs[s]))
    return code
'''),
    dict(name="huffman_empty_codeword_for_one_symbol", exercise="huffman_code",
         misconception="empty-codeword-for-single-symbol", code='''
import heapq, itertools
def huffman_code(probs):
    if not probs or any(p < 0 for p in probs.values()) or abs(sum(probs.values()) - 1) > 1e-6:
        raise ValueError("invalid probabilities")
    tie = itertools.count()
    heap = [(p, next(tie), {s: ""}) for s, p in probs.items()]
    heapq.heapify(heap)
    while len(heap) > 1:
        p0, _, c0 = heapq.heappop(heap)
        p1, _, c1 = heapq.heappop(heap)
        merged = {s: "0" + w for s, w in c0.items()}
        merged.update({s: "1" + w for s, w in c1.items()})
        heapq.heappush(heap, (p0 + p1, next(tie), merged))
    return heap[0][2]                            # a single leaf keeps the empty path
'''),
    dict(name="huffman_heap_compares_symbols", exercise="huffman_code", misconception=None,
         code='''
import heapq
def huffman_code(probs):
    if not probs or any(p < 0 for p in probs.values()) or abs(sum(probs.values()) - 1) > 1e-6:
        raise ValueError("invalid probabilities")
    if len(probs) == 1:
        return {s: "0" for s in probs}
    heap = [(p, s) for s, p in probs.items()]    # ties compare the symbols themselves
    heapq.heapify(heap)
    while len(heap) > 1:
        p0, a = heapq.heappop(heap)
        p1, b = heapq.heappop(heap)
        heapq.heappush(heap, (p0 + p1, (a, b)))  # a tuple is an internal node
    code = {}
    def walk(node, prefix):
        if isinstance(node, tuple) and len(node) == 2:
            walk(node[0], prefix + "0")
            walk(node[1], prefix + "1")
        else:
            code[node] = prefix
    walk(heap[0][1], "")
    return code
'''),
    dict(name="expected_length_unweighted", exercise="expected_length",
         misconception="unweighted-average-length", code='''
def expected_length(code, probs):
    for s in probs:
        if s not in code:
            raise ValueError(f"no codeword for {s!r}")
    return sum(len(code[s]) for s in probs) / len(probs)
'''),
    dict(name="encode_with_separators", exercise="encode", misconception=None, code='''
def encode(message, code):
    for s in message:
        if s not in code:
            raise ValueError(f"no codeword for {s!r}")
    return " ".join(code[s] for s in message)
'''),
    dict(name="encode_key_error", exercise="encode", misconception=None, code='''
def encode(message, code):
    return "".join(code[s] for s in message)     # KeyError, not ValueError
'''),
    dict(name="decode_drops_leftover_bits", exercise="decode",
         misconception="decode-ignores-leftover-bits", code='''
def decode(bits, code):
    inverse = {w: s for s, w in code.items()}
    out, buffer = [], ""
    for bit in bits:
        buffer += bit
        if buffer in inverse:
            out.append(inverse[buffer])
            buffer = ""
    return out                                   # whatever is left in buffer is ignored
'''),
    dict(name="decode_returns_string", exercise="decode", misconception=None, code='''
def decode(bits, code):
    inverse = {w: s for s, w in code.items()}
    out, buffer = "", ""
    for bit in bits:
        if bit not in "01":
            raise ValueError("not a bit")
        buffer += bit
        if buffer in inverse:
            out += str(inverse[buffer])
            buffer = ""
    if buffer:
        raise ValueError("leftover bits")
    return out
'''),
    # -- one property each: inputs unchanged, a number's type, array-likes, bases, ...
    # Each loses only the check of its property (its exercise's first check for a type).
    dict(name="entropy_sorts_the_callers_list", exercise="entropy",
         misconception="modifies-input-in-place", code='''
import math
import numpy as np
def entropy(p, base=2):
    values = p if isinstance(p, list) else np.ravel(p).tolist()
    values.sort()                                # small terms first: a more accurate sum
    if not base > 0 or base == 1:
        raise ValueError("bad base")
    if values[0] < 0 or abs(math.fsum(values) - 1) > 1e-6:
        raise ValueError("p is not a PMF")
    return -math.fsum(v * math.log(v) for v in values if v > 0) / math.log(base)
'''),
    dict(name="entropy_converts_only_lists", exercise="entropy", misconception=None, code='''
import numpy as np
def entropy(p, base=2):
    if isinstance(p, list):
        p = np.array(p, dtype=float)             # a tuple stays a tuple: p > 0 fails
    if np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("p is not a PMF")
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    nz = p[p > 0]
    return float(-np.sum(nz * np.log(nz)) / np.log(base))
'''),
    dict(name="entropy_returns_a_one_element_array", exercise="entropy",
         misconception="number-returned-as-array", code='''
import numpy as np
def entropy(p, base=2):
    p = np.array(p, dtype=float).ravel()
    if np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("p is not a PMF")
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    nz = p[p > 0]
    return -np.sum(nz * np.log(nz), keepdims=True) / np.log(base)   # shape (1,)
'''),
    dict(name="cross_entropy_normalises_in_place", exercise="cross_entropy",
         misconception="modifies-input-in-place", code='''
import math
import numpy as np
def cross_entropy(p, q, base=2):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)   # no copy of float64
    if p.shape != q.shape:
        raise ValueError("shape mismatch")
    for v in (p, q):
        if np.any(v < 0) or abs(v.sum() - 1) > 1e-6:
            raise ValueError("not a PMF")
    if base <= 0 or base == 1:
        raise ValueError("bad base")
    p /= p.sum()                                 # renormalise "to be safe": the caller's arrays
    q /= q.sum()
    s = p > 0
    if np.any(q[s] == 0):
        return math.inf
    return float(-np.sum(p[s] * np.log(q[s])) / np.log(base))
'''),
    dict(name="gaussian_validates_sigma_only", exercise="differential_entropy_gaussian",
         misconception=None, code='''
import math
def differential_entropy_gaussian(sigma, base=math.e):
    if sigma <= 0:
        raise ValueError("sigma must be positive")
    return 0.5 * math.log(2 * math.pi * math.e * sigma ** 2) / math.log(base)  # base 1: ZeroDivisionError
'''),
    dict(name="huffman_merges_in_the_callers_dict", exercise="huffman_code",
         misconception="modifies-input-in-place", code='''
class _Node:
    def __init__(self, left, right):
        self.left, self.right = left, right

def huffman_code(probs):
    if not probs or any(p < 0 for p in probs.values()) or abs(sum(probs.values()) - 1) > 1e-6:
        raise ValueError("invalid probabilities")
    if len(probs) == 1:
        return {s: "0" for s in probs}
    code = {s: "" for s in probs}
    leaves = {s: [s] for s in probs}
    weights = probs                              # "no copy needed": it is the caller's dict
    while len(weights) > 1:
        a = min(weights, key=weights.get)
        wa = weights.pop(a)
        b = min(weights, key=weights.get)
        wb = weights.pop(b)
        for s in leaves[a]:
            code[s] = "0" + code[s]
        for s in leaves[b]:
            code[s] = "1" + code[s]
        node = _Node(a, b)
        leaves[node] = leaves.pop(a) + leaves.pop(b)
        weights[node] = wa + wb
    return code
'''),
    dict(name="expected_length_drops_zero_probability_symbols", exercise="expected_length",
         misconception="modifies-input-in-place", code='''
def expected_length(code, probs):
    for s in [s for s, p in probs.items() if p == 0]:
        del probs[s]                             # they cost nothing: tidy them away
    for s in probs:
        if s not in code:
            raise ValueError(f"no codeword for {s!r}")
    return float(sum(p * len(code[s]) for s, p in probs.items()))
'''),
    dict(name="encode_consumes_the_message", exercise="encode",
         misconception="modifies-input-in-place", code='''
def encode(message, code):
    queue = message if isinstance(message, list) else list(message)
    bits = []
    while queue:
        s = queue.pop(0)                         # the caller's list is emptied
        if s not in code:
            raise ValueError(f"no codeword for {s!r}")
        bits.append(code[s])
    return "".join(bits)
'''),
    dict(name="decode_skips_other_characters", exercise="decode", misconception=None, code='''
def decode(bits, code):
    inverse = {w: s for s, w in code.items()}
    out, buffer = [], ""
    for bit in bits:
        if bit not in "01":
            continue                             # "separators are harmless"
        buffer += bit
        if buffer in inverse:
            out.append(inverse[buffer])
            buffer = ""
        elif not any(w.startswith(buffer) for w in inverse):
            raise ValueError(f"no codeword starts with {buffer!r}")
    if buffer:
        raise ValueError(f"leftover bits {buffer!r}")
    return out
'''),
]

ALTERNATIVES = [
    dict(name="loops_lists_and_math_log", code='''
import math

def _check_base(base):
    if isinstance(base, bool) or not base > 0 or base == 1:
        raise ValueError("base must be > 0 and != 1")

def _flatten(p):
    if hasattr(p, "tolist"):
        p = p.tolist()
    if isinstance(p, (list, tuple)):
        out = []
        for item in p:
            out.extend(_flatten(item) if isinstance(item, (list, tuple)) else [float(item)])
        return out
    return [float(p)]

def _check_pmf(values, name):
    if not values or any(v < 0 for v in values):
        raise ValueError(f"{name} must be non-empty and non-negative")
    if abs(math.fsum(values) - 1) > 1e-6:
        raise ValueError(f"{name} must sum to 1")

def entropy(p, base=2):
    _check_base(base)
    values = _flatten(p)
    _check_pmf(values, "p")
    total = 0.0
    for v in values:
        if v > 0:
            total -= v * math.log(v, base)
    return total

def cross_entropy(p, q, base=2):
    _check_base(base)
    if hasattr(p, "shape") or hasattr(q, "shape"):
        import numpy as np
        if np.shape(p) != np.shape(q):
            raise ValueError("shape mismatch")
    pv, qv = _flatten(p), _flatten(q)
    if len(pv) != len(qv):
        raise ValueError("shape mismatch")
    _check_pmf(pv, "p")
    _check_pmf(qv, "q")
    total = 0.0
    for a, b in zip(pv, qv):
        if a > 0:
            if b == 0:
                return float("inf")
            total -= a * math.log(b, base)
    return total

def expected_length(code, probs):
    total = 0.0
    for s, p in probs.items():
        try:
            total += p * len(code[s])
        except KeyError:
            raise ValueError(f"{s!r} has no codeword") from None
    return float(total)

def encode(message, code):
    out = ""
    for s in message:
        try:
            out += code[s]
        except KeyError:
            raise ValueError(f"{s!r} has no codeword") from None
    return out
'''),
    dict(name="equivalent_formulas", code='''
import math
import numpy as np

def cross_entropy(p, q, base=2):
    """H(p) + KL(p || q), both computed with log ratios."""
    if not base > 0 or base == 1:
        raise ValueError("bad base")
    p, q = np.array(p, dtype=float), np.array(q, dtype=float)
    if p.shape != q.shape:
        raise ValueError("shape mismatch")
    for name, v in (("p", p), ("q", q)):
        if np.any(v < 0) or not np.isclose(v.sum(), 1.0, rtol=0, atol=1e-6):
            raise ValueError(f"{name} is not a PMF")
    s = p > 0
    if np.any(q[s] == 0):
        return float("inf")
    h = -np.sum(p[s] * np.log2(p[s]))
    kl = np.sum(p[s] * np.log2(p[s] / q[s]))
    return float((h + kl) * math.log(2) / math.log(base))

def differential_entropy_gaussian(sigma, base=math.e):
    if not sigma > 0 or not base > 0 or base == 1:
        raise ValueError("bad sigma or base")
    variance = sigma * sigma
    return float(np.log(2 * np.pi * np.e * variance) / (2 * np.log(base)))

def differential_entropy_uniform(a, b, base=math.e):
    if not a < b:
        raise ValueError("need a < b")
    if not base > 0 or base == 1:
        raise ValueError("bad base")
    return -math.log(1.0 / (b - a), base)        # -log of the density

def discretized_entropy(pdf, lo, hi, bin_width, base=math.e):
    if not bin_width > 0 or not hi > lo or not base > 0 or base == 1:
        raise ValueError("bad grid or base")
    n = round((hi - lo) / bin_width)
    if n < 1:
        raise ValueError("no bins")
    total, masses = 0.0, []
    for i in range(n):
        m = float(pdf(np.array([lo + (i + 0.5) * bin_width]))[0]) * bin_width
        masses.append(m)
        total += m
    if total <= 0:
        raise ValueError("zero density")
    # H = log(total) - sum m log m / total, without forming the normalised PMF
    s = sum(m * math.log(m) for m in masses if m > 0)
    return (math.log(total) - s / total) / math.log(base)
'''),
    dict(name="huffman_other_tie_breaking_and_trie_decoder", code='''
import heapq
import itertools

def huffman_code(probs):
    if not isinstance(probs, dict) or not probs:
        raise ValueError("need a non-empty dict")
    if any(p < 0 for p in probs.values()) or abs(sum(probs.values()) - 1) > 1e-6:
        raise ValueError("not a PMF")
    items = list(probs.items())
    if len(items) == 1:
        return {items[0][0]: "0"}
    # ties broken the other way round (newest node first), 1 on the lighter branch,
    # and the tree built explicitly, then walked
    order = itertools.count(0, -1)
    heap = [(p, next(order), ("leaf", s)) for s, p in items]
    heapq.heapify(heap)
    while len(heap) > 1:
        p0, _, light = heapq.heappop(heap)
        p1, _, heavy = heapq.heappop(heap)
        heapq.heappush(heap, (p0 + p1, next(order), ("node", heavy, light)))
    code, stack = {}, [(heap[0][2], "")]
    while stack:
        node, prefix = stack.pop()
        if node[0] == "leaf":
            code[node[1]] = prefix
        else:
            stack.append((node[1], prefix + "0"))
            stack.append((node[2], prefix + "1"))
    return code

def decode(bits, code):
    trie = {}
    for symbol, word in code.items():
        node = trie
        for bit in word[:-1]:
            node = node.setdefault(bit, {})
        node[word[-1]] = ("symbol", symbol)
    out, node = [], trie
    for bit in bits:
        if bit not in ("0", "1"):
            raise ValueError(f"invalid character {bit!r}")
        if bit not in node:
            raise ValueError("bits match no codeword")
        nxt = node[bit]
        if isinstance(nxt, tuple):
            out.append(nxt[1])
            node = trie
        else:
            node = nxt
    if node is not trie:
        raise ValueError("bits end inside a codeword")
    return out
'''),
    dict(name="lists_loops_and_short_helper_names", code='''
import heapq
import math

def _f(p):
    """The floats of a (nested) array-like, flattened into a list."""
    if hasattr(p, "tolist"):
        p = p.tolist()
    if isinstance(p, (list, tuple)):
        out = []
        for v in p:
            out += _f(v)
        return out
    return [float(p)]

def _x(values, base):
    """The values, once they are a PMF and base is a valid base."""
    if not base > 0 or base == 1:
        raise ValueError(f"base must be positive and not 1, got {base!r}")
    if not values or min(values) < 0 or abs(math.fsum(values) - 1) > 1e-6:
        raise ValueError("not a PMF: entries must be >= 0 and sum to 1")
    return values

def entropy(p, base=2):
    x = _x(_f(p), base)
    return -math.fsum(v * math.log(v) for v in x if v > 0) / math.log(base)

def cross_entropy(p, q, base=2):
    import numpy as np
    if np.shape(p) != np.shape(q):
        raise ValueError("p and q have different shapes")
    x, y = _x(_f(p), base), _x(_f(q), base)
    if any(a > 0 and b == 0 for a, b in zip(x, y)):
        return math.inf
    return -math.fsum(a * math.log(b) for a, b in zip(x, y) if a > 0) / math.log(base)

def huffman_code(probs):
    if not probs or any(v < 0 for v in probs.values()) or abs(math.fsum(probs.values()) - 1) > 1e-6:
        raise ValueError("probabilities must be >= 0 and sum to 1")
    keys = list(probs)
    if len(keys) == 1:
        return {keys[0]: "0"}
    _c = [""] * len(keys)
    heap = [[probs[k], i, [i]] for i, k in enumerate(keys)]   # weight, unique id, members
    heapq.heapify(heap)
    n = len(keys)
    while len(heap) > 1:
        a, b = heapq.heappop(heap), heapq.heappop(heap)
        for i in a[2]:
            _c[i] = "0" + _c[i]
        for i in b[2]:
            _c[i] = "1" + _c[i]
        heapq.heappush(heap, [a[0] + b[0], n, a[2] + b[2]])
        n += 1
    return {k: _c[i] for i, k in enumerate(keys)}

def expected_length(code, probs):
    total = 0.0
    for s in probs:
        if s not in code:
            raise ValueError(f"{s!r} has no codeword")
        total += probs[s] * len(code[s])
    return total

def encode(message, code):
    out = []
    for s in message:
        if s not in code:
            raise ValueError(f"{s!r} has no codeword")
        out.append(code[s])
    return "".join(out)

def decode(bits, code):
    _w = {w: s for s, w in code.items()}
    out, cur = [], ""
    for b in bits:
        if b not in ("0", "1"):
            raise ValueError(f"{b!r} is not a bit")
        cur += b
        if cur in _w:
            out.append(_w[cur])
            cur = ""
        elif not any(w.startswith(cur) for w in _w):
            raise ValueError(f"no codeword starts with {cur!r}")
    if cur:
        raise ValueError(f"the bits end inside a codeword ({cur!r} left over)")
    return out
'''),
    dict(name="discretized_without_the_cancelling_bin_width", code='''
import math
import numpy as np

def discretized_entropy(pdf, lo, hi, bin_width, base=math.e):
    """The renormalisation divides the common factor bin_width out: skip it."""
    if not (bin_width > 0 and hi > lo and base > 0 and base != 1):
        raise ValueError("need bin_width > 0, lo < hi and a base > 0, != 1")
    n = round((hi - lo) / bin_width)
    if n < 1:
        raise ValueError("the window holds no bin")
    f = np.asarray(pdf(lo + bin_width * (np.arange(n) + 0.5)), dtype=float)
    if f.sum() <= 0:
        raise ValueError("the density is 0 at every centre")
    w = f[f > 0] / f.sum()
    return float(-np.sum(w * np.log(w)) / np.log(base))
'''),
]
