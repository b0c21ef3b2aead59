# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Physics 02 · The Carnot cycle: the limit on heat engines
#
# *Machine Learning from an Information-Theoretic Perspective*
#
# Entropy was born in engineering, not in information theory: in 1824 Sadi Carnot asked
# how much work a steam engine can possibly get out of a given amount of heat, and the
# answer, made precise by Clausius, is the second law of thermodynamics. This notebook
# walks through his argument with an ideal gas.
#
# 1. **The four strokes** of the Carnot cycle (two isotherms, two adiabats) and their
#    P–V diagram, each stroke derived from the ideal-gas law and the first law.
# 2. **Deriving** $\eta = 1 - T_C / T_H$ from the heats of the strokes, and seeing
#    entropy appear: $Q/T$ is what the cycle conserves.
# 3. **The proof** that no engine beats Carnot's: a better engine driving a Carnot
#    refrigerator would move heat from cold to hot for free.
# 4. **Why 100 % is impossible**, and the refrigerator that is the same cycle run backwards.
#
# You implement six functions:
#
# | # | exercise | points | what it is |
# | --- | --- | --- | --- |
# | 1 | `carnot_efficiency(T_hot, T_cold)` | 2 | $1 - T_C/T_H$ |
# | 2 | `isothermal_work(n, T, V1, V2)` | 2 | work done by the gas along an isotherm, $nRT \ln(V_2/V_1)$ |
# | 3 | `adiabatic_final_volume(V1, T1, T2, gamma)` | 2 | where an adiabat reaches temperature $T_2$ |
# | 4 | `carnot_cycle(n, T_hot, T_cold, V1, V2, gamma=5/3)` | 9 | the whole cycle: corners, heats, work, efficiency, entropy |
# | 5 | `violates_second_law(Q_in, W, T_hot, T_cold)` | 3 | does an engine claim more than Carnot allows? |
# | 6 | `refrigerator_cop(T_hot, T_cold)` | 2 | coefficient of performance of a Carnot refrigerator |
# | | **total** | **20** | |
#
# **How you are graded.** Each function has a solution cell (replace
# `raise NotImplementedError()`) followed by a test cell. The test cell's visible
# asserts are quick examples you can run now; when the notebook is graded, hidden
# checks call your function on random gases, temperatures and volumes and on edge
# cases, and compare with independent references (closed forms, numerical integration
# of $P\,dV$ with SciPy, exact rational arithmetic, the first and second laws). The
# course's grader (`python -m autograder`) draws a fresh seed for every run and records
# it in the result (`--seed N` reproduces a run); nbgrader's `autograde` uses one fixed
# seed (`course_config.NBGRADER_SEED`). Either way you do not see the inputs in advance:
# make the function right, not just the examples. If a visible assert fails, nbgrader
# scores that exercise 0 (the course's grader reports the failure and scores only the
# hidden checks), so make them pass first. Plot cells are tagged `demo`; they are not
# graded. Every requirement the hidden checks grade is written in the exercise's task
# statement.
#
# **Conventions of this notebook.**
#
# - SI units throughout: temperatures in kelvin (K), volumes in m³, pressures in Pa,
#   amounts of gas in mol, heat and work in joules (J), entropy in J/K.
# - Every argument is a single real number (a Python `int` or `float`, or a NumPy
#   scalar); scalar results are returned as a Python `float` (a NumPy float64 is
#   fine; a one-element array is not).
# - **The gas constant** is the setup cell's `R = N_A k_B = 8.31446261815324` J/(mol K),
#   exact in the SI since 2019 (the same value the physics 01 assignment uses). Use it.
#   Every quantity proportional to $R$ (pressures, heats, work, entropy changes) is
#   graded with a **relative tolerance of $10^{-4}$**: the textbook's rounded `8.314`
#   (off by $5.6 \times 10^{-5}$) passes, `8.31` (off by $5.4 \times 10^{-4}$) does
#   not. Quantities that do not involve $R$ (efficiencies, coefficients of performance,
#   volumes, temperatures) are graded to a relative $10^{-7}$.
# - Invalid input raises `ValueError` with a message that says what is wrong: each
#   task statement lists the cases. Temperatures are absolute, so a temperature must be
#   **finite and positive**, and wherever there are two reservoirs, `T_cold < T_hot`
#   (the contract: `T_cold >= T_hot` is a `ValueError`).
# - The setup cell gives you two helpers for this validation, `check_positive` and
#   `check_reservoirs`; use them (or write your own).
# - Don't let NumPy print warnings (`np.log` of a negative number warns): a graded cell
#   that writes to stderr scores 0 in nbgrader. Validate first.

# %%
import math

import numpy as np

#: The molar gas constant R = N_A k_B in J/(mol K): 6.02214076e23 / mol times
#: 1.380649e-23 J/K, both exact in the SI since 2019.
R = 8.31446261815324


def check_positive(value, name):
    """value as a float if it is a finite positive number; ValueError otherwise."""
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite positive number, got {value!r}")
    return value


def check_reservoirs(T_hot, T_cold):
    """(T_hot, T_cold) as floats for two reservoirs (kelvin); ValueError unless both are
    finite and positive and T_cold < T_hot."""
    T_hot, T_cold = check_positive(T_hot, "T_hot"), check_positive(T_cold, "T_cold")
    if T_cold >= T_hot:
        raise ValueError(f"the cold reservoir must be colder than the hot one, got "
                         f"T_hot={T_hot!r}, T_cold={T_cold!r}")
    return T_hot, T_cold

