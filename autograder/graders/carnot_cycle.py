"""Hidden checks of physics_02_carnot_cycle: the Carnot efficiency, isothermal work,
adiabats, the four strokes of the cycle, the second law and the Carnot refrigerator.

Oracles (never the notebook's solution): exact rational arithmetic
(``fractions.Fraction``) for the efficiency, the coefficient of performance and the
second-law verdict (Clausius' form: the net heat a claimed engine driving a Carnot
refrigerator would move from cold to hot); ``scipy.integrate.quad`` of ``P dV`` for
isothermal work, the heats of the cycle (first law with ``dU = 0``) and the area of
the loop (first law over the cycle, the adiabats included); the ideal gas's entropy
``n C_V ln T + n R ln V`` for adiabats (``dS = 0``); the ideal-gas law ``PV = nRT``
on the student's own corners; ``Q / T`` per stroke.

Tolerances: every quantity proportional to R is judged to the named "numerical"
relative tolerance (1e-4, as the notebook states: the rounded 8.314 passes, 8.31 does
not), the others (efficiencies, COP, volumes, temperatures) to "float".

One mistake, one loss. Each exercise's first check judges its formula and names the
catalogued mistakes; a later check of the same exercise accepts a value that shows
one of those mistakes when the student's function makes it on a fixed probe input too
(``_judge``). ``carnot_cycle`` is judged against the student's own
``isothermal_work`` and ``adiabatic_final_volume`` as well as the oracle (a mistake
upstream costs its points there), and each entry of its dict against the student's own
other entries where the contract links them (``W_net = Q_in - Q_out``,
``efficiency = W_net / Q_in``, ``delta_S = Q / T``), so a wrong heat is charged once,
by the heats check. All arguments are scalars (nothing a call could modify in place),
so no exercise has an inputs-unchanged check.
"""
import math
from fractions import Fraction

import numpy as np
import scipy.integrate

from autograder.grader_api import (CheckFailure, Checks, StudentError, as_array, as_float,
                                   call_valid, close, expect_value_error, fail, fmt,
                                   register_misconception, tolerance)

checks = Checks("physics_02_carnot_cycle")

R = 8.31446261815324            # N_A k_B, J/(mol K): the notebook's constant
K_B = 1.380649e-23
R_RTOL = tolerance("numerical")[0]   # quantities proportional to R (the notebook: 1e-4)
F_RTOL = tolerance("float")[0]       # quantities free of R
GAMMA_DEFAULT = 5 / 3
CARNOT_SLACK = 1e-9                  # the notebook's tolerance on W / Q_in - eta_C

# Mutants of the reference that no correct check can kill, each with the reason.
EQUIVALENT_MUTANTS = {
    "violates_second_law/compare-Gt-GtE/ffccb9ea": (
        "> and >= differ only when the float W / Q_in lands exactly on the float eta_C + 1e-9, "
        "the knife-edge of the stated tolerance. There a correct answer's verdict depends on "
        "how it rounds eta_C (1 - T_cold/T_hot and (T_hot - T_cold)/T_hot differ in the last "
        "bit, the entropy and Clausius forms differently again), so no check may grade it; on "
        "every input off that edge the two agree."),
}

ETA_RATIO = register_misconception(
    "efficiency-is-the-temperature-ratio",
    "T_cold / T_hot is the fraction of the heat that is thrown away (Q_out / Q_in), not the "
    "efficiency: eta = W / Q_in = 1 - Q_out / Q_in = 1 - T_cold / T_hot.")
ETA_SWAPPED = register_misconception(
    "carnot-temperatures-swapped",
    "the temperatures are swapped: eta = 1 - T_cold / T_hot (the cold one on top), a number "
    "between 0 and 1; 1 - T_hot / T_cold is negative.")
LOG10 = register_misconception(
    "isothermal-work-log10",
    "a base-10 logarithm: the work integral of nRT / V is nRT times the natural log, "
    "ln(V2 / V1) (math.log or np.log, not log10).")
WORK_ON_GAS = register_misconception(
    "work-on-the-gas-instead-of-by-the-gas",
    "the sign is flipped: the work done BY the gas is the integral of P dV from V1 to V2, "
    "nRT ln(V2 / V1), positive when the gas expands. ln(V1 / V2) is the work done on it.")
CONSTANT_PRESSURE = register_misconception(
    "isothermal-work-at-constant-pressure",
    "P (V2 - V1) is the work at constant pressure; along an isotherm the pressure falls as "
    "nRT / V, and the area under that hyperbola is nRT ln(V2 / V1).")
BOLTZMANN = register_misconception(
    "boltzmann-constant-for-moles",
    "k_B is the gas constant per molecule; n counts moles, so use R = N_A k_B "
    "(8.31446261815324 J/(mol K)).")
ADIABAT_GAMMA = register_misconception(
    "adiabat-exponent-gamma-with-temperature",
    "the exponent gamma belongs to P V^gamma = const; with temperature it is "
    "T V^(gamma - 1) = const, so V2 = V1 (T1 / T2)^(1 / (gamma - 1)).")
ADIABAT_NOT_INVERTED = register_misconception(
    "adiabat-exponent-not-inverted",
    "T V^(gamma - 1) = const gives (V2 / V1)^(gamma - 1) = T1 / T2, so the volume ratio is "
    "(T1 / T2) raised to 1 / (gamma - 1), not to gamma - 1.")
ADIABAT_RATIO_INVERTED = register_misconception(
    "adiabat-temperature-ratio-inverted",
    "the temperature ratio is upside down: an adiabatic expansion cools the gas, so going to "
    "a lower T2 must give a larger volume, V2 = V1 (T1 / T2)^(1 / (gamma - 1)).")
CORNERS_AT_END = register_misconception(
    "corners-at-the-end-of-the-strokes",
    "each corner must be the state at the START of its stroke: states[0] = (P1, V1, T_hot) "
    "starts the hot isotherm, states[1] = (P2, V2, T_hot) the adiabatic expansion, and so on.")
