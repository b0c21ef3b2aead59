"""Wrong (and alternative correct) implementations for physics_01_entropy_physics.

Each ``code`` is inserted into solutions/physics_01_entropy_physics/physics_01_entropy_physics.py
before every test cell and redefines only what it breaks.
"""

WRONG = [
    dict(name="coin_multiplicity_scipy_float", exercise="coin_multiplicity",
         misconception="multiplicity-computed-in-floats", code='''
import numbers
import scipy.special
def coin_multiplicity(n, heads):
    if not isinstance(n, numbers.Integral) or not isinstance(heads, numbers.Integral):
        raise ValueError("counts must be integers")
    if not 0 <= heads <= n:
        raise ValueError("heads out of range")
    return scipy.special.comb(n, heads)          # a float: exact only up to ~2**53
'''),
    dict(name="coin_multiplicity_math_comb_unchecked", exercise="coin_multiplicity",
         misconception="impossible-macrostate-counted-as-zero", code='''
import math
def coin_multiplicity(n, heads):
    return math.comb(n, heads)                   # 0 for heads > n, TypeError for 2.5
'''),
    dict(name="coin_multiplicity_factorial_true_division", exercise="coin_multiplicity",
         misconception="multiplicity-computed-in-floats", code='''
import math
import numbers
def coin_multiplicity(n, heads):
    if not isinstance(n, numbers.Integral) or not isinstance(heads, numbers.Integral):
        raise ValueError("counts must be integers")
    if heads < 0 or heads > n:
        raise ValueError("heads out of range")
    return int(math.factorial(n) / (math.factorial(heads) * math.factorial(n - heads)))
'''),
    dict(name="boltzmann_entropy_float_of_W", exercise="boltzmann_entropy",
         misconception="multiplicity-converted-to-float", code='''
import numpy as np
def boltzmann_entropy(W, k_B=1.380649e-23):
    if k_B <= 0 or W < 1:
        raise ValueError("need W >= 1 and k_B > 0")
    return float(k_B * np.log(float(W)))         # float(W) overflows beyond 1.8e308
'''),
    dict(name="boltzmann_entropy_rounded_k_B", exercise="boltzmann_entropy",
         misconception="boltzmann-constant-rounded", code='''
import math
def boltzmann_entropy(W, k_B=1.38e-23):
    if k_B <= 0 or W < 1:
        raise ValueError("need W >= 1 and k_B > 0")
    return float(k_B * math.log(W))
'''),
    dict(name="boltzmann_entropy_log10", exercise="boltzmann_entropy",
         misconception="log10-instead-of-ln", code='''
import math
def boltzmann_entropy(W, k_B=1.380649e-23):
    if k_B <= 0 or W < 1:
        raise ValueError("need W >= 1 and k_B > 0")
    return float(k_B * math.log10(W))
'''),
    dict(name="boltzmann_entropy_accepts_W_below_1", exercise="boltzmann_entropy",
         misconception=None, code='''
import math
def boltzmann_entropy(W, k_B=1.380649e-23):
    if k_B <= 0 or W <= 0:                       # W = 0.5 is no multiplicity
        raise ValueError("need W > 0 and k_B > 0")
    return float(k_B * math.log(W))
'''),
    dict(name="boltzmann_entropy_from_log_exponentiates", exercise="boltzmann_entropy_from_log",
         misconception="ln-W-exponentiated", code='''
import math
def boltzmann_entropy_from_log(ln_W, k_B=1.380649e-23):
    if k_B <= 0 or ln_W < 0:
        raise ValueError("need ln_W >= 0 and k_B > 0")
    W = math.exp(ln_W)                           # overflows beyond ln W = 709.78
    return float(k_B * math.log(W))
'''),
    dict(name="einstein_one_bar_too_many", exercise="einstein_solid_multiplicity",
         misconception="stars-and-bars-one-bar-too-many", code='''
import math
import numbers
def einstein_solid_multiplicity(n_oscillators, quanta):
    if not isinstance(n_oscillators, numbers.Integral) or not isinstance(quanta, numbers.Integral):
        raise ValueError("integers only")
    if n_oscillators < 1 or quanta < 0:
        raise ValueError("need n_oscillators >= 1 and quanta >= 0")
    return math.comb(quanta + n_oscillators, quanta)
'''),
    dict(name="einstein_distinguishable_quanta", exercise="einstein_solid_multiplicity",
         misconception="quanta-treated-as-distinguishable", code='''
import numbers
def einstein_solid_multiplicity(n_oscillators, quanta):
    if not isinstance(n_oscillators, numbers.Integral) or not isinstance(quanta, numbers.Integral):
        raise ValueError("integers only")
    if n_oscillators < 1 or quanta < 0:
        raise ValueError("need n_oscillators >= 1 and quanta >= 0")
    return int(n_oscillators) ** int(quanta)     # each quantum picks an oscillator
'''),
    dict(name="einstein_factorials_in_floats", exercise="einstein_solid_multiplicity",
         misconception="multiplicity-computed-in-floats", code='''
import math
import numbers
def einstein_solid_multiplicity(n_oscillators, quanta):
    if not isinstance(n_oscillators, numbers.Integral) or not isinstance(quanta, numbers.Integral):
        raise ValueError("integers only")
    if n_oscillators < 1 or quanta < 0:
        raise ValueError("need n_oscillators >= 1 and quanta >= 0")
    q, n = int(quanta), int(n_oscillators)
    return math.factorial(q + n - 1) / (math.factorial(q) * math.factorial(n - 1))
'''),
    dict(name="two_solid_indexed_by_b", exercise="two_solid_multiplicities",
         misconception="two-solid-list-indexed-by-solid-b", code='''
import math
def two_solid_multiplicities(n_a, n_b, total_quanta):
    if not isinstance(total_quanta, int) or total_quanta < 0 or n_a < 1 or n_b < 1:
        raise ValueError("invalid solids")
    out = []
    for q_b in range(total_quanta + 1):          # k counts the quanta of B
        out.append(einstein_solid_multiplicity(n_a, total_quanta - q_b)
                   * einstein_solid_multiplicity(n_b, q_b))
    return out[::-1] if n_a == n_b else out
'''),
    dict(name="two_solid_added", exercise="two_solid_multiplicities",
         misconception="two-solid-multiplicities-added", code='''
def two_solid_multiplicities(n_a, n_b, total_quanta):
    if not isinstance(total_quanta, int) or total_quanta < 0:
        raise ValueError("invalid total_quanta")
    return [einstein_solid_multiplicity(n_a, k) + einstein_solid_multiplicity(n_b, total_quanta - k)
            for k in range(total_quanta + 1)]
'''),
    dict(name="two_solid_no_quanta_check", exercise="two_solid_multiplicities",
         misconception=None, code='''
def two_solid_multiplicities(n_a, n_b, total_quanta):
    return [einstein_solid_multiplicity(n_a, k) * einstein_solid_multiplicity(n_b, total_quanta - k)
            for k in range(int(total_quanta) + 1)]     # [] for total_quanta = -1
'''),
    dict(name="gibbs_entropy_log2_with_k_B", exercise="gibbs_entropy",
         misconception="log2-instead-of-ln-with-k_B", code='''
import numpy as np
def gibbs_entropy(p, k_B=1.380649e-23):
    p = np.array(p, dtype=float)
    if k_B <= 0 or not np.all(np.isfinite(p)) or np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("invalid input")
    nz = p[p > 0]
    return float(-k_B * np.sum(nz * np.log2(nz)))
'''),
    dict(name="gibbs_entropy_seed_clamp", exercise="gibbs_entropy", misconception=None, code='''
import numpy as np
def gibbs_entropy(p, k_B=1.380649e-23):
    p = np.array(p, dtype=float)
    if k_B <= 0 or not np.all(np.isfinite(p)) or np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("invalid input")
    p = np.clip(p, 1e-10, 1.0)                   # "avoid log(0)"
    return float(-k_B * np.sum(p * np.log(p)))
'''),
    dict(name="gibbs_entropy_zero_ln_zero_nan", exercise="gibbs_entropy",
         misconception="gibbs-zero-ln-zero-is-nan", code='''
import numpy as np
def gibbs_entropy(p, k_B=1.380649e-23):
    p = np.array(p, dtype=float)
    if k_B <= 0 or not np.all(np.isfinite(p)) or np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("invalid input")
    with np.errstate(all="ignore"):
        return float(-k_B * np.sum(p * np.log(p)))
'''),
    dict(name="gibbs_entropy_zeroes_in_place", exercise="gibbs_entropy",
         misconception="modifies-input-in-place", code='''
import numpy as np
def gibbs_entropy(p, k_B=1.380649e-23):
    p = np.asarray(p, dtype=float)               # no copy of a float64 array
    if k_B <= 0 or not np.all(np.isfinite(p)) or np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
        raise ValueError("invalid input")
    p[p == 0] = 1.0                              # ln 1 = 0
    return float(-k_B * np.sum(p * np.log(p)))
'''),
    dict(name="bits_to_entropy_without_ln2", exercise="bits_to_thermodynamic_entropy",
         misconception="bit-worth-k_B-not-k_B-ln-2", code='''
import math
def bits_to_thermodynamic_entropy(bits):
    return float(bits * 1.380649e-23 * math.log2(2))
'''),
    dict(name="bits_to_entropy_rejects_negative", exercise="bits_to_thermodynamic_entropy",
         misconception=None, code='''
import math
def bits_to_thermodynamic_entropy(bits):
    if bits < 0:
        raise ValueError("bits must be >= 0")
    return float(bits * 1.380649e-23 * math.log(2))
'''),
    dict(name="landauer_without_ln2", exercise="landauer_energy",
         misconception="bit-worth-k_B-not-k_B-ln-2", code='''
def landauer_energy(T, bits):
    if T <= 0 or bits < 0:
        raise ValueError("need T > 0 and bits >= 0")
    return float(bits * 1.380649e-23 * T)
'''),
    dict(name="landauer_divides_by_ln2", exercise="landauer_energy",
         misconception="divided-by-ln-2", code='''
import math
def landauer_energy(T, bits):
    if T <= 0 or bits < 0:
        raise ValueError("need T > 0 and bits >= 0")
    return float(bits * 1.380649e-23 * T / math.log(2))
'''),
    dict(name="free_expansion_rounded_R", exercise="free_expansion_entropy",
         misconception="gas-constant-rounded", code='''
import math
def free_expansion_entropy(n_moles, V1, V2):
    if n_moles < 0 or V1 <= 0 or V2 <= 0:
        raise ValueError("invalid input")
    return float(n_moles * 8.314 * math.log(V2 / V1))
'''),
    dict(name="free_expansion_log10", exercise="free_expansion_entropy",
         misconception="log10-instead-of-ln", code='''
import math
def free_expansion_entropy(n_moles, V1, V2):
    if n_moles < 0 or V1 <= 0 or V2 <= 0:
        raise ValueError("invalid input")
    return float(n_moles * 6.02214076e23 * 1.380649e-23 * math.log10(V2 / V1))
'''),
    dict(name="free_expansion_k_B_for_R", exercise="free_expansion_entropy",
         misconception="k_B-instead-of-R", code='''
import math
def free_expansion_entropy(n_moles, V1, V2):
    if n_moles < 0 or V1 <= 0 or V2 <= 0:
        raise ValueError("invalid input")
    return float(n_moles * 1.380649e-23 * math.log(V2 / V1))
'''),
    dict(name="free_expansion_always_positive", exercise="free_expansion_entropy",
         misconception=None, code='''
import math
def free_expansion_entropy(n_moles, V1, V2):
    if n_moles < 0 or V1 <= 0 or V2 <= 0:
        raise ValueError("invalid input")
    return float(n_moles * 8.31446261815324 * abs(math.log(V2 / V1)))   # "entropy only grows"
'''),
]

