"""Wrong (and alternative correct) implementations for physics_02_carnot_cycle.

Each ``code`` is inserted into solutions/physics_02_carnot_cycle/physics_02_carnot_cycle.py
before every test cell and redefines only what it breaks. The reference's
``violates_second_law`` calls ``carnot_efficiency`` (so a wrong efficiency reaches it:
``also``); its ``carnot_cycle`` calls ``isothermal_work`` and ``adiabatic_final_volume``,
which the grader forgives for wrong values (it compares with the student's own upstream
functions), but not for missing validation: the reference relies on them to reject n <= 0
and gamma <= 1.
"""

_VALID = '''
import math

def _valid(T_hot, T_cold):
    T_hot, T_cold = float(T_hot), float(T_cold)
    if not (math.isfinite(T_hot) and math.isfinite(T_cold)) or T_cold <= 0 or T_cold >= T_hot:
        raise ValueError("need finite temperatures with 0 < T_cold < T_hot")
    return T_hot, T_cold
'''

_CYCLE_START = '''
import math

def carnot_cycle(n, T_hot, T_cold, V1, V2, gamma=5 / 3):
    if not (0 < T_cold < T_hot) or not math.isfinite(T_hot):
        raise ValueError("bad temperatures")
    if not (0 < V1 < V2) or n <= 0 or gamma <= 1:
        raise ValueError("bad gas")
    r = (T_hot / T_cold) ** (1 / (gamma - 1))
    V3, V4 = V2 * r, V1 * r
    Q_in = n * R * T_hot * math.log(V2 / V1)
    Q_out = n * R * T_cold * math.log(V3 / V4)
'''