# %% [markdown]
# ## 1. The working substance: an ideal gas and the first law
#
# A heat engine runs a **working substance** through a cycle: it takes in heat, pushes a
# piston, and comes back to where it started. Ours is $n$ moles of an ideal gas, whose
# state is fixed by two of pressure $P$, volume $V$ and temperature $T$, linked by the
# **ideal-gas law**
# $$P V = n R T .$$
#
# **Internal energy.** The energy of an ideal gas is the kinetic energy of its molecules,
# and depends on $T$ alone: $U = n C_V T$, with $C_V$ the molar heat capacity at
# constant volume ($\tfrac32 R$ for a monatomic gas, $\tfrac52 R$ for a diatomic one near
# room temperature). Heating at constant pressure costs more, because the expanding gas
# also does work on the piston: $C_P = C_V + R$ (Mayer's relation; per mole, that work is
# $P\,dV = d(PV) = R\,dT$). The **adiabatic index** is their ratio,
# $$\gamma = \frac{C_P}{C_V} = 1 + \frac{R}{C_V}, \qquad C_V = \frac{R}{\gamma - 1},$$
# so $\gamma = 5/3$ for a monatomic gas (helium, argon) and $7/5$ for a diatomic one (air).
#
# **The first law** is energy conservation. Write $Q$ for the heat that flows *into* the
# gas and $W$ for the work done *by* the gas on the piston; then
# $$\Delta U = Q - W, \qquad W = \int_{V_a}^{V_b} P\,dV .$$
# The work integral is the area under the path in the P–V plane: positive when the gas
# expands, negative when it is compressed (work is then done *on* the gas).
#
# ## 2. The two kinds of stroke
#
# **Isothermal** (the cylinder touches a reservoir at temperature $T$ and stays at $T$).
# Then $U$ does not change, $\Delta U = 0$, so the first law says **heat in = work
# out**, $Q = W$. With $P = nRT/V$ along the way,
# $$W = \int_{V_1}^{V_2} \frac{nRT}{V}\,dV = nRT \ln\frac{V_2}{V_1}.$$
# Expanding ($V_2 > V_1$) the gas absorbs heat $Q = nRT \ln(V_2/V_1) > 0$ and turns all of
# it into work; compressed, it gives the same amount of heat back to the reservoir
# ($W < 0$, $Q < 0$). It is **not** $P\,\Delta V$: the pressure falls as the gas
# expands, so the area under the hyperbola is smaller than the rectangle under its
# starting pressure, $nRT(V_2/V_1 - 1) \ge nRT \ln(V_2/V_1)$.
#
# **Adiabatic** (the cylinder is insulated: $Q = 0$). Now the work comes out of the
# internal energy, $dU = -P\,dV$. With $dU = n C_V\,dT$ and $P = nRT/V$,
# $$n C_V\,dT = -\frac{nRT}{V}\,dV
#   \quad\Longrightarrow\quad \frac{dT}{T} = -\frac{R}{C_V}\,\frac{dV}{V} = -(\gamma - 1)\,\frac{dV}{V}.$$
# Integrate from $(V_1, T_1)$ to $(V_2, T_2)$:
# $$\ln\frac{T_2}{T_1} = -(\gamma - 1) \ln\frac{V_2}{V_1}
#   \quad\Longrightarrow\quad T_1 V_1^{\gamma - 1} = T_2 V_2^{\gamma - 1}
#   \quad\Longrightarrow\quad V_2 = V_1 \left(\frac{T_1}{T_2}\right)^{1/(\gamma - 1)}.$$
# Multiplying $T V^{\gamma-1}$ by $nR$ and using $nRT = PV$ gives the familiar form
# $P V^\gamma = \text{const}$. Note which exponent goes with which pair: $\gamma$ with
# $(P, V)$, $\gamma - 1$ with $(T, V)$. An expanding gas cools (it pays for the work with
# its own energy), a compressed one heats up, and the work done by the gas is
# $W = -\Delta U = n C_V (T_1 - T_2)$.

# %% [markdown]
# ### Exercise 1: `carnot_efficiency(T_hot, T_cold)`
#
# We derive it in Section 3; implement it now, you will use it to check the cycle.
# Return the Carnot efficiency $\eta_C = 1 - T_{\text{cold}} / T_{\text{hot}}$ as a `float`.
#
# - Both temperatures are in kelvin and must be **finite and positive**; otherwise
#   raise `ValueError`. `T_cold = 0` is a `ValueError` too (absolute zero is
#   unreachable, and an engine needs a real cold reservoir).
# - `T_cold >= T_hot` raises `ValueError` (with no temperature difference there is no
#   engine; with them reversed, the formula's negative value means nothing).
# - Integers and NumPy scalars are fine as arguments.

# %% nbgrader={"grade": false, "grade_id": "carnot_efficiency_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def carnot_efficiency(T_hot, T_cold):
    """Efficiency 1 - T_cold / T_hot of a Carnot engine between two reservoirs (kelvin).

    Raises ValueError unless both temperatures are finite, positive and T_cold < T_hot.
    """
    T_hot, T_cold = check_reservoirs(T_hot, T_cold)
    return 1.0 - T_cold / T_hot


# %% nbgrader={"grade": true, "grade_id": "carnot_efficiency", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(carnot_efficiency(500, 300) - 0.4) < 1e-12, "between 500 K and 300 K: 1 - 300/500 = 0.4"
assert abs(carnot_efficiency(373.15, 273.15) - 100 / 373.15) < 1e-12, \
    "boiling and freezing water: (T_hot - T_cold) / T_hot = 100 / 373.15, about 26.8 %"
assert carnot_efficiency(600.0, 1.0) < 1, "a colder cold reservoir helps, but the efficiency stays below 1"
for t_check in [(300, 500), (400, 400), (300, 0), (300, -5)]:
    try:
        carnot_efficiency(*t_check)
    except ValueError:
        pass
    else:
        raise AssertionError(f"carnot_efficiency{t_check} must raise ValueError")