ALTERNATIVES = [
    dict(name="integer_loops_and_bit_lengths_with_helpers_named_f_x", code='''
import math
import numbers
import numpy as np

def _f(value, name):
    if not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} is not an integer")
    return int(value)

def coin_multiplicity(n, heads):
    n, heads = _f(n, "n"), _f(heads, "heads")
    if heads < 0 or heads > n:
        raise ValueError("heads must lie in 0..n")
    x = 1
    for i in range(1, min(heads, n - heads) + 1):
        x = x * (n - min(heads, n - heads) + i) // i    # exact at every step
    return x

def boltzmann_entropy(W, k_B=1.380649e-23):
    if k_B <= 0:
        raise ValueError("k_B must be positive")
    if W < 1:
        raise ValueError("W must be >= 1")
    if isinstance(W, numbers.Integral) and int(W).bit_length() > 900:
        W = int(W)
        shift = W.bit_length() - 60
        return float(k_B * (math.log(W >> shift) + shift * math.log(2)))
    return float(k_B * np.log(float(W)))

def boltzmann_entropy_from_log(ln_W, k_B=1.380649e-23):
    if not (k_B > 0 and ln_W >= 0):
        raise ValueError("need k_B > 0 and ln_W >= 0")
    return float(ln_W) * float(k_B)

def einstein_solid_multiplicity(n_oscillators, quanta):
    n, q = _f(n_oscillators, "n_oscillators"), _f(quanta, "quanta")
    if n < 1:
        raise ValueError("at least one oscillator")
    if q < 0:
        raise ValueError("quanta >= 0")
    x = 1
    for i in range(1, n):                        # C(q + n - 1, n - 1)
        x = x * (q + i) // i
    return x

def two_solid_multiplicities(n_a, n_b, total_quanta):
    q = _f(total_quanta, "total_quanta")
    if q < 0:
        raise ValueError("total_quanta >= 0")
    a = [einstein_solid_multiplicity(n_a, k) for k in range(q + 1)]
    b = [einstein_solid_multiplicity(n_b, k) for k in range(q + 1)]
    result = []
    for k in range(q + 1):
        result.append(a[k] * b[q - k])
    return result

def gibbs_entropy(p, k_B=1.380649e-23):
    if not k_B > 0:
        raise ValueError("k_B must be positive")
    x = [float(v) for v in np.asarray(p, dtype=float).ravel()]
    if any(math.isnan(v) or math.isinf(v) or v < 0 for v in x):
        raise ValueError("invalid probabilities")
    if abs(math.fsum(x) - 1) > 1e-6:
        raise ValueError("probabilities must sum to 1")
    total = 0.0
    for v in x:
        if v > 0:
            total -= v * math.log(v)
    return k_B * total

def bits_to_thermodynamic_entropy(bits):
    return 1.380649e-23 * math.log(2) * bits

def landauer_energy(T, bits):
    if T <= 0:
        raise ValueError("T must be positive (kelvin)")
    if bits < 0:
        raise ValueError("bits must be >= 0")
    return T * bits_to_thermodynamic_entropy(bits) if bits else 0.0

def free_expansion_entropy(n_moles, V1, V2):
    if n_moles < 0:
        raise ValueError("n_moles must be >= 0")
    if V1 <= 0 or V2 <= 0:
        raise ValueError("volumes must be positive")
    return float(n_moles * 6.02214076e23 * 1.380649e-23 * (math.log(V2) - math.log(V1)))
'''),
    dict(name="scipy_exact_comb_xlogy_and_bits", code='''
import math
import operator
import numpy as np
import scipy.special
import scipy.stats

def coin_multiplicity(n, heads):
    if isinstance(n, float) or isinstance(heads, float):
        raise ValueError("counts are integers")
    n, heads = operator.index(n), operator.index(heads)
    if not 0 <= heads <= n:
        raise ValueError("0 <= heads <= n")
    return int(scipy.special.comb(n, heads, exact=True))

def boltzmann_entropy(W, k_B=1.380649e-23):
    if k_B <= 0 or W < 1:
        raise ValueError("need W >= 1 and k_B > 0")
    return math.log(W) * k_B

def einstein_solid_multiplicity(n_oscillators, quanta):
    if isinstance(n_oscillators, float) or isinstance(quanta, float):
        raise ValueError("counts are integers")
    n, q = operator.index(n_oscillators), operator.index(quanta)
    if n < 1 or q < 0:
        raise ValueError("need n >= 1, q >= 0")
    return int(scipy.special.comb(q + n - 1, n - 1, exact=True))

def two_solid_multiplicities(n_a, n_b, total_quanta):
    if isinstance(total_quanta, float):
        raise ValueError("total_quanta is an integer")
    q = operator.index(total_quanta)
    if q < 0:
        raise ValueError("total_quanta >= 0")
    return list(map(lambda k: einstein_solid_multiplicity(n_a, k)
                    * einstein_solid_multiplicity(n_b, q - k), range(q + 1)))

def gibbs_entropy(p, k_B=1.380649e-23):
    p = np.array(p, dtype=np.float64).reshape(-1)
    if k_B <= 0:
        raise ValueError("k_B must be positive")
    if np.isnan(p).any() or (p < 0).any() or not np.isclose(p.sum(), 1.0, rtol=0, atol=1e-6):
        raise ValueError("p is not a distribution")
    return float(k_B * scipy.special.entr(p).sum())

def bits_to_thermodynamic_entropy(bits):
    return float(np.float64(bits) * 1.380649e-23 * np.log(2.0))

def landauer_energy(T, bits):
    if not T > 0 or bits < 0:
        raise ValueError("need T > 0 K and bits >= 0")
    return float(bits_to_thermodynamic_entropy(bits) * T)

def free_expansion_entropy(n_moles, V1, V2):
    if n_moles < 0 or V1 <= 0 or V2 <= 0:
        raise ValueError("need n_moles >= 0 and positive volumes")
    molecules = n_moles * 6.02214076e23
    return bits_to_thermodynamic_entropy(molecules * math.log2(V2 / V1))   # a bit per doubling
'''),
    dict(name="torch_gibbs_and_lgamma_free_helpers_named_rng", code='''
import math
import numbers
import torch

def gibbs_entropy(p, k_B=1.380649e-23):
    if k_B <= 0:
        raise ValueError("k_B must be positive")
    rng = torch.as_tensor(p, dtype=torch.float64).flatten().clone()
    if not torch.isfinite(rng).all() or (rng < 0).any():
        raise ValueError("entries must be finite and >= 0")
    if abs(rng.sum().item() - 1.0) > 1e-6:
        raise ValueError("entries must sum to 1")
    return float(-k_B * torch.special.xlogy(rng, rng).sum().item())

def coin_multiplicity(n, heads):
    rng = (n, heads)
    if not all(isinstance(v, numbers.Integral) for v in rng) or heads < 0 or heads > n:
        raise ValueError("need integers 0 <= heads <= n")
    return math.factorial(n) // (math.factorial(heads) * math.factorial(n - heads))
'''),
]