CORNERS_ORDER = register_misconception(
    "corners-out-of-stroke-order",
    "the right corners in the wrong order: the strokes run hot isotherm (A -> B), adiabatic "
    "expansion (B -> C), cold isotherm (C -> D), adiabatic compression (D -> A), so "
    "V1 < V2 < V3 and V4 < V3, with V3 / V4 = V2 / V1.")
DEFAULT_GAMMA = register_misconception(
    "default-gamma-not-monatomic",
    "the default gamma is 5/3 (a monatomic ideal gas, C_V = 3R/2), not 7/5 (diatomic).")
HEAT_OUT_SIGNED = register_misconception(
    "heat-out-as-a-signed-value",
    "Q_out is the magnitude of the heat given to the cold reservoir, a positive number: the "
    "heat INTO the gas on the cold isotherm is -Q_out.")
DELTA_S_SIGN = register_misconception(
    "cold-isotherm-entropy-sign",
    "on the cold isotherm the gas gives heat away, so its entropy falls: delta_S there is "
    "-Q_out / T_cold, and the four entries sum to 0 over the cycle.")
EQUALITY_VIOLATES = register_misconception(
    "carnot-efficiency-counted-as-a-violation",
    "an engine AT Carnot's efficiency (a reversible one) is allowed; in floating point W / "
    "Q_in and 1 - T_cold / T_hot can differ by a rounding error, so compare with the "
    "tolerance: W / Q_in > eta_C + 1e-9.")
JOULES_TOLERANCE = register_misconception(
    "second-law-tolerance-in-joules",
    "the tolerance 1e-9 was applied to the work in joules (W - eta_C Q_in > 1e-9) instead of "
    "to the efficiency: then the verdict depends on the engine's size. At Q_in = 1e12 J one "
    "rounding error of W is about 1e-4 J, so a reversible engine 'violates'; at Q_in = 1e-3 J "
    "an engine 1e-7 above Carnot's efficiency exceeds it by only 1e-10 J and passes. Compare "
    "the ratio: W / Q_in > eta_C + 1e-9.")
BOUND_IS_ONE = register_misconception(
    "second-law-bound-is-100-percent",
    "the first law alone forbids W > Q_in; the second law forbids much more: no engine "
    "between T_hot and T_cold beats eta_C = 1 - T_cold / T_hot.")
HEAT_PUMP = register_misconception(
    "refrigerator-cop-of-a-heat-pump",
    "T_hot / (T_hot - T_cold) is the heat pump's COP (heat delivered to the hot side per "
    "joule); a refrigerator's COP counts the heat removed from the cold side: "
    "T_cold / (T_hot - T_cold), one less.")
COP_INVERTED = register_misconception(
    "refrigerator-cop-inverted",
    "the ratio is upside down: COP = Q_C / W (heat removed per joule of work) = "
    "T_cold / (T_hot - T_cold), not W / Q_C.")


# -- oracles ---------------------------------------------------------------------

def _frac(x):
    return Fraction(float(x))


def _eta(T_hot, T_cold):
    """1 - T_cold / T_hot, exactly, rounded once."""
    return float((_frac(T_hot) - _frac(T_cold)) / _frac(T_hot))


def _cop(T_hot, T_cold):
    return float(_frac(T_cold) / (_frac(T_hot) - _frac(T_cold)))


def _quad(f, a, b):
    return float(scipy.integrate.quad(f, a, b, epsabs=0.0, epsrel=1e-12, limit=200)[0])


def _iso_work(n, T, V1, V2):
    """The integral of P dV = nRT / V dV from V1 to V2 (numerical)."""
    n, T, V1, V2 = map(float, (n, T, V1, V2))
    return _quad(lambda v: n * R * T / v, V1, V2)


def _adiabat_work(P_a, V_a, V_b, gamma):
    """The integral of P dV along P V^gamma = P_a V_a^gamma, in u = ln V (numerical)."""
    return _quad(lambda u: P_a * (V_a / math.exp(u)) ** gamma * math.exp(u),
                 math.log(V_a), math.log(V_b))


def _adiabat_volume(V1, T1, T2, gamma):
    """Where the ideal gas's entropy n C_V ln T + n R ln V is back to its start value:
    ln(V2 / V1) = (C_V / R) ln(T1 / T2), C_V / R = 1 / (gamma - 1)."""
    return float(V1) * math.exp((math.log(T1) - math.log(T2)) / (float(gamma) - 1.0))


def _gamma(case):
    return GAMMA_DEFAULT if case["gamma"] is None else case["gamma"]


def _oracle_cycle(case):
    n, Th, Tc, V1, V2 = (float(case[k]) for k in ("n", "T_hot", "T_cold", "V1", "V2"))
    g = _gamma(case)
    V3, V4 = _adiabat_volume(V2, Th, Tc, g), _adiabat_volume(V1, Th, Tc, g)
    V = np.array([V1, V2, V3, V4])
    T = np.array([Th, Th, Tc, Tc])
    P = n * R * T / V
    Q_in = _iso_work(n, Th, V1, V2)
    Q_out = _iso_work(n, Tc, V4, V3)                    # work done on the gas, given away
    area = (Q_in + _adiabat_work(P[1], V2, V3, g) - Q_out + _adiabat_work(P[3], V4, V1, g))
    return {"V": V, "T": T, "P": P, "Q_in": Q_in, "Q_out": Q_out, "W_net": area,
            "efficiency": _eta(Th, Tc), "delta_S": np.array([Q_in / Th, 0.0, -Q_out / Tc, 0.0])}


# -- the catalogued formula mistakes of the scalar exercises -----------------------