# %% [markdown]
# ### Exercise 2: `isothermal_work(n, T, V1, V2)`
#
# Return the work **done by the gas**, in joules, when $n$ moles expand (or are
# compressed) at constant temperature $T$ from volume `V1` to `V2`:
# $W = nRT\ln(V_2/V_1)$ with the setup cell's `R`.
#
# - Positive for an expansion, negative for a compression, exactly `0.0` when `V1 == V2`.
# - All four arguments must be finite and positive (`n` in mol, `T` in K, volumes in
#   m³); anything else (zero, negative, `nan`, `inf`) raises `ValueError`.

# %% nbgrader={"grade": false, "grade_id": "isothermal_work_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def isothermal_work(n, T, V1, V2):
    """Work (J) done by n moles of ideal gas going from V1 to V2 at temperature T.

    Raises ValueError unless n, T, V1 and V2 are finite and positive.
    """
    n, T = check_positive(n, "n"), check_positive(T, "T")
    V1, V2 = check_positive(V1, "V1"), check_positive(V2, "V2")
    return n * R * T * math.log(V2 / V1)


# %% nbgrader={"grade": true, "grade_id": "isothermal_work", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
w_check = isothermal_work(1, 300, 1e-3, 2e-3)
assert abs(w_check / (R * 300 * math.log(2)) - 1) < 1e-4, \
    "1 mol at 300 K doubling its volume does nRT ln 2, about 1729 J (not P1 * (V2 - V1))"
assert isothermal_work(2, 400, 3e-3, 1e-3) < 0, "a compression: work is done on the gas, W < 0"
assert abs(isothermal_work(2, 400, 3e-3, 1e-3) + isothermal_work(2, 400, 1e-3, 3e-3)) < 1e-9, \
    "going back along the same isotherm undoes the work exactly"
assert isothermal_work(0.5, 250, 4e-3, 4e-3) == 0, "no change of volume, no work"
for args_check in [(1, 300, 0.0, 2e-3), (1, -300, 1e-3, 2e-3), (0, 300, 1e-3, 2e-3)]:
    try:
        isothermal_work(*args_check)
    except ValueError:
        pass
    else:
        raise AssertionError(f"isothermal_work{args_check} must raise ValueError")


# %% [markdown]
# ### Exercise 3: `adiabatic_final_volume(V1, T1, T2, gamma)`
#
# An ideal gas with adiabatic index `gamma` starts at volume `V1` and temperature `T1`
# and expands (or is compressed) without exchanging heat until its temperature is `T2`.
# Return the final volume $V_2 = V_1 (T_1/T_2)^{1/(\gamma - 1)}$ (same unit as `V1`).
#
# - `T1 == T2` returns `V1`; cooling ($T_2 < T_1$) means a larger volume.
# - `V1`, `T1` and `T2` must be finite and positive, and `gamma` finite and
#   greater than 1 (every real gas has $C_P > C_V$); otherwise raise `ValueError`.

# %% nbgrader={"grade": false, "grade_id": "adiabatic_final_volume_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def adiabatic_final_volume(V1, T1, T2, gamma):
    """Volume at which an adiabat starting at (V1, T1) reaches temperature T2.

    Uses T V**(gamma - 1) = const. Raises ValueError on invalid input.
    """
    V1, T1, T2 = check_positive(V1, "V1"), check_positive(T1, "T1"), check_positive(T2, "T2")
    gamma = float(gamma)
    if not (math.isfinite(gamma) and gamma > 1):
        raise ValueError(f"gamma = C_P / C_V must be a finite number above 1, got {gamma!r}")
    return V1 * (T1 / T2) ** (1.0 / (gamma - 1.0))


# %% nbgrader={"grade": true, "grade_id": "adiabatic_final_volume", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
v_check = adiabatic_final_volume(1e-3, 500, 300, 5 / 3)
assert abs(v_check / (1e-3 * (5 / 3) ** 1.5) - 1) < 1e-9, \
    "a monatomic gas cooling from 500 K to 300 K grows by (500/300)**(1/(gamma - 1)) = (5/3)**1.5"
assert abs(300 * v_check ** (2 / 3) / (500 * 1e-3 ** (2 / 3)) - 1) < 1e-9, \
    "T V**(gamma - 1) is the same at both ends of an adiabat (the exponent is gamma - 1, not gamma)"
assert abs(adiabatic_final_volume(1e-3, 500, 300, 1.4) / (1e-3 * (5 / 3) ** 2.5) - 1) < 1e-9, \
    "a diatomic gas (gamma = 7/5) must expand further: exponent 1/(gamma - 1) = 2.5"
assert adiabatic_final_volume(4e-3, 300, 600, 5 / 3) < 4e-3, "heating adiabatically means compressing"
assert adiabatic_final_volume(2e-3, 300, 300, 1.4) == 2e-3, "no temperature change, no volume change"
for args_check in [(1e-3, 500, 300, 1.0), (1e-3, 500, 0.0, 5 / 3), (-1e-3, 500, 300, 5 / 3)]:
    try:
        adiabatic_final_volume(*args_check)
    except ValueError:
        pass
    else:
        raise AssertionError(f"adiabatic_final_volume{args_check} must raise ValueError")