WRONG = [
    dict(name="efficiency_is_the_temperature_ratio", exercise="carnot_efficiency",
         misconception="efficiency-is-the-temperature-ratio", also=("violates_second_law",),
         code=_VALID + '''
def carnot_efficiency(T_hot, T_cold):
    T_hot, T_cold = _valid(T_hot, T_cold)
    return T_cold / T_hot                        # the fraction wasted, not the efficiency
'''),
    dict(name="efficiency_temperatures_swapped", exercise="carnot_efficiency",
         misconception="carnot-temperatures-swapped", also=("violates_second_law",),
         code=_VALID + '''
def carnot_efficiency(T_hot, T_cold):
    T_hot, T_cold = _valid(T_hot, T_cold)
    return 1 - T_hot / T_cold
'''),
    dict(name="efficiency_without_validation", exercise="carnot_efficiency", misconception=None,
         also=("violates_second_law",), code='''
def carnot_efficiency(T_hot, T_cold):
    return 1 - T_cold / T_hot                    # T_cold >= T_hot or 0 K pass silently
'''),
    dict(name="isothermal_work_at_constant_pressure", exercise="isothermal_work",
         misconception="isothermal-work-at-constant-pressure", code='''
def isothermal_work(n, T, V1, V2):
    for v in (n, T, V1, V2):
        if not (v > 0) or v == float("inf"):
            raise ValueError("arguments must be finite and positive")
    P1 = n * R * T / V1
    return P1 * (V2 - V1)                        # W = P dV, as if the pressure stayed P1
'''),
    dict(name="isothermal_work_log10", exercise="isothermal_work", misconception="isothermal-work-log10",
         code='''
import math
def isothermal_work(n, T, V1, V2):
    for v in (n, T, V1, V2):
        if not (v > 0) or v == float("inf"):
            raise ValueError("arguments must be finite and positive")
    return n * R * T * math.log10(V2 / V1)
'''),
    dict(name="isothermal_work_on_the_gas", exercise="isothermal_work",
         misconception="work-on-the-gas-instead-of-by-the-gas", code='''
import numpy as np
def isothermal_work(n, T, V1, V2):
    for v in (n, T, V1, V2):
        if not (v > 0) or v == float("inf"):
            raise ValueError("arguments must be finite and positive")
    return float(n * R * T * np.log(V1 / V2))    # sign convention of the work done ON the gas
'''),
    dict(name="isothermal_work_without_validation", exercise="isothermal_work", misconception=None,
         also=("carnot_cycle",), code='''
import math
def isothermal_work(n, T, V1, V2):
    return n * R * T * math.log(V2 / V1)         # n = 0, T < 0 or both volumes < 0 pass
'''),
    dict(name="adiabat_with_gamma_exponent", exercise="adiabatic_final_volume",
         misconception="adiabat-exponent-gamma-with-temperature", code='''
import math
def adiabatic_final_volume(V1, T1, T2, gamma):
    if not (V1 > 0 and T1 > 0 and T2 > 0 and 1 < gamma < math.inf) or math.isinf(V1 + T1 + T2):
        raise ValueError("invalid adiabat")
    return V1 * (T1 / T2) ** (1 / gamma)         # mixed up P V^gamma with T V^(gamma - 1)
'''),
    dict(name="adiabat_temperature_ratio_inverted", exercise="adiabatic_final_volume",
         misconception="adiabat-temperature-ratio-inverted", code='''
import math
def adiabatic_final_volume(V1, T1, T2, gamma):
    if not (V1 > 0 and T1 > 0 and T2 > 0 and 1 < gamma < math.inf) or math.isinf(V1 + T1 + T2):
        raise ValueError("invalid adiabat")
    return V1 * (T2 / T1) ** (1 / (gamma - 1))
'''),
    dict(name="adiabat_gamma_not_checked", exercise="adiabatic_final_volume", misconception=None,
         also=("carnot_cycle",), code='''
def adiabatic_final_volume(V1, T1, T2, gamma):
    if V1 <= 0 or T1 <= 0 or T2 <= 0:
        raise ValueError("invalid adiabat")
    return V1 * (T1 / T2) ** (1 / (gamma - 1))   # gamma <= 1 or nan slips through
'''),
    dict(name="cycle_corners_at_the_end_of_the_strokes", exercise="carnot_cycle",
         misconception="corners-at-the-end-of-the-strokes", code=_CYCLE_START + '''
    corners = [(V2, T_hot), (V3, T_cold), (V4, T_cold), (V1, T_hot)]   # where each stroke ends
    states = [(n * R * T / V, V, T) for V, T in corners]
    return {"states": states, "Q_in": Q_in, "Q_out": Q_out, "W_net": Q_in - Q_out,
            "efficiency": (Q_in - Q_out) / Q_in,
            "delta_S": [Q_in / T_hot, 0.0, -Q_out / T_cold, 0.0]}
'''),
    dict(name="cycle_heat_out_signed", exercise="carnot_cycle",
         misconception="heat-out-as-a-signed-value", code=_CYCLE_START + '''
    Q_out = -Q_out                               # the heat into the gas on the cold isotherm
    corners = [(V1, T_hot), (V2, T_hot), (V3, T_cold), (V4, T_cold)]
    states = [(n * R * T / V, V, T) for V, T in corners]
    return {"states": states, "Q_in": Q_in, "Q_out": Q_out, "W_net": Q_in + Q_out,
            "efficiency": (Q_in + Q_out) / Q_in,
            "delta_S": [Q_in / T_hot, 0.0, Q_out / T_cold, 0.0]}
'''),
    dict(name="cycle_entropy_of_the_cold_isotherm_positive", exercise="carnot_cycle",
         misconception="cold-isotherm-entropy-sign", code=_CYCLE_START + '''
    corners = [(V1, T_hot), (V2, T_hot), (V3, T_cold), (V4, T_cold)]
    states = [(n * R * T / V, V, T) for V, T in corners]
    return {"states": states, "Q_in": Q_in, "Q_out": Q_out, "W_net": Q_in - Q_out,
            "efficiency": (Q_in - Q_out) / Q_in,
            "delta_S": [Q_in / T_hot, 0.0, Q_out / T_cold, 0.0]}
'''),
    dict(name="cycle_diatomic_default", exercise="carnot_cycle",
         misconception="default-gamma-not-monatomic", code='''
import math
def carnot_cycle(n, T_hot, T_cold, V1, V2, gamma=1.4):      # air, not a monatomic gas
    if not (0 < T_cold < T_hot) or not math.isfinite(T_hot):
        raise ValueError("bad temperatures")
    if not (0 < V1 < V2) or n <= 0 or gamma <= 1:
        raise ValueError("bad gas")
    r = (T_hot / T_cold) ** (1 / (gamma - 1))
    V3, V4 = V2 * r, V1 * r
    Q_in = n * R * T_hot * math.log(V2 / V1)
    Q_out = n * R * T_cold * math.log(V3 / V4)
    corners = [(V1, T_hot), (V2, T_hot), (V3, T_cold), (V4, T_cold)]
    return {"states": [(n * R * T / V, V, T) for V, T in corners], "Q_in": Q_in,
            "Q_out": Q_out, "W_net": Q_in - Q_out, "efficiency": 1 - T_cold / T_hot,
            "delta_S": [Q_in / T_hot, 0.0, -Q_out / T_cold, 0.0]}
'''),
    dict(name="cycle_pressure_in_kilopascals", exercise="carnot_cycle", misconception=None,
         code=_CYCLE_START + '''
    corners = [(V1, T_hot), (V2, T_hot), (V3, T_cold), (V4, T_cold)]
    states = [(n * R * T / V / 1000, V, T) for V, T in corners]   # kPa
    return {"states": states, "Q_in": Q_in, "Q_out": Q_out, "W_net": Q_in - Q_out,
            "efficiency": (Q_in - Q_out) / Q_in,
            "delta_S": [Q_in / T_hot, 0.0, -Q_out / T_cold, 0.0]}
'''),
    dict(name="cycle_accepts_a_compression_on_the_hot_isotherm", exercise="carnot_cycle",
         misconception=None, code='''
import math
def carnot_cycle(n, T_hot, T_cold, V1, V2, gamma=5 / 3):
    if not (0 < T_cold < T_hot) or not math.isfinite(T_hot) or n <= 0 or gamma <= 1:
        raise ValueError("bad input")
    if V1 <= 0 or V2 <= 0:
        raise ValueError("volumes must be positive")         # but V1 >= V2 is let through
    r = (T_hot / T_cold) ** (1 / (gamma - 1))
    V3, V4 = V2 * r, V1 * r
    Q_in = n * R * T_hot * math.log(V2 / V1)
    Q_out = n * R * T_cold * math.log(V3 / V4)
    corners = [(V1, T_hot), (V2, T_hot), (V3, T_cold), (V4, T_cold)]
    return {"states": [(n * R * T / V, V, T) for V, T in corners], "Q_in": Q_in,
            "Q_out": Q_out, "W_net": Q_in - Q_out, "efficiency": 1 - T_cold / T_hot,
            "delta_S": [Q_in / T_hot, 0.0, -Q_out / T_cold, 0.0]}
'''),
    dict(name="violation_by_strict_comparison", exercise="violates_second_law",
         misconception="carnot-efficiency-counted-as-a-violation", code='''
def violates_second_law(Q_in, W, T_hot, T_cold):
    eta = carnot_efficiency(T_hot, T_cold)
    if not (Q_in > 0) or Q_in == float("inf") or W != W or abs(W) == float("inf"):
        raise ValueError("invalid engine")
    return W / Q_in > eta                        # no tolerance: a rounding error "violates"
'''),
    dict(name="violation_only_above_100_percent", exercise="violates_second_law",
         misconception="second-law-bound-is-100-percent", code='''
def violates_second_law(Q_in, W, T_hot, T_cold):
    carnot_efficiency(T_hot, T_cold)             # validates the temperatures
    if not (Q_in > 0) or Q_in == float("inf") or W != W or abs(W) == float("inf"):
        raise ValueError("invalid engine")
    return W > Q_in                              # only the first law
'''),
    dict(name="violation_with_a_loose_tolerance", exercise="violates_second_law", misconception=None,
         code='''
def violates_second_law(Q_in, W, T_hot, T_cold):
    eta = carnot_efficiency(T_hot, T_cold)
    if not (Q_in > 0) or Q_in == float("inf") or W != W or abs(W) == float("inf"):
        raise ValueError("invalid engine")
    return W / Q_in > eta + 1e-3                 # not the stated 1e-9
'''),
    dict(name="violation_with_a_tolerance_in_joules", exercise="violates_second_law",
         misconception="second-law-tolerance-in-joules", code='''
def violates_second_law(Q_in, W, T_hot, T_cold):
    eta = carnot_efficiency(T_hot, T_cold)
    if not (Q_in > 0) or Q_in == float("inf") or W != W or abs(W) == float("inf"):
        raise ValueError("invalid engine")
    return W - eta * Q_in > 1e-9                 # 1e-9 J, not 1e-9 of the efficiency
'''),
    dict(name="cop_of_a_heat_pump", exercise="refrigerator_cop",
         misconception="refrigerator-cop-of-a-heat-pump", code=_VALID + '''
def refrigerator_cop(T_hot, T_cold):
    T_hot, T_cold = _valid(T_hot, T_cold)
    return T_hot / (T_hot - T_cold)              # = 1 / eta: heat delivered, not removed
'''),
    dict(name="cop_inverted", exercise="refrigerator_cop", misconception="refrigerator-cop-inverted",
         code=_VALID + '''
def refrigerator_cop(T_hot, T_cold):
    T_hot, T_cold = _valid(T_hot, T_cold)
    return (T_hot - T_cold) / T_cold
'''),
]