def _mistakes(name, args):
    if name == "carnot_efficiency":
        Th, Tc = map(float, args)
        return {ETA_RATIO: Tc / Th, ETA_SWAPPED: 1 - Th / Tc}
    if name == "isothermal_work":
        n, T, V1, V2 = map(float, args)
        return {LOG10: n * R * T * math.log10(V2 / V1), WORK_ON_GAS: -n * R * T * math.log(V2 / V1),
                CONSTANT_PRESSURE: n * R * T / V1 * (V2 - V1),
                BOLTZMANN: n * K_B * T * math.log(V2 / V1)}
    if name == "adiabatic_final_volume":
        V1, T1, T2, g = map(float, args)
        return {ADIABAT_GAMMA: V1 * (T1 / T2) ** (1 / g),
                ADIABAT_NOT_INVERTED: V1 * (T1 / T2) ** (g - 1),
                ADIABAT_RATIO_INVERTED: V1 * (T2 / T1) ** (1 / (g - 1))}
    if name == "refrigerator_cop":
        Th, Tc = map(float, args)
        return {HEAT_PUMP: Th / (Th - Tc), COP_INVERTED: (Th - Tc) / Tc}
    return {}


_ORACLE = {
    "carnot_efficiency": lambda a: _eta(*a),
    "isothermal_work": lambda a: _iso_work(*a),
    "adiabatic_final_volume": lambda a: _adiabat_volume(*a),
    "refrigerator_cop": lambda a: _cop(*a),
}
_PROBE = {
    "carnot_efficiency": (640.0, 250.0),
    "isothermal_work": (1.5, 320.0, 2e-3, 5e-3),
    "adiabatic_final_volume": (2e-3, 640.0, 410.0, 1.4),
    "refrigerator_cop": (310.0, 250.0),
}
_R_SCALED = {"isothermal_work"}


def _tol(name, expected, scale=None):
    """(rtol, atol) for a value of exercise ``name``: relative, with an absolute floor
    proportional to the quantity's own scale (for values that should be 0)."""
    rtol = R_RTOL if name in _R_SCALED else F_RTOL
    scale = abs(expected) if scale is None else scale
    return rtol, rtol * 1e-3 * scale


def _same_mistake(student, name, key):
    args = _PROBE[name]
    predicted = _mistakes(name, args)[key]
    try:
        value = as_float(student.call(name, *args), f"{name} on a probe")
    except (StudentError, CheckFailure):
        return False
    expected = _ORACLE[name](args)
    return close(value, predicted, _tol(name, predicted)) and \
        not close(predicted, expected, _tol(name, expected))


def _judge(student, name, args, got, what, main=False, expected=None, scale=None, hint=""):
    """Compare with the oracle, naming catalogued mistakes. Outside the exercise's main
    check a value showing a formula mistake passes when the student's function makes
    that mistake on the fixed probe too (the main check charges it)."""
    expected = _ORACLE[name](args) if expected is None else expected
    if main and np.ndim(got) > 0:
        fail(f"{what} should return a float, got an array or list of shape {np.shape(got)}: "
             "return float(value).")
    value = as_float(got, what)
    tol = _tol(name, expected, scale)
    if close(value, expected, tol):
        return value
    mistakes = {k: v for k, v in _mistakes(name, args).items()
                if math.isfinite(v) and not close(v, expected, tol)}
    for key, wrong in mistakes.items():
        if close(value, wrong, _tol(name, wrong)):
            if not main and _same_mistake(student, name, key):
                return value
            fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}.", key)
    if name in _R_SCALED and expected != 0 and value != 0 and 0.95 < value / expected < 1.05:
        hint = (hint + " " if hint else "") + (
            f"The ratio to the expected value is {value / expected:.6f}: use the setup cell's "
            "R = 8.31446261815324 J/(mol K) (relative tolerance 1e-4).")
    fail(f"{what}: got {fmt(value)}, expected {fmt(expected)}." + (f" {hint}" if hint else ""))


def _args_text(name, args, kwargs=None):
    parts = [fmt(a) for a in args] + [f"{k}={fmt(v)}" for k, v in (kwargs or {}).items()]
    return f"{name}({', '.join(parts)})"


# -- inputs ----------------------------------------------------------------------

def _temperatures(rng, low=0.2, high=0.9):
    T_hot = float(rng.uniform(300.0, 2000.0))
    return T_hot, T_hot * float(rng.uniform(low, high))


def _invalid_reservoirs(rng):
    T_hot, T_cold = _temperatures(rng)
    return [((T_cold, T_hot), "T_cold > T_hot"), ((T_hot, T_hot), "T_cold == T_hot"),
            ((T_hot, 0.0), "T_cold = 0 K"), ((T_hot, -T_cold), "a negative T_cold"),
            ((-T_cold, -T_hot), "both temperatures negative"),
            ((math.nan, T_cold), "T_hot = nan"), ((math.inf, T_cold), "T_hot = inf"),
            ((T_hot, math.nan), "T_cold = nan")]


# ============================================================== carnot_efficiency

@checks("carnot_efficiency", points=1.25)
def test_carnot_efficiency_is_one_minus_the_temperature_ratio(student, rng):
    cases = [_temperatures(rng, 0.05, 0.95) for _ in range(5)]
    T_hot = int(rng.integers(400, 1500))
    cases.append((T_hot, int(rng.integers(100, T_hot - 50))))          # integers
    for args in cases:
        what = _args_text("carnot_efficiency", args)
        got = call_valid(student, "carnot_efficiency", *args, what=what)
        _judge(student, "carnot_efficiency", args, got, what, main=True)


@checks("carnot_efficiency", points=0.25)
def test_carnot_efficiency_limits_of_the_ratio(student, rng):
    T_hot = float(rng.uniform(300, 1000))
    for args, label in [((T_hot, T_hot * (1 - 1e-6)), "reservoirs 1 ppm apart: eta about 1e-6"),
                        ((T_hot, float(rng.uniform(1e-3, 1e-2))), "a cold reservoir near 0 K")]:
        what = f"{_args_text('carnot_efficiency', args)} ({label})"
        got = call_valid(student, "carnot_efficiency", *args, what=what)
        _judge(student, "carnot_efficiency", args, got, what)