# %% [markdown]
# ## 3. The Carnot cycle: four strokes and the efficiency
#
# Carnot's engine touches only **two** reservoirs, a hot one at $T_H$ and a cold one at
# $T_C$, and it only ever exchanges heat with a reservoir at the gas's own temperature
# (heat flowing across a temperature difference would be an irreversible loss). That
# leaves two isotherms joined by two adiabats. Call the corners $A, B, C, D$:
#
# | stroke | from → to | what happens | $Q$ (into the gas) | $W$ (by the gas) | $\Delta U$ |
# | --- | --- | --- | --- | --- | --- |
# | 1. hot isotherm | $A \to B$ | expands at $T_H$ from $V_1$ to $V_2$, touching the hot reservoir | $Q_{\text{in}} = nRT_H \ln\frac{V_2}{V_1}$ | $Q_{\text{in}}$ | $0$ |
# | 2. adiabatic expansion | $B \to C$ | insulated, expands and cools from $T_H$ to $T_C$ | $0$ | $nC_V(T_H - T_C)$ | $-nC_V(T_H - T_C)$ |
# | 3. cold isotherm | $C \to D$ | compressed at $T_C$, touching the cold reservoir | $-Q_{\text{out}} = -nRT_C \ln\frac{V_3}{V_4}$ | $-Q_{\text{out}}$ | $0$ |
# | 4. adiabatic compression | $D \to A$ | insulated, compressed and heated back to $T_H$ | $0$ | $-nC_V(T_H - T_C)$ | $+nC_V(T_H - T_C)$ |
#
# Each row is the first law $\Delta U = Q - W$, checked with Section 2.
#
# **The corners.** $A = (P_1, V_1, T_H)$ and $B = (P_2, V_2, T_H)$ are given by the
# volumes we choose. The adiabat from $B$ reaches $T_C$ at
# $V_3 = V_2\,(T_H/T_C)^{1/(\gamma-1)}$, and $D$ must lie on the adiabat that returns to $A$,
# so $V_4 = V_1\,(T_H/T_C)^{1/(\gamma-1)}$. Every pressure follows from $P = nRT/V$. Dividing,
# $$\frac{V_3}{V_4} = \frac{V_2}{V_1}:$$
# the cold isotherm is compressed by exactly the ratio by which the hot one expanded.
#
# **The heats.** Using that ratio,
# $$Q_{\text{in}} = nRT_H \ln\frac{V_2}{V_1}, \qquad
#   Q_{\text{out}} = nRT_C \ln\frac{V_3}{V_4} = nRT_C \ln\frac{V_2}{V_1},$$
# both positive: $Q_{\text{out}}$ is the *magnitude* of the heat dumped into the cold
# reservoir.
#
# **The net work.** Around a closed cycle the gas returns to its starting state, so
# $\sum \Delta U = 0$ and the first law summed over the strokes gives
# $W_{\text{net}} = \sum W = \sum Q = Q_{\text{in}} - Q_{\text{out}}$. (The two adiabatic works,
# $\pm nC_V(T_H - T_C)$, cancel.) Geometrically it is the area enclosed by the loop in
# the P–V plane, $\oint P\,dV$.
#
# **The efficiency** is what we get (net work) over what we pay for (heat from the hot
# reservoir; the cold reservoir's heat is waste):
# $$\eta = \frac{W_{\text{net}}}{Q_{\text{in}}} = 1 - \frac{Q_{\text{out}}}{Q_{\text{in}}}
#   = 1 - \frac{nRT_C \ln(V_2/V_1)}{nRT_H \ln(V_2/V_1)} = 1 - \frac{T_C}{T_H}.$$
# Everything about the gas cancels: the amount $n$, the volumes, even $\gamma$. Only the
# two temperatures remain.
#
# **Entropy appears.** The last step used $Q_{\text{out}}/Q_{\text{in}} = T_C/T_H$, that is
# $$\frac{Q_{\text{in}}}{T_H} = \frac{Q_{\text{out}}}{T_C}.$$
# Something is conserved: the heat taken in divided by the temperature at which it is
# taken in equals the heat given out divided by its temperature. Clausius named it
# **entropy**, $\Delta S = Q/T$ for heat exchanged reversibly at temperature $T$. Per stroke
# the gas's entropy changes by
# $$\Delta S = \left[\frac{Q_{\text{in}}}{T_H},\ 0,\ -\frac{Q_{\text{out}}}{T_C},\ 0\right]
#   = \left[nR\ln\frac{V_2}{V_1},\ 0,\ -nR\ln\frac{V_2}{V_1},\ 0\right],$$
# zero on the adiabats (no heat), and the sum over the cycle is $0$, as it must be for a
# function of the state. In the T–S plane the cycle is a **rectangle**: two horizontal
# isotherms and two vertical adiabats, whose area $(T_H - T_C)\,\Delta S$ is again
# $W_{\text{net}}$.