ALTERNATIVES = [
    dict(name="entropy_bookkeeping_with_own_helpers", code='''
import math
import numpy as np

def _f(value, name):
    """my own validation"""
    x = float(value)
    if math.isnan(x) or math.isinf(x) or x <= 0:
        raise ValueError(f"{name} must be finite and positive, got {value!r}")
    return x

def carnot_efficiency(T_hot, T_cold):
    th, tc = _f(T_hot, "T_hot"), _f(T_cold, "T_cold")
    if not tc < th:
        raise ValueError("T_cold must be below T_hot")
    return (th - tc) / th

def isothermal_work(n, T, V1, V2):
    x = _f(n, "n") * R * _f(T, "T")
    return float(x * (np.log(_f(V2, "V2")) - np.log(_f(V1, "V1"))))

def adiabatic_final_volume(V1, T1, T2, gamma):
    g = float(gamma)
    if not (g > 1) or math.isinf(g):
        raise ValueError("gamma must exceed 1")
    # entropy n C_V ln T + n R ln V stays constant, C_V / R = 1 / (gamma - 1)
    return _f(V1, "V1") * math.exp((math.log(_f(T1, "T1")) - math.log(_f(T2, "T2"))) / (g - 1))

def carnot_cycle(n, T_hot, T_cold, V1, V2, gamma=5 / 3):
    eta = carnot_efficiency(T_hot, T_cold)
    if not float(V1) < float(V2):
        raise ValueError("V1 < V2 needed")
    n, V1, V2 = _f(n, "n"), _f(V1, "V1"), _f(V2, "V2")
    dS = n * R * math.log(V2 / V1)               # entropy taken in on the hot isotherm
    rng = [V1, V2, adiabatic_final_volume(V2, T_hot, T_cold, gamma),
           adiabatic_final_volume(V1, T_hot, T_cold, gamma)]
    temps = [float(T_hot)] * 2 + [float(T_cold)] * 2
    Q_in, Q_out = temps[0] * dS, temps[2] * dS   # heat = T dS on each isotherm
    return {"delta_S": np.array([dS, 0.0, -dS, 0.0]), "efficiency": eta,
            "W_net": (temps[0] - temps[2]) * dS, "Q_out": Q_out, "Q_in": Q_in,
            "states": [[n * R * t / v, v, t] for v, t in zip(rng, temps)]}

def violates_second_law(Q_in, W, T_hot, T_cold):
    eta = carnot_efficiency(T_hot, T_cold)
    q, w = _f(Q_in, "Q_in"), float(W)
    if not math.isfinite(w):
        raise ValueError("W must be finite")
    tc = float(T_cold)
    # entropy of the world: -Q/T_hot + (Q - W)/T_cold; W/Q - eta = -dS_world * T_cold / Q
    ds_world = -q / float(T_hot) + (q - w) / tc
    return bool(-ds_world * tc / q > 1e-9)

def refrigerator_cop(T_hot, T_cold):
    return 1.0 / carnot_efficiency(T_hot, T_cold) - 1.0
'''),
    dict(name="scipy_quadrature_and_root_finding", code='''
import math
import numpy as np
import scipy.integrate
import scipy.optimize

def _ok(*values):
    for v in values:
        if not (np.isfinite(v) and v > 0):
            raise ValueError(f"{v!r} is not a finite positive number")

def isothermal_work(n, T, V1, V2):
    _ok(n, T, V1, V2)
    value, _ = scipy.integrate.quad(lambda v: n * R * T / v, V1, V2, epsabs=0, epsrel=1e-13)
    return float(value)

def adiabatic_final_volume(V1, T1, T2, gamma):
    _ok(V1, T1, T2)
    if not (np.isfinite(gamma) and gamma > 1):
        raise ValueError("gamma must be finite and above 1")
    if T1 == T2:
        return float(V1)
    # solve ln T2 + (gamma - 1) ln V2 = ln T1 + (gamma - 1) ln V1 for u = ln V2
    target = math.log(T1) + (gamma - 1) * math.log(V1)
    g = lambda u: math.log(T2) + (gamma - 1) * u - target
    lo, hi = math.log(V1) - 200, math.log(V1) + 200
    u = scipy.optimize.brentq(g, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps)
    return float(np.exp(u))

def carnot_cycle(n, T_hot, T_cold, V1, V2, gamma=5 / 3):
    _ok(n, T_hot, T_cold, V1, V2)
    if T_cold >= T_hot:
        raise ValueError("T_cold >= T_hot")
    if V1 >= V2:
        raise ValueError("V1 >= V2")
    V = np.array([V1, V2, adiabatic_final_volume(V2, T_hot, T_cold, gamma),
                  adiabatic_final_volume(V1, T_hot, T_cold, gamma)], dtype=float)
    T = np.array([T_hot, T_hot, T_cold, T_cold], dtype=float)
    states = np.column_stack([n * R * T / V, V, T])      # a (4, 3) array
    Q_in = isothermal_work(n, T_hot, V1, V2)
    Q_out = isothermal_work(n, T_cold, V[3], V[2])
    return {"states": states, "Q_in": Q_in, "Q_out": Q_out, "W_net": Q_in - Q_out,
            "efficiency": 1 - Q_out / Q_in,
            "delta_S": (Q_in / T_hot, 0, -Q_out / T_cold, 0)}

def violates_second_law(Q_in, W, T_hot, T_cold):
    # Clausius: drive a Carnot refrigerator with W; it delivers W T_h / (T_h - T_c) upstairs
    _ok(Q_in, T_hot, T_cold)
    if T_cold >= T_hot or not np.isfinite(W):
        raise ValueError("invalid engine or reservoirs")
    lift = T_hot / (T_hot - T_cold)
    return bool(W * lift - Q_in > 1e-9 * Q_in * lift)
'''),
    dict(name="loops_tuples_and_a_rounded_gas_constant", code='''
import math

x = 8.314                                        # the textbook value, within 1e-4 of R

def isothermal_work(n, T, V1, V2):
    for name, v in zip(("n", "T", "V1", "V2"), (n, T, V1, V2)):
        if not (0 < v < math.inf):
            raise ValueError(name + " must be finite and positive")
    return n * x * T * math.log(V2 / V1)

def carnot_cycle(n, T_hot, T_cold, V1, V2, gamma=5 / 3):
    for v in (n, T_hot, T_cold, V1, V2):
        if not (0 < v < math.inf):
            raise ValueError("all arguments must be finite and positive")
    if T_cold >= T_hot or V1 >= V2 or not (1 < gamma < math.inf):
        raise ValueError("need T_cold < T_hot, V1 < V2 and gamma > 1")
    states, Q = [], []
    V, T = V1, T_hot
    for stroke in range(4):
        states.append((n * x * T / V, V, T))
        if stroke == 0:
            V_next = V2
        elif stroke == 2:
            V_next = V1 * (T_hot / T_cold) ** (1 / (gamma - 1))
        else:                                    # adiabats: T V^(gamma - 1) constant
            T_next = T_cold if stroke == 1 else T_hot
            V_next = V * (T / T_next) ** (1 / (gamma - 1))
        Q.append(n * x * T * math.log(V_next / V) if stroke % 2 == 0 else 0.0)
        if stroke % 2 == 1:
            T = T_next
        V = V_next
    Q_in, Q_out = Q[0], -Q[2]
    return {"states": states, "Q_in": Q_in, "Q_out": Q_out, "W_net": sum(Q),
            "efficiency": sum(Q) / Q_in,
            "delta_S": [q / s[2] for q, s in zip(Q, states)]}
'''),
    dict(name="numpy_scalars_and_a_fraction_based_cop", code='''
import math
from fractions import Fraction
import numpy as np

def carnot_efficiency(T_hot, T_cold):
    th, tc = np.float64(T_hot), np.float64(T_cold)
    if not (np.isfinite(th) and np.isfinite(tc) and 0 < tc < th):
        raise ValueError("need finite 0 < T_cold < T_hot")
    return np.float64(1.0) - tc / th             # a NumPy float64 is a float

def refrigerator_cop(T_hot, T_cold):
    carnot_efficiency(T_hot, T_cold)
    th, tc = Fraction(float(T_hot)), Fraction(float(T_cold))
    return float(tc / (th - tc))

def violates_second_law(Q_in, W, T_hot, T_cold):
    eta = carnot_efficiency(T_hot, T_cold)
    if not (np.isfinite(Q_in) and Q_in > 0 and np.isfinite(W)):
        raise ValueError("Q_in must be finite and positive, W finite")
    return np.float64(W) / np.float64(Q_in) - eta > 1e-9     # a NumPy bool
'''),
]