@checks("carnot_efficiency", points=0.5)
def test_carnot_efficiency_rejects_invalid_temperatures(student, rng):
    for args, label in _invalid_reservoirs(rng):
        expect_value_error(student, "carnot_efficiency", *args,
                           what=f"{_args_text('carnot_efficiency', args)} ({label})")


# ================================================================ isothermal_work

def _gas(rng):
    n = float(np.exp(rng.uniform(math.log(0.01), math.log(20.0))))
    T = float(rng.uniform(100.0, 2000.0))
    V1 = float(np.exp(rng.uniform(math.log(1e-5), math.log(1e-1))))
    return n, T, V1


@checks("isothermal_work", points=1)
def test_isothermal_work_is_the_integral_of_P_dV(student, rng):
    cases = []
    for _ in range(4):
        n, T, V1 = _gas(rng)
        cases.append((n, T, V1, V1 * float(rng.uniform(1.05, 10.0))))
    cases.append((int(rng.integers(1, 5)), int(rng.integers(200, 600)), 1e-3,
                  float(rng.integers(2, 9)) * 1e-3))
    for args in cases:
        what = _args_text("isothermal_work", args)
        got = call_valid(student, "isothermal_work", *args, what=what)
        _judge(student, "isothermal_work", args, got, what, main=True)


@checks("isothermal_work", points=0.25)
def test_isothermal_work_compression_is_negative_and_no_change_is_zero(student, rng):
    n, T, V1 = _gas(rng)
    V2 = V1 / float(rng.uniform(1.5, 8.0))
    args = (n, T, V1, V2)
    what = f"{_args_text('isothermal_work', args)} (a compression)"
    got = call_valid(student, "isothermal_work", *args, what=what)
    _judge(student, "isothermal_work", args, got, what,
           hint="Compressed, the gas has work done on it: W < 0.")
    args = (n, T, V1, V1)
    what = f"{_args_text('isothermal_work', args)} (no change of volume)"
    got = call_valid(student, "isothermal_work", *args, what=what)
    _judge(student, "isothermal_work", args, got, what, expected=0.0, scale=n * R * T)


@checks("isothermal_work", points=0.75)
def test_isothermal_work_rejects_invalid_arguments(student, rng):
    n, T, V1 = _gas(rng)
    V2 = 2 * V1
    for args, label in [((0.0, T, V1, V2), "n = 0"), ((-n, T, V1, V2), "n < 0"),
                        ((n, 0.0, V1, V2), "T = 0 K"), ((n, -T, V1, V2), "T < 0"),
                        ((n, T, 0.0, V2), "V1 = 0"), ((n, T, V1, 0.0), "V2 = 0"),
                        ((n, T, -V1, V2), "V1 < 0"), ((n, T, -V1, -V2), "both volumes negative"),
                        ((n, math.nan, V1, V2), "T = nan"), ((n, T, V1, math.inf), "V2 = inf")]:
        expect_value_error(student, "isothermal_work", *args,
                           what=f"{_args_text('isothermal_work', args)} ({label})")


# ========================================================= adiabatic_final_volume

def _gammas(rng):
    return [5 / 3, 1.4, 9 / 7, float(rng.uniform(1.15, 1.8)), float(rng.uniform(1.15, 1.8))]


@checks("adiabatic_final_volume", points=1.25)
def test_adiabatic_final_volume_keeps_the_entropy_constant(student, rng):
    for k, gamma in enumerate(_gammas(rng)):
        V1 = float(np.exp(rng.uniform(math.log(1e-5), math.log(1e-1))))
        T1 = float(rng.uniform(150.0, 1500.0))
        T2 = T1 * float(rng.uniform(0.3, 0.9) if k % 2 == 0 else rng.uniform(1.2, 2.5))
        args = (V1, T1, T2, gamma)
        what = _args_text("adiabatic_final_volume", args) + \
            (" (cooling)" if T2 < T1 else " (heating)")
        got = call_valid(student, "adiabatic_final_volume", *args, what=what)
        _judge(student, "adiabatic_final_volume", args, got, what, main=True,
               hint="Along an adiabat T V^(gamma - 1) stays constant.")


@checks("adiabatic_final_volume", points=0.25)
def test_adiabatic_final_volume_same_temperature_keeps_the_volume(student, rng):
    V1, T = float(rng.uniform(1e-4, 1e-2)), float(rng.uniform(200, 900))
    args = (V1, T, T, float(rng.choice([5 / 3, 1.4])))
    what = f"{_args_text('adiabatic_final_volume', args)} (T1 == T2)"
    got = call_valid(student, "adiabatic_final_volume", *args, what=what)
    _judge(student, "adiabatic_final_volume", args, got, what, expected=V1)


@checks("adiabatic_final_volume", points=0.5)
def test_adiabatic_final_volume_rejects_invalid_arguments(student, rng):
    V1, T1 = float(rng.uniform(1e-4, 1e-2)), float(rng.uniform(300, 900))
    T2 = T1 * 0.6
    for args, label in [((V1, T1, T2, 1.0), "gamma = 1"), ((V1, T1, T2, 0.8), "gamma < 1"),
                        ((V1, T1, T2, math.inf), "gamma = inf"),
                        ((V1, T1, T2, math.nan), "gamma = nan"),
                        ((0.0, T1, T2, 1.4), "V1 = 0"), ((-V1, T1, T2, 1.4), "V1 < 0"),
                        ((V1, 0.0, T2, 1.4), "T1 = 0 K"), ((V1, T1, -T2, 1.4), "T2 < 0"),
                        ((V1, T1, math.nan, 1.4), "T2 = nan")]:
        expect_value_error(student, "adiabatic_final_volume", *args,
                           what=f"{_args_text('adiabatic_final_volume', args)} ({label})")