# %% [markdown]
# ### Exercise 4: `carnot_cycle(n, T_hot, T_cold, V1, V2, gamma=5/3)`
#
# Run $n$ moles of ideal gas (adiabatic index `gamma`, default $5/3$, monatomic) through
# the Carnot cycle whose hot isotherm expands from `V1` to `V2`. Return a `dict` with
# these keys (their order does not matter; extra keys are ignored):
#
# - `"states"`: the four corners $A, B, C, D$, each the `(P, V, T)` at the **start** of its
#   stroke, in stroke order: hot isotherm, adiabatic expansion, cold isotherm, adiabatic
#   compression. So `states[0] = (P1, V1, T_hot)`, `states[1] = (P2, V2, T_hot)`,
#   `states[2] = (P3, V3, T_cold)`, `states[3] = (P4, V4, T_cold)`, with $P = nRT/V$.
#   A list of four tuples; lists instead of tuples, or a `(4, 3)` array, are accepted.
# - `"Q_in"`, `"Q_out"`: the heat taken from the hot reservoir and the heat given to the
#   cold one, both as **positive** magnitudes, in J.
# - `"W_net"`: $Q_{\text{in}} - Q_{\text{out}}$, the net work done by the gas, in J.
# - `"efficiency"`: $W_{\text{net}} / Q_{\text{in}}$ (it must come out as $1 - T_C/T_H$).
# - `"delta_S"`: the gas's entropy change in each stroke, in J/K, in stroke order:
#   `[Q_in / T_hot, 0, -Q_out / T_cold, 0]` (a list of four numbers; a tuple or an array
#   is accepted). It sums to 0.
#
# Raise `ValueError` for invalid input: `V1 >= V2` (the hot isotherm must expand),
# non-positive or non-finite `n`, `V1`, `V2` (`nan` and `inf` included), temperatures,
# `T_cold >= T_hot`, or a `gamma` that is not a finite number above 1 (`gamma <= 1`, `nan`, `inf`). You may call your functions above (the hidden checks of this exercise
# compare with your own `isothermal_work` and `adiabatic_final_volume` as well, so a
# mistake there is charged once, in its own exercise).
#
# The hidden checks test the corners (volumes and temperatures against the closed form,
# pressures against the ideal-gas law), the heats against $\int P\,dV$ along the
# isotherms (first law with $\Delta U = 0$), the net work against the area of the loop
# (first law over the cycle), the efficiency against $1 - T_C/T_H$, and `delta_S` against
# $Q/T$ per stroke.

# %% nbgrader={"grade": false, "grade_id": "carnot_cycle_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def carnot_cycle(n, T_hot, T_cold, V1, V2, gamma=5 / 3):
    """The Carnot cycle of n moles of ideal gas between T_hot and T_cold (kelvin).

    V1 < V2 bound the hot isothermal expansion (m^3). Returns a dict with keys
    states (four (P, V, T) corners, each at the start of its stroke), Q_in, Q_out
    (positive, J), W_net (J), efficiency and delta_S (J/K per stroke).
    """
    T_hot, T_cold = check_reservoirs(T_hot, T_cold)
    if not float(V1) < float(V2):
        raise ValueError(f"the hot isotherm must expand: need V1 < V2, got V1={V1!r}, V2={V2!r}")
    V3 = adiabatic_final_volume(V2, T_hot, T_cold, gamma)     # end of the adiabatic expansion
    V4 = adiabatic_final_volume(V1, T_hot, T_cold, gamma)     # start of the adiabatic compression
    Q_in = isothermal_work(n, T_hot, V1, V2)                  # heat in = work out (dU = 0)
    Q_out = -isothermal_work(n, T_cold, V3, V4)               # work done on the gas, given away
    corners = [(V1, T_hot), (V2, T_hot), (V3, T_cold), (V4, T_cold)]
    states = [(float(n) * R * T / float(V), float(V), T) for V, T in corners]
    W_net = Q_in - Q_out
    return {"states": states, "Q_in": Q_in, "Q_out": Q_out, "W_net": W_net,
            "efficiency": W_net / Q_in,
            "delta_S": [Q_in / T_hot, 0.0, -Q_out / T_cold, 0.0]}


# %% nbgrader={"grade": true, "grade_id": "carnot_cycle", "locked": true, "points": 9, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
cycle_check = carnot_cycle(1, 500, 300, 1e-3, 3e-3)
assert set(cycle_check) >= {"states", "Q_in", "Q_out", "W_net", "efficiency", "delta_S"}, \
    "return a dict with keys states, Q_in, Q_out, W_net, efficiency, delta_S"
assert [round(s_check[2]) for s_check in cycle_check["states"]] == [500, 500, 300, 300], \
    "corners at the start of each stroke: A and B on the hot isotherm, C and D on the cold one"
assert np.allclose([s_check[1] for s_check in cycle_check["states"]],
                   [1e-3, 3e-3, 3e-3 * (5 / 3) ** 1.5, 1e-3 * (5 / 3) ** 1.5], rtol=1e-9, atol=0), \
    "volumes V1, V2, then V3 = V2 (T_hot/T_cold)**(1/(gamma-1)) and V4 = V1 (T_hot/T_cold)**(1/(gamma-1))"
assert all(abs(p_check * v_check / (R * t_check) - 1) < 1e-4
           for p_check, v_check, t_check in cycle_check["states"]), "every corner obeys P V = n R T"
assert abs(cycle_check["Q_in"] / (R * 500 * math.log(3)) - 1) < 1e-4, "Q_in = n R T_hot ln(V2/V1)"
assert abs(cycle_check["Q_out"] / (R * 300 * math.log(3)) - 1) < 1e-4, \
    "Q_out = n R T_cold ln(V3/V4) = n R T_cold ln(V2/V1), a positive magnitude"
assert abs(cycle_check["W_net"] - (cycle_check["Q_in"] - cycle_check["Q_out"])) < 1e-9, "W_net = Q_in - Q_out"
assert abs(cycle_check["efficiency"] - 0.4) < 1e-9, "the cycle's efficiency is Carnot's, 1 - 300/500"
assert np.allclose(cycle_check["delta_S"], [R * math.log(3), 0, -R * math.log(3), 0], rtol=1e-4, atol=1e-9), \
    "delta_S in stroke order, [hot isotherm, adiabatic expansion, cold isotherm, adiabatic compression] " \
    "= [Q_in/T_hot, 0, -Q_out/T_cold, 0]: n R ln 3 in, nothing, n R ln 3 out, nothing (zero in total)"
try:
    carnot_cycle(1, 500, 300, 3e-3, 1e-3)
except ValueError:
    pass
else:
    raise AssertionError("V1 > V2 is no expansion on the hot isotherm: carnot_cycle must raise ValueError")

# %% [markdown]
# The cycle in the P–V plane (left): the loop runs clockwise, and the area it encloses
# is the net work. The same cycle in the T–S plane (right) is a rectangle: heat is
# $\int T\,dS$, so the area under the top edge is $Q_{\text{in}}$, under the bottom edge
# $Q_{\text{out}}$, and the difference is the work.

# %% tags=["demo"]
import matplotlib.pyplot as plt

try:
    demo = carnot_cycle(1.0, 500.0, 300.0, 1e-3, 3e-3)
    gamma_demo = 5 / 3
    corners_demo = [tuple(map(float, s)) for s in demo["states"]]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    names = ["A", "B", "C", "D"]
    for k in range(4):
        p_a, v_a, t_a = corners_demo[k]
        v_b = corners_demo[(k + 1) % 4][1]
        v_path = np.linspace(v_a, v_b, 200)
        if k % 2 == 0:
            p_path = p_a * v_a / v_path                       # isotherm: P V = const
        else:
            p_path = p_a * (v_a / v_path) ** gamma_demo        # adiabat: P V^gamma = const
        axes[0].plot(v_path * 1e3, p_path / 1e3, lw=2,
                     color=("C3" if k == 0 else "C0") if k % 2 == 0 else "k")
        axes[0].annotate(names[k], (v_a * 1e3, p_a / 1e3), textcoords="offset points",
                         xytext=(6, 6))
    axes[0].set(xlabel="V (litres)", ylabel="P (kPa)",
                title=f"P–V: W_net = {demo['W_net']:.0f} J, efficiency {demo['efficiency']:.2f}")
    s_values = np.cumsum([0.0] + list(map(float, demo["delta_S"])))
    t_values = [500, 500, 300, 300, 500]
    axes[1].plot(s_values, t_values, "k-", lw=2)
    axes[1].fill_between(s_values[:2], [300, 300], [500, 500], alpha=0.2, label="W_net")
    axes[1].fill_between(s_values[:2], [0, 0], [300, 300], alpha=0.1, color="C0",
                         label="Q_out (waste)")
    axes[1].set(xlabel="entropy of the gas, S - S_A (J/K)", ylabel="T (K)", ylim=(0, 560),
                title="T–S: the cycle is a rectangle")
    axes[1].legend(loc="lower right")
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement carnot_cycle above to see the diagrams.")

# %% [markdown]
# ## 4. No engine beats Carnot's: the second law
#
# Every stroke of the Carnot cycle is **reversible**: run it backwards (A → D → C → B → A)
# and every heat and work changes sign. The reversed engine is a **refrigerator**: it
# takes in work $W$, extracts heat $Q_C$ from the cold reservoir and delivers
# $Q_H = Q_C + W$ to the hot one, with the same ratio $Q_C/Q_H = T_C/T_H$.
#
# The second law, in Clausius' words: **heat does not flow from a colder body to a hotter
# one with no other effect.** (A refrigerator moves heat uphill only because we pay
# with work.)
#
# **The proof.** Suppose some engine $X$, working between the same reservoirs, had
# $\eta_X = W / Q_{\text{in}} > \eta_C = 1 - T_C/T_H$. Use *all* its work to drive a
# Carnot refrigerator.
#
# 1. $X$ takes $Q_{\text{in}}$ from the hot reservoir, delivers $W = \eta_X Q_{\text{in}}$
#    and dumps $Q_{\text{in}} - W$ into the cold one.
# 2. The refrigerator takes that $W$ and delivers to the hot reservoir
#    $Q_H = W / \eta_C$ (for the Carnot cycle, $W = \eta_C Q_H$), extracting
#    $Q_C = Q_H - W$ from the cold one.
# 3. The combined machine uses no net work. Because $\eta_X > \eta_C$,
#    $$Q_H - Q_{\text{in}} = \frac{W}{\eta_C} - \frac{W}{\eta_X} > 0:$$
#    the hot reservoir **gains** heat, and by energy conservation the cold one loses
#    exactly as much ($Q_C - (Q_{\text{in}} - W) = Q_H - Q_{\text{in}}$).
#
# Heat has gone from cold to hot with no other effect: the second law forbids it, so no
# such $X$ exists, and $\eta \le \eta_C$ for **every** engine between $T_H$ and $T_C$,
# whatever its working substance. (Applied to two reversible engines in both
# directions, the same argument shows they all have exactly $\eta_C$.)
#
# **The same with entropy.** Per cycle the engine itself returns to its state; the hot
# reservoir loses entropy $Q_{\text{in}}/T_H$ and the cold one gains
# $(Q_{\text{in}} - W)/T_C$. The total entropy of the world cannot decrease:
# $$\Delta S_{\text{total}} = -\frac{Q_{\text{in}}}{T_H} + \frac{Q_{\text{in}} - W}{T_C} \ge 0
#   \iff \frac{W}{Q_{\text{in}}} \le 1 - \frac{T_C}{T_H}.$$
# An engine that claims $W/Q_{\text{in}} > \eta_C$ destroys entropy; one at exactly $\eta_C$
# is reversible ($\Delta S_{\text{total}} = 0$).
#
# ## 5. Why 100 % is impossible
#
# $\eta = 1$ would need $T_C = 0$ or $T_H = \infty$. Absolute zero cannot be reached
# (the third law), and no reservoir is infinitely hot. The entropy bookkeeping says why
# in one line: the heat $Q_{\text{in}}$ carries entropy $Q_{\text{in}}/T_H$ into the engine,
# and work carries none. For the engine to come back to its starting state, that entropy
# has to leave as heat, and leaving at $T_C$ it takes at least
# $Q_{\text{out}} \ge T_C\,Q_{\text{in}}/T_H > 0$ joules with it. That is Kelvin's form of the
# second law: no cycle turns heat from a single reservoir entirely into work.
#
# In the language of this course: the work is the *ordered* part of the energy, the heat
# the *disordered* part, and entropy is the missing information about the microstate.
# An engine cannot destroy that uncertainty, only hand it on to the cold reservoir, and
# handing on entropy $\Delta S$ at temperature $T_C$ costs at least $T_C\,\Delta S$ of
# energy: the colder the reservoir, the cheaper. It is the same trade-off that sets
# Landauer's price $k_B T \ln 2$ for erasing one bit (physics 01).