# =================================================================== carnot_cycle

def _cycle_cases(rng, count=3):
    cases = []
    for k in range(count):
        n, _, V1 = _gas(rng)
        T_hot, T_cold = _temperatures(rng)
        gamma = [None, 1.4, float(rng.uniform(1.2, 1.8))][k % 3]
        cases.append({"n": n, "T_hot": T_hot, "T_cold": T_cold, "V1": V1,
                      "V2": V1 * float(rng.uniform(1.2, 8.0)), "gamma": gamma})
    return cases


def _cycle_text(case):
    args = [case[k] for k in ("n", "T_hot", "T_cold", "V1", "V2")]
    return _args_text("carnot_cycle", args, {} if case["gamma"] is None else {"gamma": case["gamma"]})


def _run_cycle(student, case):
    args = [case[k] for k in ("n", "T_hot", "T_cold", "V1", "V2")]
    kwargs = {} if case["gamma"] is None else {"gamma": case["gamma"]}
    what = _cycle_text(case)
    got = call_valid(student, "carnot_cycle", *args, kwargs=kwargs, what=what)
    if not isinstance(got, dict):
        fail(f"{what} should return a dict, got {type(got).__name__}")
    return got, what


def _field(result, key, what, shape=None):
    if key not in result:
        fail(f"{what} returned a dict without the key {key!r} (keys: {sorted(map(str, result))})")
    if shape is None:
        return as_float(result[key], f"{what}[{key!r}]")
    try:
        return as_array(result[key], f"{what}[{key!r}]", shape=shape)
    except CheckFailure as err:
        fail(err.message + (" (a list of four (P, V, T) tuples)" if key == "states" else
                            " (four numbers, one per stroke)"))


def _upstream(student, case):
    """The cycle built from the student's own isothermal_work and adiabatic_final_volume
    (None where they are missing or raise)."""
    n, Th, Tc, V1, V2 = (case[k] for k in ("n", "T_hot", "T_cold", "V1", "V2"))
    g = _gamma(case)
    out = {}
    try:
        V3 = as_float(student.call("adiabatic_final_volume", V2, Th, Tc, g), "V3")
        V4 = as_float(student.call("adiabatic_final_volume", V1, Th, Tc, g), "V4")
        out["V"] = np.array([V1, V2, V3, V4], dtype=float)
    except (StudentError, CheckFailure):
        V3 = V4 = None
    try:
        Q_in = as_float(student.call("isothermal_work", n, Th, V1, V2), "Q_in")
        if V3 is None:
            V3, V4 = _adiabat_volume(V2, Th, Tc, g), _adiabat_volume(V1, Th, Tc, g)
        Q_out = -as_float(student.call("isothermal_work", n, Tc, V3, V4), "Q_out")
        out.update(Q_in=Q_in, Q_out=Q_out, W_net=Q_in - Q_out)
        if Q_in != 0:
            out["efficiency"] = (Q_in - Q_out) / Q_in
        out["delta_S"] = np.array([Q_in / Th, 0.0, -Q_out / Tc, 0.0])
    except (StudentError, CheckFailure):
        pass
    return out


def _matches(value, expected, rtol, scale):
    return close(value, expected, (rtol, rtol * 1e-3 * scale))


def _forgiven_upstream(student, case, key, value, expected, rtol, scale):
    """Whether ``value`` is what the student's own (wrong) upstream functions give."""
    own = _upstream(student, case).get(key)
    return own is not None and np.all(np.isfinite(own)) and \
        not _matches(own, expected, rtol, scale) and _matches(value, own, rtol, scale)


@checks("carnot_cycle", points=1.5)
def test_carnot_cycle_corner_volumes(student, rng):
    for case in _cycle_cases(rng):
        got, what = _run_cycle(student, case)
        V = _field(got, "states", what, shape=(4, 3))[:, 1]
        E = _oracle_cycle(case)
        scale = float(np.max(E["V"]))
        if _matches(V, E["V"], F_RTOL, scale) or \
                _forgiven_upstream(student, case, "V", V, E["V"], F_RTOL, scale):
            continue
        message = (f"{what}: the volumes of the corners (states[i][1]) are {fmt(V)}, expected "
                   f"{fmt(E['V'])} (V3 = V2 (T_hot/T_cold)^(1/(gamma-1)), V4 = V1 (T_hot/T_cold)^(1/(gamma-1))).")
        g = _gamma(case)
        Th, Tc, V1, V2 = case["T_hot"], case["T_cold"], case["V1"], case["V2"]
        models = {CORNERS_AT_END: np.roll(E["V"], -1),
                  CORNERS_ORDER: E["V"][[0, 1, 3, 2]],
                  ADIABAT_GAMMA: np.array([V1, V2, V2 * (Th / Tc) ** (1 / g), V1 * (Th / Tc) ** (1 / g)]),
                  ADIABAT_NOT_INVERTED: np.array([V1, V2, V2 * (Th / Tc) ** (g - 1),
                                                  V1 * (Th / Tc) ** (g - 1)]),
                  ADIABAT_RATIO_INVERTED: np.array([V1, V2, V2 * (Tc / Th) ** (1 / (g - 1)),
                                                    V1 * (Tc / Th) ** (1 / (g - 1))])}
        if case["gamma"] is None:
            models[DEFAULT_GAMMA] = np.array([V1, V2, V2 * (Th / Tc) ** 2.5, V1 * (Th / Tc) ** 2.5])
        for key, model in models.items():
            if _matches(V, model, F_RTOL, scale):
                fail(message, key)
        if _matches(np.sort(V), np.sort(E["V"]), F_RTOL, scale):
            fail(message, CORNERS_ORDER)
        fail(message)