# %% [markdown]
# ### Exercise 5: `violates_second_law(Q_in, W, T_hot, T_cold)`
#
# An inventor claims an engine that takes heat `Q_in` (J) from a reservoir at `T_hot`
# per cycle, delivers work `W` (J), and dumps the rest at `T_cold`. Return `True` if the
# claim violates the second law, `False` if it does not.
#
# - The claim violates the second law exactly when $W/Q_{\text{in}} > \eta_C + 10^{-9}$,
#   with $\eta_C = 1 - T_C/T_H$. The tolerance $10^{-9}$ (on the efficiency, a number in
#   $[0, 1)$) means that an engine **at** Carnot's efficiency, computed in floating point
#   and off by a few rounding errors, is no violation: a reversible engine is allowed.
#   Never compare floats for exact equality here. The tolerance is on the *ratio*
#   $W/Q_{\text{in}}$, not on the work in joules, so the verdict does not depend on the
#   engine's size: the hidden checks use engines from a milli-joule ($10^{-3}$ J) to
#   $10^{12}$ J, where one rounding error of $W$ is already about $10^{-4}$ J.
# - `W` may be any finite number (`W <= 0` is a machine that delivers nothing: no
#   violation). `W > Q_in` (more work than heat) is a violation too.
# - `Q_in` must be finite and positive; temperatures as in `carnot_efficiency`
#   (`T_cold >= T_hot` and non-positive temperatures raise `ValueError`); a `nan` or
#   infinite `W` raises `ValueError`.
# - Return a `bool` (`True` / `False`; a NumPy bool is fine, `1` / `0` are not).

# %% nbgrader={"grade": false, "grade_id": "violates_second_law_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def violates_second_law(Q_in, W, T_hot, T_cold):
    """Whether an engine taking Q_in at T_hot and delivering W beats Carnot's efficiency.

    True when W / Q_in > 1 - T_cold / T_hot + 1e-9. Raises ValueError on invalid input.
    """
    eta_carnot = carnot_efficiency(T_hot, T_cold)
    Q_in, W = check_positive(Q_in, "Q_in"), float(W)
    if not math.isfinite(W):
        raise ValueError(f"W must be finite, got {W!r}")
    return bool(W / Q_in > eta_carnot + 1e-9)


# %% nbgrader={"grade": true, "grade_id": "violates_second_law", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert violates_second_law(1000, 500, 500, 300), "50 % between 500 K and 300 K beats Carnot's 40 %"
assert not violates_second_law(1000, 300, 500, 300), "30 % is allowed (an ordinary, irreversible engine)"
assert not violates_second_law(1000, 400, 500, 300), "exactly Carnot's 40 % is allowed (reversible)"
assert not violates_second_law(1234.5, math.nextafter(1234.5 * (1 - 273.15 / 373.15), math.inf),
                               373.15, 273.15), \
    "Carnot's efficiency up to one rounding error is no violation: compare with the 1e-9 tolerance"
assert not violates_second_law(2e12, 2e12 * 0.4 + 5e-4, 500, 300), \
    "a reversible 2e12 J engine, W off by a few rounding errors (5e-4 J): the 1e-9 is on W / Q_in, not in joules"
assert violates_second_law(1e-3, 1e-3 * (0.4 + 1e-7), 500, 300), \
    "a milli-joule engine 1e-7 above Carnot's efficiency violates the law, though W exceeds 0.4 Q_in by only 1e-10 J"
assert violates_second_law(1000, 1001, 500, 300), "more work than heat in: impossible"
assert not violates_second_law(1000, -50, 500, 300), "a machine that consumes work breaks no law"
for args_check in [(0, 10, 500, 300), (1000, 100, 300, 500)]:
    try:
        violates_second_law(*args_check)
    except ValueError:
        pass
    else:
        raise AssertionError(f"violates_second_law{args_check} must raise ValueError")

# %% [markdown]
# The proof, with numbers: a claimed 50 % engine between 500 K and 300 K drives a Carnot
# refrigerator with all its work. Per 1000 J the claimed engine takes from the hot
# reservoir, the hot reservoir gets back more than it gave.

# %% tags=["demo"]
try:
    q_claim, eta_claim, t_h, t_c = 1000.0, 0.5, 500.0, 300.0
    w_claim = eta_claim * q_claim
    eta_c = carnot_efficiency(t_h, t_c)
    q_h_fridge = w_claim / eta_c                     # heat the refrigerator delivers upstairs
    q_c_fridge = q_h_fridge - w_claim                # heat it pulls from the cold reservoir
    print(f"claimed engine : takes {q_claim:.0f} J at {t_h:.0f} K, delivers {w_claim:.0f} J, "
          f"dumps {q_claim - w_claim:.0f} J at {t_c:.0f} K")
    print(f"Carnot fridge  : takes {w_claim:.0f} J of work, pulls {q_c_fridge:.0f} J from "
          f"{t_c:.0f} K, delivers {q_h_fridge:.0f} J at {t_h:.0f} K")
    print(f"net            : {q_h_fridge - q_claim:.0f} J moved from cold to hot with no work: "
          f"violates_second_law -> {violates_second_law(q_claim, w_claim, t_h, t_c)}")