@checks("carnot_cycle", points=0.5)
def test_carnot_cycle_corner_temperatures(student, rng):
    for case in _cycle_cases(rng):
        got, what = _run_cycle(student, case)
        T = _field(got, "states", what, shape=(4, 3))[:, 2]
        E = _oracle_cycle(case)
        if _matches(T, E["T"], F_RTOL, case["T_hot"]):
            continue
        message = (f"{what}: the temperatures of the corners (states[i][2]) are {fmt(T)}, "
                   f"expected {fmt(E['T'])}: A and B on the hot isotherm, C and D on the cold one.")
        if _matches(T, np.roll(E["T"], -1), F_RTOL, case["T_hot"]):
            fail(message, CORNERS_AT_END)
        fail(message)


@checks("carnot_cycle", points=1)
def test_carnot_cycle_corners_obey_the_ideal_gas_law(student, rng):
    for case in _cycle_cases(rng):
        got, what = _run_cycle(student, case)
        states = _field(got, "states", what, shape=(4, 3))
        P, V, T = states[:, 0], states[:, 1], states[:, 2]
        expected = case["n"] * R * T / V                    # P = nRT / V at the corners given
        if not (np.all(np.isfinite(expected)) and np.all(V > 0)):
            fail(f"{what}: the corners' volumes {fmt(V)} and temperatures {fmt(T)} must be "
                 "finite and positive.")
        if _matches(P, expected, R_RTOL, float(np.max(np.abs(expected)))):
            continue
        ratio = P / expected
        hint = (f" P / (nRT/V) = {ratio[0]:.6g} at every corner: use R = 8.31446261815324 "
                "J/(mol K) and pressures in Pa." if np.allclose(ratio, ratio[0], rtol=1e-6) else "")
        fail(f"{what}: the pressures (states[i][0]) are {fmt(P)}, but P V = n R T at the "
             f"corners' own V and T gives {fmt(expected)}.{hint}")


@checks("carnot_cycle", points=1.5)
def test_carnot_cycle_heats_are_the_works_of_the_isotherms(student, rng):
    for case in _cycle_cases(rng):
        got, what = _run_cycle(student, case)
        E = _oracle_cycle(case)
        for key, label in (("Q_in", "the hot isotherm"), ("Q_out", "the cold isotherm")):
            value = _field(got, key, what)
            scale = E["Q_in"]
            if _matches(value, E[key], R_RTOL, scale) or \
                    _forgiven_upstream(student, case, key, value, E[key], R_RTOL, scale):
                continue
            message = (f"{what}[{key!r}] = {fmt(value)}, expected {fmt(E[key])}: on {label} "
                       "dU = 0, so the heat equals the work, the integral of P dV.")
            if key == "Q_out" and _matches(value, -E[key], R_RTOL, scale):
                fail(message, HEAT_OUT_SIGNED)
            fail(message)


@checks("carnot_cycle", points=1)
def test_carnot_cycle_W_net_is_the_area_of_the_loop(student, rng):
    for case in _cycle_cases(rng):
        got, what = _run_cycle(student, case)
        E = _oracle_cycle(case)
        value = _field(got, "W_net", what)
        scale = E["Q_in"]
        if _matches(value, E["W_net"], R_RTOL, scale) or \
                _forgiven_upstream(student, case, "W_net", value, E["W_net"], R_RTOL, scale):
            continue
        try:
            Q_in, Q_out = _field(got, "Q_in", what), _field(got, "Q_out", what)
        except CheckFailure:
            Q_in = Q_out = math.nan
        heats_wrong = not (_matches(Q_in, E["Q_in"], R_RTOL, scale)
                           and _matches(Q_out, E["Q_out"], R_RTOL, scale))
        if heats_wrong and _matches(value, Q_in - Q_out, R_RTOL, scale):
            continue                                     # the heats check charges it
        fail(f"{what}['W_net'] = {fmt(value)}, expected {fmt(E['W_net'])}, the area inside the "
             "loop (the integral of P dV around the cycle) = Q_in - Q_out.")


@checks("carnot_cycle", points=1)
def test_carnot_cycle_efficiency_is_carnots(student, rng):
    for case in _cycle_cases(rng):
        got, what = _run_cycle(student, case)
        E = _oracle_cycle(case)
        value = _field(got, "efficiency", what)
        if _matches(value, E["efficiency"], F_RTOL, 1.0) or _forgiven_upstream(
                student, case, "efficiency", value, E["efficiency"], F_RTOL, 1.0):
            continue
        try:
            W, Q_in = _field(got, "W_net", what), _field(got, "Q_in", what)
            own = W / Q_in if Q_in != 0 else math.nan
        except CheckFailure:
            own = math.nan
        if math.isfinite(own) and not _matches(own, E["efficiency"], F_RTOL, 1.0) and \
                _matches(value, own, F_RTOL, 1.0):
            continue                                     # W_net or Q_in is wrong: charged there
        message = (f"{what}['efficiency'] = {fmt(value)}, expected 1 - T_cold/T_hot = "
                   f"{fmt(E['efficiency'])}.")
        if _matches(value, case["T_cold"] / case["T_hot"], F_RTOL, 1.0):
            fail(message, ETA_RATIO)
        fail(message)


@checks("carnot_cycle", points=1.5)
def test_carnot_cycle_delta_S_is_Q_over_T_per_stroke(student, rng):
    for case in _cycle_cases(rng):
        got, what = _run_cycle(student, case)
        E = _oracle_cycle(case)
        value = _field(got, "delta_S", what, shape=(4,))
        scale = float(E["delta_S"][0])
        if _matches(value, E["delta_S"], R_RTOL, scale) or \
                _forgiven_upstream(student, case, "delta_S", value, E["delta_S"], R_RTOL, scale):
            continue
        try:
            Q_in, Q_out = _field(got, "Q_in", what), _field(got, "Q_out", what)
            own = np.array([Q_in / case["T_hot"], 0.0, -Q_out / case["T_cold"], 0.0])
            heats_wrong = not (_matches(Q_in, E["Q_in"], R_RTOL, E["Q_in"])
                               and _matches(Q_out, E["Q_out"], R_RTOL, E["Q_in"]))
        except CheckFailure:
            heats_wrong = False
        if heats_wrong and _matches(value, own, R_RTOL, scale):
            continue                                     # the heats check charges it
        message = (f"{what}['delta_S'] = {fmt(value)}, expected [Q_in/T_hot, 0, -Q_out/T_cold, 0] "
                   f"= {fmt(E['delta_S'])} (sum {fmt(float(np.sum(value)))}, which must be 0).")
        flipped = E["delta_S"] * np.array([1, 1, -1, 1])
        if _matches(value, flipped, R_RTOL, scale):
            fail(message, DELTA_S_SIGN)
        if _matches(np.sort(value), np.sort(E["delta_S"]), R_RTOL, scale):
            fail(message + " The right entries in the wrong order: one per stroke, hot isotherm, "
                 "adiabatic expansion, cold isotherm, adiabatic compression.")
        fail(message)


@checks("carnot_cycle", points=1)
def test_carnot_cycle_rejects_invalid_input(student, rng):
    case = _cycle_cases(rng, 1)[0]
    n, Th, Tc, V1, V2 = (case[k] for k in ("n", "T_hot", "T_cold", "V1", "V2"))
    for args, kwargs, label in [
            ((n, Th, Tc, V1, V1), {}, "V1 == V2"), ((n, Th, Tc, V2, V1), {}, "V1 > V2"),
            ((n, Tc, Th, V1, V2), {}, "T_cold > T_hot"), ((n, Th, Th, V1, V2), {}, "T_cold == T_hot"),
            ((n, Th, 0.0, V1, V2), {}, "T_cold = 0 K"), ((0.0, Th, Tc, V1, V2), {}, "n = 0"),
            ((-n, Th, Tc, V1, V2), {}, "n < 0"), ((n, Th, Tc, 0.0, V2), {}, "V1 = 0"),
            ((n, Th, Tc, -V1, V2), {}, "V1 < 0"),
            ((n, Th, Tc, V1, V2), {"gamma": 1.0}, "gamma = 1"),
            ((n, Th, Tc, V1, V2), {"gamma": 0.8}, "gamma < 1"),
            ((n, Th, Tc, V1, V2), {"gamma": math.nan}, "gamma = nan"),
            ((n, Th, Tc, V1, V2), {"gamma": math.inf}, "gamma = inf"),
            ((n, math.nan, Tc, V1, V2), {}, "T_hot = nan"), ((n, math.inf, Tc, V1, V2), {}, "T_hot = inf"),
            ((n, Th, -Tc, V1, V2), {}, "T_cold < 0"),
            ((math.nan, Th, Tc, V1, V2), {}, "n = nan"), ((math.inf, Th, Tc, V1, V2), {}, "n = inf"),
            ((n, Th, Tc, math.nan, V2), {}, "V1 = nan"), ((n, Th, Tc, V1, math.inf), {}, "V2 = inf"),
            ((n, Th, Tc, V1, math.nan), {}, "V2 = nan")]:
        expect_value_error(student, "carnot_cycle", *args, kwargs=kwargs,
                           what=f"{_args_text('carnot_cycle', args, kwargs)} ({label})")


# ============================================================ violates_second_law

def _violates(Q_in, W, T_hot, T_cold):
    """Clausius' verdict, exactly: the claimed engine drives a Carnot refrigerator with
    all its work W, which delivers W T_hot / (T_hot - T_cold) to the hot reservoir. If
    that is more than the Q_in taken from it, heat went from cold to hot for free.
    With the notebook's tolerance on the efficiency, that is W / Q_in > eta_C + 1e-9."""
    Q, W, Th, Tc = (_frac(v) for v in (Q_in, W, T_hot, T_cold))
    net_to_hot = W * Th / (Th - Tc) - Q
    return net_to_hot > Fraction(CARNOT_SLACK) * Q * Th / (Th - Tc)


def _engine(rng, offset, Q_in=None):
    """(Q_in, W, T_hot, T_cold) with W / Q_in = eta_C + offset (Q_in drawn from 10 J to
    1e5 J unless given)."""
    T_hot, T_cold = _temperatures(rng, 0.1, 0.95)
    if Q_in is None:
        Q_in = float(np.exp(rng.uniform(math.log(10.0), math.log(1e5))))
    return Q_in, Q_in * (_eta(T_hot, T_cold) + offset), T_hot, T_cold


def _verdict(student, args, what):
    got = call_valid(student, "violates_second_law", *args, what=what)
    if not isinstance(got, bool):
        fail(f"{what} should return True or False (a bool), got {type(got).__name__} {got!r:.40}")
    return got


def _right_at_another_scale(student, args, factor):
    """Whether the student's verdict is right on the same engine scaled by ``factor`` (a
    power of 2: W / Q_in and the exact verdict do not change), where it was wrong."""
    Q_in, W, T_hot, T_cold = args
    try:
        got = student.call("violates_second_law", Q_in * factor, W * factor, T_hot, T_cold)
    except StudentError:
        return False
    return got is _violates(*args)


def _compares_with_one(student):
    """Whether the student's function lets through every engine below 100 %."""
    try:
        return student.call("violates_second_law", 1000.0, 1100.0, 500.0, 300.0) is True and \
            student.call("violates_second_law", 1000.0, 600.0, 500.0, 300.0) is False
    except StudentError:
        return False