except NotImplementedError:
    print("Implement carnot_efficiency and violates_second_law above to run the proof.")

# %% [markdown]
# ## 6. The refrigerator
#
# Run backwards, the Carnot cycle pumps heat $Q_C$ out of the cold reservoir (the inside of
# a fridge) using work $W$ and delivers $Q_H = Q_C + W$ to the hot one (the kitchen). Its
# figure of merit is the **coefficient of performance**, what we want over what we pay:
# $$\mathrm{COP} = \frac{Q_C}{W} = \frac{Q_C}{Q_H - Q_C} = \frac{1}{Q_H/Q_C - 1}
#   = \frac{1}{T_H/T_C - 1} = \frac{T_C}{T_H - T_C},$$
# using the Carnot ratio $Q_H/Q_C = T_H/T_C$ (the entropy taken from the cold reservoir,
# $Q_C/T_C$, equals the entropy delivered to the hot one, $Q_H/T_H$). By the proof of
# Section 4 run in reverse, no refrigerator between these temperatures does better.
#
# It can be far above 1: a fridge at 270 K in a 300 K kitchen could in principle move
# 9 J of heat per joule of work. It falls to 0 as $T_C \to 0$: cooling towards absolute
# zero gets ever more expensive. (A **heat pump** heating the house wants $Q_H$ instead:
# $\mathrm{COP}_{\text{heat pump}} = Q_H / W = T_H/(T_H - T_C) = 1/\eta_C$, which is one more than the
# refrigerator's; this exercise asks for the refrigerator's.)

# %% [markdown]
# ### Exercise 6: `refrigerator_cop(T_hot, T_cold)`
#
# Return the coefficient of performance $Q_C / W = T_C/(T_H - T_C)$ of a Carnot
# refrigerator pumping heat from `T_cold` to `T_hot`, as a `float`. Invalid temperatures
# raise `ValueError` exactly as in `carnot_efficiency`.

# %% nbgrader={"grade": false, "grade_id": "refrigerator_cop_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def refrigerator_cop(T_hot, T_cold):
    """Coefficient of performance Q_C / W = T_cold / (T_hot - T_cold) of a Carnot fridge.

    Raises ValueError unless both temperatures are finite, positive and T_cold < T_hot.
    """
    T_hot, T_cold = check_reservoirs(T_hot, T_cold)
    return T_cold / (T_hot - T_cold)


# %% nbgrader={"grade": true, "grade_id": "refrigerator_cop", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(refrigerator_cop(300, 270) - 9.0) < 1e-12, \
    "a fridge at 270 K in a 300 K room: Q_C / W = 270 / 30 = 9 (the heat pump's T_H / (T_H - T_C) would be 10)"
assert abs(refrigerator_cop(293.15, 255.15) - 255.15 / 38) < 1e-9, "a freezer at -18 °C in a 20 °C room"
assert refrigerator_cop(1000, 1) < 0.01, "cooling close to absolute zero costs a lot of work per joule"
try:
    refrigerator_cop(270, 300)
except ValueError:
    pass
else:
    raise AssertionError("refrigerator_cop(270, 300): T_cold >= T_hot must raise ValueError")

# %% [markdown]
# The limits side by side: the efficiency of an engine and the COP of a refrigerator as
# the cold reservoir gets closer to the hot one. They are two faces of one ratio,
# $\mathrm{COP} = T_C/(T_H - T_C) = 1/\eta_C - 1$: an engine is poor exactly where a
# refrigerator is good.

# %% tags=["demo"]
try:
    ratio = np.linspace(0.02, 0.98, 200)
    t_hot_demo = 500.0
    eff = [carnot_efficiency(t_hot_demo, r * t_hot_demo) for r in ratio]
    cop = [refrigerator_cop(t_hot_demo, r * t_hot_demo) for r in ratio]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    axes[0].plot(ratio, eff)
    axes[0].axhline(1.0, color="gray", ls=":", label="100 % (never reached)")
    axes[0].set(xlabel="T_cold / T_hot", ylabel="efficiency", title="Carnot engine")
    axes[0].legend()
    axes[1].semilogy(ratio, cop)
    axes[1].set(xlabel="T_cold / T_hot", ylabel="COP = Q_C / W", title="Carnot refrigerator")
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement carnot_efficiency and refrigerator_cop above to see these curves.")

# %% [markdown]
# ## Summary
#
# - Isothermal stroke: $\Delta U = 0$, so $Q = W = nRT\ln(V_2/V_1)$. Adiabatic stroke:
#   $Q = 0$, $T V^{\gamma - 1}$ and $P V^\gamma$ stay constant, $W = nC_V(T_1 - T_2)$.
# - The Carnot cycle (hot isotherm, adiabatic expansion, cold isotherm, adiabatic
#   compression) has $V_3/V_4 = V_2/V_1$, hence $Q_{\text{out}}/Q_{\text{in}} = T_C/T_H$ and
#   $\eta = 1 - T_C/T_H$, independent of the gas.
# - $Q/T$ is conserved by the reversible cycle: the entropy $\Delta S = Q/T$ of the strokes
#   sums to zero.
# - A better engine driving a Carnot refrigerator would move heat from cold to hot for
#   free (and destroy entropy): no engine beats $\eta_C$, and none reaches 100 %, since the
#   entropy taken in with the heat must be paid out at $T_C > 0$.
# - Run backwards it is the best refrigerator, $\mathrm{COP} = T_C/(T_H - T_C)$.