@checks("violates_second_law", points=1.25)
def test_violates_second_law_beyond_carnot_is_a_violation(student, rng):
    offsets = [float(10 ** rng.uniform(-7, -5)), float(10 ** rng.uniform(-4, -2)),
               float(rng.uniform(0.01, 0.05)), float(rng.uniform(0.05, 0.3))]
    cases = [_engine(rng, d) for d in offsets]
    T_hot, T_cold = _temperatures(rng)
    Q_in = float(rng.uniform(100, 5000))
    cases.append((Q_in, Q_in * float(rng.uniform(1.01, 2.0)), T_hot, T_cold))   # W > Q_in
    # a milli-joule engine 3e-8 to 3e-7 above Carnot's efficiency: far beyond the 1e-9 of
    # the efficiency, but less than 1e-9 J beyond Carnot's work
    Q_in = 1e-3 * float(rng.uniform(0.5, 2.0))
    cases.append(_engine(rng, float(10 ** rng.uniform(-7.5, -6.5)), Q_in))
    for args in cases:
        args = tuple(float(a) for a in args)
        expected = _violates(*args)
        what = (f"{_args_text('violates_second_law', args)} (W/Q_in = {args[1] / args[0]:.10g}, "
                f"eta_C = {_eta(args[2], args[3]):.10g})")
        got = _verdict(student, args, what)
        if got != expected:
            key = BOUND_IS_ONE if args[1] < args[0] and _compares_with_one(student) else None
            if key is None and args[0] < 1 and _right_at_another_scale(student, args, 2.0 ** 20):
                key = JOULES_TOLERANCE
            fail(f"{what} returned {got}: this engine beats Carnot's efficiency, which the "
                 "second law forbids.", key)


@checks("violates_second_law", points=1.25)
def test_violates_second_law_at_or_below_carnot_is_allowed(student, rng):
    cases = []
    for d in (float(rng.uniform(0.01, 0.1)), float(10 ** rng.uniform(-6, -4))):
        cases.append((_engine(rng, -d), "below Carnot's efficiency"))
    T_hot, T_cold = _temperatures(rng, 0.1, 0.95)
    Q_in = float(np.exp(rng.uniform(math.log(10.0), math.log(1e5))))
    cases.append(((Q_in, 0.0, T_hot, T_cold), "no work"))
    cases.append(((Q_in, -float(rng.uniform(1, 100)), T_hot, T_cold), "a machine that consumes work"))
    # reversible engines: W computed from Carnot's efficiency in three ways, then nudged up
    # by 4 to 8 rounding steps (W / Q_in then exceeds any rounding of eta_C, but by less
    # than 1e-14: far inside the 1e-9 tolerance); once at this Q_in, once at 1e8 to 1e12 J,
    # where 4 rounding steps of W are more than 1e-9 J
    big = float(10 ** rng.uniform(8, 12))
    for Q, label in ((Q_in, "Carnot's efficiency up to rounding"),
                     (big, "Carnot's efficiency up to rounding, a large engine")):
        for W in (Q * (1 - T_cold / T_hot), Q - Q * T_cold / T_hot, Q * (T_hot - T_cold) / T_hot):
            up = W
            for _ in range(int(rng.integers(4, 9))):
                up = math.nextafter(up, math.inf)
            cases.append(((Q, up, T_hot, T_cold), label))
    for args, label in cases:
        expected = _violates(*args)
        what = (f"{_args_text('violates_second_law', args)} ({label}: W/Q_in = "
                f"{args[1] / args[0]:.17g}, eta_C = {_eta(args[2], args[3]):.17g})")
        got = _verdict(student, args, what)
        if got != expected:
            key = EQUALITY_VIOLATES if label.startswith("Carnot") else None
            if key and args[0] > 1e7 and _right_at_another_scale(student, args, 2.0 ** -30):
                key = JOULES_TOLERANCE
            fail(f"{what} returned {got}: this engine does not beat Carnot's efficiency (within "
                 "the stated tolerance 1e-9), so no law is broken.", key)


@checks("violates_second_law", points=0.5)
def test_violates_second_law_rejects_invalid_input(student, rng):
    T_hot, T_cold = _temperatures(rng)
    Q_in = float(rng.uniform(100, 5000))
    W = 0.3 * Q_in
    cases = [((0.0, W, T_hot, T_cold), "Q_in = 0"), ((-Q_in, W, T_hot, T_cold), "Q_in < 0"),
             ((math.nan, W, T_hot, T_cold), "Q_in = nan"), ((Q_in, math.nan, T_hot, T_cold), "W = nan"),
             ((Q_in, math.inf, T_hot, T_cold), "W = inf"),
             ((Q_in, W, T_cold, T_hot), "T_cold > T_hot"), ((Q_in, W, T_hot, T_hot), "T_cold == T_hot"),
             ((Q_in, W, T_hot, 0.0), "T_cold = 0 K")]
    for args, label in cases:
        expect_value_error(student, "violates_second_law", *args,
                           what=f"{_args_text('violates_second_law', args)} ({label})")


# =============================================================== refrigerator_cop

@checks("refrigerator_cop", points=1.5)
def test_refrigerator_cop_is_T_cold_over_the_difference(student, rng):
    cases = [_temperatures(rng, 0.05, 0.95) for _ in range(4)]
    T_hot = float(rng.uniform(280, 320))
    cases.append((T_hot, T_hot - float(rng.uniform(0.1, 1.0))))          # a COP in the hundreds
    T_hot = int(rng.integers(250, 400))
    cases.append((T_hot, int(rng.integers(150, T_hot - 5))))               # integers
    for args in cases:
        what = _args_text("refrigerator_cop", args)
        got = call_valid(student, "refrigerator_cop", *args, what=what)
        _judge(student, "refrigerator_cop", args, got, what, main=True)


@checks("refrigerator_cop", points=0.5)
def test_refrigerator_cop_rejects_invalid_temperatures(student, rng):
    for args, label in _invalid_reservoirs(rng):
        expect_value_error(student, "refrigerator_cop", *args,
                           what=f"{_args_text('refrigerator_cop', args)} ({label})")
