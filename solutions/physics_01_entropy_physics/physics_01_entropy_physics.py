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
# # Physics 01 · Entropy like a physicist
#
# *Machine Learning from an Information-Theoretic Perspective*
#
# Shannon's entropy counts bits of surprise. Half a century before Shannon, Boltzmann
# and Gibbs wrote down the same formula to explain why heat flows from hot to cold and
# why a gas fills its container. This notebook derives the physicist's entropy from
# counting, and shows that the two are one quantity in two units.
#
# 1. **Microstates and macrostates.** Coins and Einstein solids: counting the
#    arrangements that look the same from outside, exactly, with Python integers.
# 2. **$S = k_B \ln W$**, derived from two requirements: entropy adds, multiplicities
#    multiply.
# 3. **Why entropy increases.** Nothing pushes a system towards equilibrium; the
#    equilibrium macrostate simply has overwhelmingly more microstates, and the peak
#    sharpens like $1/\sqrt{N}$.
# 4. **The Gibbs formula** $S = -k_B \sum_i p_i \ln p_i$, derived from Boltzmann's by
#    counting an ensemble, and its identity with Shannon's: $S = k_B \ln 2 \cdot H_{\text{bits}}$.
# 5. **Landauer's bound**: erasing a bit costs at least $k_B T \ln 2$ of heat, and the
#    entropy of a gas that doubles its volume.
#
# You implement nine functions:
#
# | # | exercise | points | what it is |
# | --- | --- | --- | --- |
# | 1 | `coin_multiplicity(n, heads)` | 2 | number of microstates of a macrostate of $n$ coins (exact `int`) |
# | 2 | `boltzmann_entropy(W, k_B=1.380649e-23)` | 3 | $k_B \ln W$, for `int` multiplicities of any size |
# | 3 | `boltzmann_entropy_from_log(ln_W, k_B=1.380649e-23)` | 1 | $k_B \ln W$ from $\ln W$ |
# | 4 | `einstein_solid_multiplicity(n_oscillators, quanta)` | 2.5 | $\binom{q + N - 1}{q}$ (exact `int`) |
# | 5 | `two_solid_multiplicities(n_a, n_b, total_quanta)` | 3 | $\Omega_A(q_A)\,\Omega_B(q - q_A)$ for every $q_A$ |
# | 6 | `gibbs_entropy(p, k_B=1.380649e-23)` | 3 | $-k_B \sum_i p_i \ln p_i$ |
# | 7 | `bits_to_thermodynamic_entropy(bits)` | 1 | $k_B \ln 2 \cdot$ bits, in J/K |
# | 8 | `landauer_energy(T, bits)` | 2 | $k_B T \ln 2 \cdot$ bits, in J |
# | 9 | `free_expansion_entropy(n_moles, V1, V2)` | 2.5 | $n R \ln(V_2 / V_1)$, in J/K |
# | | **total** | **20** | |
#
# **How you are graded.** Each function has a solution cell (replace
# `raise NotImplementedError()`) followed by a test cell. The test cell's visible
# asserts are quick examples you can run now; when the notebook is graded, hidden
# checks call your function on random inputs and on edge cases and compare with
# independent references (exact integer arithmetic, brute-force counting, SciPy,
# closed forms). The course's grader (`python -m autograder`) draws a fresh seed for
# every run and records it (`--seed N` reproduces a run); nbgrader's `autograde` uses one
# fixed seed. Either way you do not see the inputs in advance: make the function right,
# not just the examples. If a visible assert fails, nbgrader scores that exercise 0 (the
# course's grader reports the failure and scores only the hidden checks). Plot cells
# are tagged `demo`; they are not graded.
#
# **Conventions of this notebook.**
#
# - **SI units.** Entropies are in J/K, energies in J, temperatures in K, amounts of
#   substance in mol. The constants are the exact values of the 2019 SI:
#   $k_B = 1.380649 \times 10^{-23}$ J/K and $N_A = 6.02214076 \times 10^{23}$ mol$^{-1}$,
#   so the gas constant is $R = N_A k_B = 8.31446261815324$ J/(mol K) exactly (in double
#   precision `N_A * K_B` is the float nearest to it, which Python prints as
#   `8.31446261815324`, 15 significant digits; *not* the rounded $8.314$). They are defined in
#   the setup cell as `K_B`, `N_A` and `R_GAS`. Hidden checks compare with a **relative**
#   tolerance of about $10^{-7}$, so a rounded constant ($1.38 \times 10^{-23}$, $8.314$)
#   loses the points.
# - **Counts are exact.** Multiplicities are Python `int`s, which have no size limit:
#   $\binom{1000}{500}$ has 300 digits. A `float` holds only about 16 significant digits
#   and overflows beyond $1.8 \times 10^{308}$; `scipy.special.comb(n, k)` and
#   `math.factorial(n) / ...` return floats. Use `math.comb` or integer arithmetic
#   (`//`). An integer argument may be a Python `int` or a NumPy integer
#   (`np.int64(5)`); a `float` such as `2.5` (or even `4.0`) is not a count and raises
#   `ValueError`.
# - Scalar results that are not counts are returned as a Python `float`.
# - Array-likes (lists, tuples, arrays of any float dtype) are accepted where an argument
#   is a distribution, and are never modified.
# - Invalid input raises `ValueError` with a message that says what is wrong. $0 \ln 0 = 0$.
# - Don't let NumPy print warnings (a graded cell that writes to stderr scores 0 in
#   nbgrader).

# %%
import math
import numbers

import numpy as np

K_B = 1.380649e-23          # Boltzmann constant, J/K (exact since 2019; this float is the nearest double)
N_A = 6.02214076e23         # Avogadro constant, 1/mol (exact since 2019; this float is the nearest double)
R_GAS = N_A * K_B           # gas constant, J/(mol K): prints as 8.31446261815324

# %% [markdown]
# ## 1. Microstates and macrostates
#
# Toss $n$ distinguishable coins. A **microstate** is the full list of faces, e.g.
# `HTTHH`: there are $2^n$ of them, all equally likely for fair coins. A
# **macrostate** is what we can measure without looking at every coin, here the number
# of heads $h$. Its **multiplicity** $\Omega(n, h)$ is the number of microstates that
# show it.
#
# **Counting it.** A microstate with $h$ heads is fixed by *which* $h$ of the $n$ coins
# show heads. Place the heads one at a time: $n$ choices for the first, $n - 1$ for the
# second, ..., $n - h + 1$ for the last, $n!/(n-h)!$ ordered choices. Each set of $h$
# coins was reached in $h!$ orders, so
# $$\Omega(n, h) = \frac{n!}{h!\,(n - h)!} = \binom{n}{h}.$$
#
# Checks: $\Omega(n, 0) = \Omega(n, n) = 1$ (one way to be all tails), and
# $\sum_h \binom{n}{h} = 2^n$ (the binomial theorem at $(1 + 1)^n$): every microstate
# belongs to exactly one macrostate.
#
# **The fundamental assumption** of statistical mechanics: an isolated system in
# equilibrium is equally likely to be in any of its accessible microstates. Then a
# macrostate's probability is its share of the microstates,
# $P(h) = \Omega(n, h) / 2^n$. With 4 coins: $\Omega = 1, 4, 6, 4, 1$, so two heads
# happen 6 times in 16 and four heads once in 16. Nothing favours "2 heads" except that
# more arrangements look like it.
#
# For 100 coins, $\binom{100}{50} = 100891344545564193334812497256$, a 30-digit number:
# a `float` stores it as `1.0089134454556419e+29`, wrong from the 17th digit on. Counts
# must stay integers.

# %% [markdown]
# ### Exercise 1: `coin_multiplicity(n, heads)`
#
# Return $\binom{n}{\text{heads}}$ as an exact Python `int`.
#
# - `n` and `heads` are integers (`int` or a NumPy integer). Raise `ValueError` if either
#   is not an integer (`2.5`, `4.0`), or if `heads` is not in $0, \dots, n$ (this also
#   covers a negative `n`). Note that `math.comb(3, 5)` quietly returns 0: a macrostate
#   with more heads than coins does not exist, so raise instead.
# - Hidden checks compare with brute-force enumeration of all $2^n$ sequences for small
#   $n$, and demand the **exact** integer for $n$ in the thousands.

# %% nbgrader={"grade": false, "grade_id": "coin_multiplicity_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def coin_multiplicity(n, heads):
    """Number of ways n distinguishable coins show exactly `heads` heads.

    n, heads : integers (int or NumPy integer), 0 <= heads <= n
    Returns the binomial coefficient C(n, heads) as an exact Python int.
    """
    for name, value in (("n", n), ("heads", heads)):
        if not isinstance(value, numbers.Integral):
            raise ValueError(f"{name} must be an integer count, got {value!r}")
    if not 0 <= heads <= n:
        raise ValueError(f"heads must be between 0 and n = {n}, got {heads}")
    return math.comb(int(n), int(heads))


# %% nbgrader={"grade": true, "grade_id": "coin_multiplicity", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert [coin_multiplicity(4, h_check) for h_check in range(5)] == [1, 4, 6, 4, 1], \
    "four coins: 1, 4, 6, 4, 1 ways to show 0..4 heads"
assert sum(coin_multiplicity(10, h_check) for h_check in range(11)) == 2 ** 10, \
    "every one of the 2**10 microstates belongs to exactly one macrostate"
assert coin_multiplicity(100, 50) == 100891344545564193334812497256, \
    "C(100, 50) exactly: a float keeps only ~16 digits (use math.comb, not scipy.special.comb)"
assert type(coin_multiplicity(np.int64(6), np.int64(3))) is int, \
    "return a Python int (NumPy integers are accepted as arguments)"
try:
    coin_multiplicity(3, 5)
except ValueError:
    pass
else:
    raise AssertionError("3 coins cannot show 5 heads: raise ValueError (math.comb returns 0)")

# %% [markdown]
# The probability of each macrostate, $\binom{n}{h}/2^n$, plotted against the *fraction*
# of heads $h/n$: as $n$ grows the distribution crowds around $1/2$. Its standard
# deviation is $\sqrt{n}/2$ heads (each coin contributes variance $1/4$), so as a
# fraction it is $1/(2\sqrt{n})$: 5 % for 100 coins, 0.5 % for 10 000.

# %% tags=["demo"]
import matplotlib.pyplot as plt

try:
    plt.figure(figsize=(6.5, 3.5))
    for n_demo in (10, 100, 1000):
        h_demo = np.arange(n_demo + 1)
        prob = np.array([coin_multiplicity(n_demo, int(h)) / 2 ** n_demo for h in h_demo])
        plt.plot(h_demo / n_demo, prob * n_demo, label=f"n = {n_demo}")
    plt.xlabel("fraction of heads h / n")
    plt.ylabel("probability density (P(h) * n)")
    plt.title("macrostates of n fair coins")
    plt.legend()
    plt.show()
except NotImplementedError:
    print("Implement coin_multiplicity above to see this plot.")

# %% [markdown]
# ## 2. Boltzmann's entropy, $S = k_B \ln W$
#
# We want a quantity $S$ of a macrostate that depends only on its multiplicity $W$, and
# that behaves like the thermodynamic entropy of Clausius: it is **extensive** (two
# systems side by side have the sum of their entropies) and it grows with $W$.
#
# **Step 1: multiplicities multiply.** Put two independent systems $A$ and $B$ side by
# side. Every microstate of $A$ can be combined with every microstate of $B$, so the
# combined macrostate has $W = W_A \cdot W_B$ microstates.
#
# **Step 2: entropies add.** Extensivity demands $S(W_A W_B) = S(W_A) + S(W_B)$ for all
# $W_A, W_B \ge 1$.
#
# **Step 3: the logarithm is forced.** Write $W = e^x$ and $f(x) = S(e^x)$ for $x \ge 0$.
# Step 2 becomes Cauchy's equation $f(x + y) = f(x) + f(y)$. By induction
# $f(m x) = m f(x)$ for integers $m$, so $f(m/n) = \frac{m}{n} f(1)$ for rationals, and an
# increasing $f$ is squeezed between its values at rationals on either side of $x$:
# $f(x) = c\,x$. Going back, $x = \ln W$:
# $$S = c \ln W .$$
# (Setting $W_A = W_B = 1$ in step 2 gives $S(1) = 0$: a macrostate with one microstate
# has no entropy.)
#
# **Step 4: the constant is a choice of units.** Bring two systems into thermal contact
# with a fixed total energy $U = U_A + U_B$. The combined multiplicity is
# $W_A(U_A)\,W_B(U - U_A)$, and the macrostate we will see is the one that maximises it
# (Section 4 shows how overwhelmingly). Setting the derivative of
# $\ln W_A(U_A) + \ln W_B(U - U_A)$ to zero,
# $$\frac{\partial \ln W_A}{\partial U_A} = \frac{\partial \ln W_B}{\partial U_B}.$$
# Two systems in equilibrium have equal temperatures, so
# $\partial \ln W / \partial U$ is a function of temperature alone. Thermodynamics
# defines temperature by $1/T = \partial S / \partial U$; with $S = c \ln W$ this reads
# $\partial \ln W / \partial U = 1/(c\,T)$. Measuring $T$ in kelvin and $U$ in joules fixes
# $c$ to **Boltzmann's constant**, since 2019 an exact number:
# $$\boxed{S = k_B \ln W}, \qquad k_B = 1.380649 \times 10^{-23}\ \text{J/K}.$$
# With $k_B = 1$ the same formula gives entropy in **nats**, with $k_B = 1/\ln 2$ in
# **bits**: the constant is the unit, exactly as the base of the logarithm was in
# Shannon's entropy.
#
# **Big numbers.** Multiplicities of real systems are far beyond a float: a solid of a
# few hundred atoms already has $W > 10^{308}$. `math.log` of a Python `int` is exact
# to rounding however large the integer is (it reads the integer's bits), while
# `np.log(float(W))` raises `OverflowError` and `np.log(W)` a `TypeError`. For
# macroscopic systems even the integer is out of reach ($\ln W \approx 10^{23}$: $W$ would
# have $10^{23}$ digits), and we compute $\ln W$ directly, e.g. with `math.lgamma`
# ($\ln n! = $ `math.lgamma(n + 1)`).

# %% [markdown]
# ### Exercise 2: `boltzmann_entropy(W, k_B=1.380649e-23)`
#
# Return $S = k_B \ln W$ as a `float` (J/K with the default $k_B$; nats with `k_B=1`).
#
# - `W` is a multiplicity: a Python `int` of **any size** (thousands of digits), a NumPy
#   integer, or a `float`. It must work where `float(W)` overflows.
# - Raise `ValueError` if `W < 1` (a macrostate has at least one microstate; `W = 0`,
#   negative `W` and `W` below 1 such as `0.5` are errors) or if `k_B <= 0`. A float
#   `W >= 1` need not be whole (`W = 1.5` gives `k_B ln 1.5`).
# - `W = 1` gives exactly `0.0`; any positive `k_B` must be honoured.

# %% nbgrader={"grade": false, "grade_id": "boltzmann_entropy_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def boltzmann_entropy(W, k_B=1.380649e-23):
    """Boltzmann entropy S = k_B ln W of a macrostate with multiplicity W.

    W   : multiplicity >= 1 (int of any size, NumPy integer or float)
    k_B : Boltzmann constant (J/K by default; 1 gives nats)
    Returns S as a float. Raises ValueError for W < 1 or k_B <= 0.
    """
    if not k_B > 0:
        raise ValueError(f"k_B must be positive, got {k_B!r}")
    if not W >= 1:
        raise ValueError(f"a multiplicity counts microstates, so W >= 1; got {W!r}")
    return float(k_B * math.log(W))        # math.log reads a big int's bits: no overflow


# %% nbgrader={"grade": true, "grade_id": "boltzmann_entropy", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert boltzmann_entropy(1) == 0.0, "one microstate: no entropy"
assert math.isclose(boltzmann_entropy(6), K_B * math.log(6), rel_tol=1e-12), "k_B ln 6"
assert math.isclose(boltzmann_entropy(2 ** 10, k_B=1 / math.log(2)), 10.0, rel_tol=1e-12), \
    "with k_B = 1/ln 2 the entropy is in bits: 2**10 microstates carry 10 bits"
assert math.isclose(boltzmann_entropy(10 ** 4000), K_B * 4000 * math.log(10), rel_tol=1e-12), \
    "W = 10**4000 is far beyond float range (float(W) overflows): use math.log on the int"
try:
    boltzmann_entropy(0)
except ValueError:
    pass
else:
    raise AssertionError("W = 0: no microstate at all, raise ValueError")


# %% [markdown]
# ### Exercise 3: `boltzmann_entropy_from_log(ln_W, k_B=1.380649e-23)`
#
# The same entropy from $\ln W$, for multiplicities that cannot even be written down
# (a mole of anything has $\ln W$ of order $10^{23}$). Return $k_B \cdot \ln W$ as a
# `float`. Do **not** exponentiate: `math.exp(ln_W)` overflows beyond
# $\ln W \approx 709.8$.
#
# - `ln_W` is a real number (`int` or `float`); raise `ValueError` if `ln_W < 0`
#   (that would be $W < 1$) or if `k_B <= 0`. `ln_W = 0` gives `0.0`.

# %% nbgrader={"grade": false, "grade_id": "boltzmann_entropy_from_log_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def boltzmann_entropy_from_log(ln_W, k_B=1.380649e-23):
    """Boltzmann entropy S = k_B ln W from ln W (for W far beyond any number format).

    ln_W : natural log of the multiplicity, >= 0
    k_B  : Boltzmann constant (J/K by default)
    Returns S as a float. Raises ValueError for ln_W < 0 or k_B <= 0.
    """
    if not k_B > 0:
        raise ValueError(f"k_B must be positive, got {k_B!r}")
    if not ln_W >= 0:
        raise ValueError(f"ln W must be >= 0 (W >= 1), got {ln_W!r}")
    return float(k_B * ln_W)


# %% nbgrader={"grade": true, "grade_id": "boltzmann_entropy_from_log", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert boltzmann_entropy_from_log(0.0) == 0.0, "ln W = 0 means W = 1: no entropy"
assert math.isclose(boltzmann_entropy_from_log(1e25), K_B * 1e25, rel_tol=1e-12), \
    "ln W = 1e25 (a mole-sized system): k_B ln W = 138 J/K; never form W = exp(ln W)"
assert math.isclose(boltzmann_entropy_from_log(math.log(6), k_B=1.0), math.log(6), rel_tol=1e-12), \
    "k_B = 1 gives nats"


# %% [markdown]
# ## 3. The Einstein solid
#
# Einstein's model of a solid: $N$ atoms-worth of independent quantum harmonic
# oscillators, each with energy levels $0, \epsilon, 2\epsilon, \dots$ (measured from the
# ground state). A macrostate is the total energy $U = q\epsilon$, that is, the number
# $q$ of energy **quanta**; a microstate says how many quanta each oscillator holds,
# $(n_1, \dots, n_N)$ with $n_i \ge 0$ and $n_1 + \dots + n_N = q$. The oscillators are
# distinguishable (they sit at different places), the quanta are not.
#
# **Counting by stars and bars.** Write the $q$ quanta as stars and separate the
# oscillators by $N - 1$ bars: `**|*||***` is $N = 4$ oscillators holding
# $(2, 1, 0, 3)$, $q = 6$. Every microstate is exactly one such row of $q + N - 1$
# symbols, and a row is fixed by choosing which $q$ of the $q + N - 1$ positions hold
# stars:
# $$\Omega(N, q) = \binom{q + N - 1}{q} = \frac{(q + N - 1)!}{q!\,(N - 1)!}.$$
#
# Checks: $\Omega(N, 0) = 1$ (every oscillator in its ground state), $\Omega(1, q) = 1$ (one
# oscillator holds everything), $\Omega(N, 1) = N$ (which oscillator holds the quantum).
# A second derivation, useful to test code: an oscillator either holds no quantum (the
# other $N - 1$ share all $q$) or at least one (take one away: $N$ oscillators share
# $q - 1$), so $\Omega(N, q) = \Omega(N - 1, q) + \Omega(N, q - 1)$.
#
# Two classic slips: $\binom{q + N}{q}$ (one bar too many: $N$ bars make $N + 1$
# compartments) and $N^q$ (that counts *distinguishable* quanta, each choosing an
# oscillator; swapping two quanta does not make a new microstate).

# %% [markdown]
# ### Exercise 4: `einstein_solid_multiplicity(n_oscillators, quanta)`
#
# Return $\Omega(N, q) = \binom{q + N - 1}{q}$ as an exact Python `int`.
#
# - `n_oscillators` $\ge 1$ and `quanta` $\ge 0$ are integers (`int` or NumPy integer).
#   Raise `ValueError` for `n_oscillators < 1`, `quanta < 0`, or a non-integer argument.
# - Hidden checks compare with a brute-force count for small solids and demand the
#   **exact** integer for solids of thousands of oscillators and quanta.

# %% nbgrader={"grade": false, "grade_id": "einstein_solid_multiplicity_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def einstein_solid_multiplicity(n_oscillators, quanta):
    """Number of microstates of an Einstein solid: C(quanta + n_oscillators - 1, quanta).

    n_oscillators : integer >= 1;  quanta : integer >= 0
    Returns an exact Python int.
    """
    for name, value in (("n_oscillators", n_oscillators), ("quanta", quanta)):
        if not isinstance(value, numbers.Integral):
            raise ValueError(f"{name} must be an integer, got {value!r}")
    if n_oscillators < 1 or quanta < 0:
        raise ValueError(f"need n_oscillators >= 1 and quanta >= 0, got "
                         f"{n_oscillators} and {quanta}")
    return math.comb(int(quanta) + int(n_oscillators) - 1, int(quanta))


# %% nbgrader={"grade": true, "grade_id": "einstein_solid_multiplicity", "locked": true, "points": 2.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert einstein_solid_multiplicity(3, 4) == 15, \
    "3 oscillators sharing 4 quanta: C(6, 4) = 15 (not C(7, 4) = 35, not 3**4 = 81)"
assert einstein_solid_multiplicity(4, 6) == 84, "C(9, 6) = 84"
assert einstein_solid_multiplicity(5, 0) == 1, "no energy: every oscillator in its ground state"
assert einstein_solid_multiplicity(1, 7) == 1, "one oscillator holds all 7 quanta"
assert einstein_solid_multiplicity(10, 1) == 10, "one quantum: which of the 10 oscillators holds it"
assert einstein_solid_multiplicity(300, 300) == math.comb(599, 300), \
    "exactly, as an int: this number has 179 digits"
try:
    einstein_solid_multiplicity(0, 3)
except ValueError:
    pass
else:
    raise AssertionError("a solid without oscillators cannot hold quanta: raise ValueError")


# %% [markdown]
# ## 4. Why entropy increases: two solids in contact
#
# Put two Einstein solids, $A$ with $N_A$ oscillators and $B$ with $N_B$, in thermal
# contact, isolated from everything else, with $q$ quanta in total. Energy can move
# between them, so the macrostate is $q_A$ (and $q_B = q - q_A$). By Step 1 of
# Section 2 its multiplicity is the product
# $$\Omega(q_A) = \Omega_A(N_A, q_A)\;\Omega_B(N_B, q - q_A),$$
# and the total, over all $q_A$, is the multiplicity of one solid of $N_A + N_B$
# oscillators holding $q$ quanta (stars and bars again, split at the bar between the
# two solids): $\sum_{q_A} \Omega(q_A) = \binom{q + N_A + N_B - 1}{q}$. By the fundamental
# assumption, $P(q_A) = \Omega(q_A) / \binom{q + N_A + N_B - 1}{q}$.
#
# **Where is the peak, and how wide is it?** For many quanta per oscillator
# ($q \gg N$), $\binom{q + N - 1}{q} \approx q^{N-1}/(N-1)!$, so up to constants
# $$\ln \Omega(q_A) \approx f(x) = N_A \ln x + N_B \ln(q - x), \qquad x = q_A$$
# (replacing $N - 1$ by $N$ for large $N$). Setting $f'(x) = N_A/x - N_B/(q - x) = 0$
# gives the most probable macrostate
# $$x^* = q \frac{N_A}{N_A + N_B}, \qquad \frac{q_A}{N_A} = \frac{q_B}{N_B}:$$
# equal energy per oscillator, i.e. equal temperatures. Expand $f$ to second order
# around $x^*$, with $N = N_A + N_B$, $x^* = qN_A/N$, $q - x^* = qN_B/N$:
# $$f''(x^*) = -\frac{N_A}{x^{*2}} - \frac{N_B}{(q - x^*)^2}
#   = -\frac{N^2}{q^2}\Big(\frac{1}{N_A} + \frac{1}{N_B}\Big) = -\frac{N^3}{q^2 N_A N_B}.$$
# So $\Omega(q_A) \approx \Omega_{\max}\, e^{-(q_A - x^*)^2 / (2\sigma^2)}$, a Gaussian of
# width $\sigma = 1/\sqrt{-f''(x^*)} = q\sqrt{N_A N_B / N^3}$. For equal solids,
# $N_A = N_B = N/2$: $\sigma = q/(2\sqrt{N})$, and relative to the peak $x^* = q/2$,
# $$\frac{\sigma}{x^*} = \frac{1}{\sqrt{N}}.$$
#
# Two solids of 300 oscillators: fluctuations of a few percent. A macroscopic solid,
# $N \approx 10^{23}$: $3 \times 10^{-12}$, far below anything measurable. Start the
# solids far from the peak (all energy in $A$) and let quanta hop at random: the
# system wanders into the region where almost all microstates are and, for all
# practical purposes, never comes back. **That is the second law**: entropy increases
# because the higher-entropy macrostates have overwhelmingly more microstates. A
# departure of $\delta$ from the peak costs a factor $e^{-\delta^2/(2\sigma^2)}$ in
# probability.

# %% [markdown]
# ### Exercise 5: `two_solid_multiplicities(n_a, n_b, total_quanta)`
#
# Return the list $[\Omega_A(N_A, k)\,\Omega_B(N_B, q - k)$ for $k = 0, 1, \dots, q]$:
# a `list` of $q + 1$ exact Python `int`s, **indexed by the quanta in solid A** (entry
# `k` has `k` quanta in `A`). Use your `einstein_solid_multiplicity`.
#
# - Raise `ValueError` if `n_a < 1`, `n_b < 1`, `total_quanta < 0`, or an argument is
#   not an integer. `total_quanta = 0` gives `[1]`.
# - Hidden checks compare every entry with exact products, and the sum with the
#   multiplicity of the combined solid for solids of hundreds of oscillators.

# %% nbgrader={"grade": false, "grade_id": "two_solid_multiplicities_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def two_solid_multiplicities(n_a, n_b, total_quanta):
    """Multiplicities of the macrostates of two Einstein solids sharing total_quanta.

    Entry k of the returned list is Omega_A(n_a, k) * Omega_B(n_b, total_quanta - k),
    for k = 0..total_quanta: a list of exact Python ints.
    """
    if not isinstance(total_quanta, numbers.Integral) or total_quanta < 0:
        raise ValueError(f"total_quanta must be an integer >= 0, got {total_quanta!r}")
    return [einstein_solid_multiplicity(n_a, k)
            * einstein_solid_multiplicity(n_b, total_quanta - k)
            for k in range(int(total_quanta) + 1)]


# %% nbgrader={"grade": true, "grade_id": "two_solid_multiplicities", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert two_solid_multiplicities(3, 3, 6) == [28, 63, 90, 100, 90, 63, 28], \
    "two solids of 3 oscillators sharing 6 quanta: the even split has the most microstates"
assert two_solid_multiplicities(2, 3, 3) == [10, 12, 9, 4], \
    "entry k has k quanta in solid A (2 oscillators) and 3 - k in B (3 oscillators)"
assert sum(two_solid_multiplicities(2, 3, 3)) == math.comb(7, 3), \
    "all macrostates together: one solid of 5 oscillators with 3 quanta, C(7, 3) = 35"
assert two_solid_multiplicities(4, 7, 0) == [1], "no energy: one macrostate, one microstate"

# %% [markdown]
# The sharpening peak: $P(q_A)$ for two equal solids holding one quantum per
# oscillator on average ($q = N$), against the fraction $q_A / q$, for growing $N$.
# Here $q \gg N$ does not hold, so the dashed Gaussians use the same second-order
# expansion done with Stirling's $\ln \Omega(N, q) \approx (q + N)\ln(q + N) - q \ln q - N \ln N$
# instead: $\partial^2 \ln \Omega / \partial q^2 = \frac{1}{q + N} - \frac{1}{q} = -\frac{N}{q(q + N)}$,
# which for each solid ($N/2$ oscillators, $q/2 = N/2$ quanta) is $-1/N$; the two solids
# together give $-2/N$, so $\sigma = \sqrt{N/2}$ quanta and, as a fraction of $q = N$,
# $1/\sqrt{2N}$: again shrinking like $1/\sqrt N$. The right panel shows $\ln \Omega$, the
# entropy $S/k_B$ of each macrostate, relative to the total: the equilibrium macrostate
# alone carries almost all of it.

# %% tags=["demo"]
try:
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    for n_demo in (20, 200, 2000):
        n_half = n_demo // 2
        omegas = two_solid_multiplicities(n_half, n_half, n_demo)
        total = sum(omegas)
        prob = np.array([w * 10 ** 6 // total for w in omegas], dtype=float) / 10 ** 6
        frac = np.arange(n_demo + 1) / n_demo
        axes[0].plot(frac, prob * n_demo, label=f"N = {n_demo}")
        sigma = 1 / math.sqrt(2 * n_demo)
        axes[0].plot(frac, np.exp(-(frac - 0.5) ** 2 / (2 * sigma ** 2)) / (sigma * math.sqrt(2 * math.pi)),
                     "k--", lw=0.7)
        entropies = [boltzmann_entropy(w, k_B=1.0) for w in omegas]
        axes[1].plot(frac, np.array(entropies) / math.log(total), label=f"N = {n_demo}")
    axes[0].set(xlabel="fraction of the energy in A, $q_A / q$", ylabel="P * q",
                title="two solids, q = N quanta")
    axes[1].set(xlabel="$q_A / q$", ylabel="$\\ln \\Omega(q_A) / \\ln \\Omega_{total}$",
                title="entropy of each macrostate")
    axes[0].legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement einstein_solid_multiplicity, two_solid_multiplicities and "
          "boltzmann_entropy above to see these plots.")

# %% [markdown]
# For macroscopic solids the integers are out of reach, but $\ln \Omega$ is not:
# $\ln \binom{q + N - 1}{q} = \ln \Gamma(q + N) - \ln \Gamma(q + 1) - \ln \Gamma(N)$.
# Take two solids of $10^{23}$ oscillators each with $q = 2 \times 10^{23}$ quanta
# ($N = 2 \times 10^{23}$ in all). The equilibrium macrostate has
# $\ln \Omega \approx 2 \times 2 \times 10^{23} \ln 2$ (each $\binom{2M - 1}{M} \approx 2^{2M}$),
# an entropy of about 3.8 J/K. Its width is $\sigma = \sqrt{N/2} \approx 3.2 \times 10^{11}$
# quanta. A macrostate that moves $\delta = 10^{-10}$ of solid A's share,
# $10^{13}$ quanta, is $\delta/\sigma \approx 32$ widths away and less probable by
# $e^{-\delta^2/(2\sigma^2)} = e^{-500}$.

# %% tags=["demo"]
try:
    n_big, q_big = 1e23, 2e23

    def ln_omega(n_osc, q_quanta):
        return math.lgamma(q_quanta + n_osc) - math.lgamma(q_quanta + 1) - math.lgamma(n_osc)

    s_equilibrium = boltzmann_entropy_from_log(2 * ln_omega(n_big, q_big / 2))
    sigma_big = math.sqrt(2 * n_big / 2)
    delta_big = 1e-10 * q_big / 2
    print(f"equilibrium entropy of the two solids: {s_equilibrium:.4g} J/K")
    print(f"sigma = {sigma_big:.3g} quanta; delta = {delta_big:.3g} quanta = "
          f"{delta_big / sigma_big:.3g} sigma; probability ratio exp(-{delta_big ** 2 / (2 * sigma_big ** 2):.4g})")
except NotImplementedError:
    print("Implement boltzmann_entropy_from_log above to see these numbers.")

# %% [markdown]
# ## 5. The Gibbs entropy, and why it is Shannon's
#
# Boltzmann's formula assumes every accessible microstate equally likely. A system in
# contact with a heat bath is not like that: microstate $i$ has probability $p_i$
# (Boltzmann's factor $p_i \propto e^{-E_i / k_B T}$, for one). Gibbs' answer comes from
# counting again.
#
# **An ensemble.** Imagine $M$ identical copies of the system, with $M_i = M p_i$ of them
# in microstate $i$. The ensemble's macrostate is the list $(M_1, M_2, \dots)$; its
# microstates say which copy is in which state, and there are
# $$W_M = \frac{M!}{\prod_i M_i!}$$
# of them (arrange the $M$ copies in a row, then forget the order within each group).
#
# **Stirling.** $\ln n! = n \ln n - n + O(\ln n)$. With $\sum_i M_i = M$ the $-n$ terms
# cancel:
# $$\ln W_M \approx M \ln M - \sum_i M_i \ln M_i = -\sum_i M_i \ln\frac{M_i}{M}
#   = -M \sum_i p_i \ln p_i .$$
# The ensemble's Boltzmann entropy $k_B \ln W_M$ is extensive in $M$; per copy,
# $$\boxed{S = -k_B \sum_i p_i \ln p_i} \qquad (0 \ln 0 = 0).$$
# States that are never occupied ($M_i = 0$, $0! = 1$) contribute nothing, which is where
# $0 \ln 0 = 0$ comes from.
#
# **Boltzmann is the special case.** With $W$ equally likely states, $p_i = 1/W$:
# $S = -k_B \sum_{i=1}^{W} \frac{1}{W} \ln \frac{1}{W} = k_B \ln W$.
#
# **The identity with Shannon.** Shannon's entropy in bits is
# $H_{\text{bits}} = -\sum_i p_i \log_2 p_i$, and $\ln p = \ln 2 \cdot \log_2 p$, so
# $$S = -k_B \sum_i p_i \ln 2 \, \log_2 p_i = k_B \ln 2 \cdot H_{\text{bits}} .$$
# The thermodynamic entropy *is* the missing information about the microstate,
# measured in the unit $k_B \ln 2 = 9.5699 \times 10^{-24}$ J/K per bit. One joule per
# kelvin is $1/(k_B \ln 2) \approx 1.04 \times 10^{23}$ bits.

# %% [markdown]
# ### Exercise 6: `gibbs_entropy(p, k_B=1.380649e-23)`
#
# Return $S = -k_B \sum_i p_i \ln p_i$ as a `float` (J/K by default; `k_B=1` gives
# nats, `k_B=1/math.log(2)` bits).
#
# - `p` is an array-like of microstate probabilities of any shape (a list, a tuple, a
#   NumPy array of any float dtype, `float32` included, for which a relative error of
#   $10^{-5}$ is allowed; a table is one distribution over its cells).
#   States with $p_i = 0$ contribute $0$ (no `nan`, no warning). Do not modify `p`.
# - Raise `ValueError` if an entry is negative or not finite (`nan`), if the entries do
#   not sum to 1 within `1e-6`, or if `k_B <= 0`.

# %% nbgrader={"grade": false, "grade_id": "gibbs_entropy_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def gibbs_entropy(p, k_B=1.380649e-23):
    """Gibbs entropy S = -k_B sum_i p_i ln p_i of a distribution over microstates.

    p   : array-like of probabilities, any shape (>= 0, summing to 1 within 1e-6)
    k_B : Boltzmann constant (J/K by default)
    Returns S as a float. Raises ValueError on invalid input.
    """
    if not k_B > 0:
        raise ValueError(f"k_B must be positive, got {k_B!r}")
    p = np.array(p, dtype=float)                # a copy: the caller's array stays as it is
    if not np.all(np.isfinite(p)):
        raise ValueError("p contains nan or inf")
    if np.any(p < 0):
        raise ValueError("p has negative entries")
    if abs(p.sum() - 1.0) > 1e-6:
        raise ValueError(f"p sums to {p.sum()!r}, not 1")
    support = p[p > 0]                          # 0 ln 0 = 0
    return float(-k_B * np.sum(support * np.log(support)))


# %% nbgrader={"grade": true, "grade_id": "gibbs_entropy", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert math.isclose(gibbs_entropy([1 / 6] * 6), K_B * math.log(6), rel_tol=1e-9), \
    "six equally likely microstates: Boltzmann's k_B ln 6"
assert math.isclose(gibbs_entropy([0.5, 0.25, 0.25]), 1.5 * K_B * math.log(2), rel_tol=1e-9), \
    "1.5 bits of missing information = 1.5 k_B ln 2 (natural log, times k_B)"
assert math.isclose(gibbs_entropy([0.5, 0.25, 0.25], k_B=1 / math.log(2)), 1.5, rel_tol=1e-12), \
    "with k_B = 1/ln 2 the Gibbs entropy is Shannon's entropy in bits"
assert gibbs_entropy(np.array([0.0, 1.0, 0.0])) == 0.0, "a known microstate: no entropy (0 ln 0 = 0)"
assert math.isclose(gibbs_entropy(np.array([0.5, 0.25, 0.25], dtype=np.float32)), 1.5 * K_B * math.log(2),
                    rel_tol=1e-5), "a float32 array is a distribution too"
try:
    gibbs_entropy([0.5, 0.6])
except ValueError:
    pass
else:
    raise AssertionError("[0.5, 0.6] sums to 1.1: raise ValueError")


# %% [markdown]
# ### Exercise 7: `bits_to_thermodynamic_entropy(bits)`
#
# Return the entropy in J/K of `bits` bits of missing information,
# $S = k_B \ln 2 \cdot \text{bits}$, as a `float`, with the exact $k_B$. `bits` is any
# real number (an `int` or a `float`; a negative number of bits is a *decrease* of
# information and gives a negative entropy change).

# %% nbgrader={"grade": false, "grade_id": "bits_to_thermodynamic_entropy_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def bits_to_thermodynamic_entropy(bits):
    """Thermodynamic entropy (J/K) of `bits` bits: k_B ln 2 * bits."""
    return float(bits * K_B * math.log(2))


# %% nbgrader={"grade": true, "grade_id": "bits_to_thermodynamic_entropy", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert math.isclose(bits_to_thermodynamic_entropy(1), 9.569929616929079e-24, rel_tol=1e-9), \
    "one bit is k_B ln 2 = 9.5699e-24 J/K (natural log of 2, not log2(2) = 1)"
assert math.isclose(bits_to_thermodynamic_entropy(8e9), 8e9 * K_B * math.log(2), rel_tol=1e-9), \
    "a gigabyte of unknown bits: 7.7e-14 J/K"
assert bits_to_thermodynamic_entropy(0) == 0.0, "no bits, no entropy"


# %% [markdown]
# ## 6. Landauer's bound: forgetting costs heat
#
# A one-bit memory holds 0 or 1. **Erasing** it (resetting it to 0 whatever it held)
# maps two possible logical states onto one. If the bit was unknown (probability 1/2
# each), its Gibbs entropy falls by $k_B \ln 2$:
# $$\Delta S_{\text{memory}} = k_B \ln 1 - k_B \ln 2 = -k_B \ln 2 .$$
# The erasure is a physical process of the memory and its surroundings, and the second
# law says the total entropy cannot decrease:
# $\Delta S_{\text{memory}} + \Delta S_{\text{environment}} \ge 0$, so the environment must
# gain at least $k_B \ln 2$. An environment at temperature $T$ gains entropy
# $\Delta S = Q/T$ when it receives heat $Q$ (the definition $1/T = \partial S/\partial U$
# of Section 2). Hence
# $$Q \ge T \cdot k_B \ln 2 \quad \text{per bit}, \qquad
#   E_{\min}(T, b) = b\, k_B T \ln 2 \ \text{for } b \text{ bits}.$$
# At room temperature, $T = 300$ K: $k_B T \ln 2 = 2.871 \times 10^{-21}$ J per bit. Erasing
# a gigabyte ($8 \times 10^9$ bits) costs at least $2.3 \times 10^{-11}$ J, some ten orders of
# magnitude below what real memory spends; the bound is real all the same and has been
# measured in single-particle experiments. It also exorcises Maxwell's demon: the demon
# that sorts molecules must eventually erase what it learned, and that erasure costs at least the
# entropy its sorting removed: at least $k_B T \ln 2$ of heat per bit, so the demon gains
# nothing.

# %% [markdown]
# ### Exercise 8: `landauer_energy(T, bits)`
#
# Return the minimum heat, in joules, dissipated when erasing `bits` bits at temperature
# `T` kelvin: $E = \text{bits} \cdot k_B T \ln 2$, as a `float`, with the exact $k_B$.
#
# - `T` in kelvin, `T > 0`; `bits >= 0` (an `int` or a `float`; `0` bits cost `0.0`).
#   Otherwise raise `ValueError`.

# %% nbgrader={"grade": false, "grade_id": "landauer_energy_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def landauer_energy(T, bits):
    """Minimum heat (J) to erase `bits` bits at temperature T (K): bits * k_B T ln 2."""
    if not T > 0:
        raise ValueError(f"T is an absolute temperature in kelvin, T > 0; got {T!r}")
    if not bits >= 0:
        raise ValueError(f"bits must be >= 0, got {bits!r}")
    return float(bits * K_B * T * math.log(2))


# %% nbgrader={"grade": true, "grade_id": "landauer_energy", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert math.isclose(landauer_energy(300, 1), 2.870978885078724e-21, rel_tol=1e-9), \
    "one bit at 300 K: k_B * 300 * ln 2 = 2.871e-21 J"
assert math.isclose(landauer_energy(4.2, 8e9), 8e9 * K_B * 4.2 * math.log(2), rel_tol=1e-9), \
    "a gigabyte erased in liquid helium (4.2 K)"
assert landauer_energy(300, 0) == 0.0, "erasing nothing costs nothing"
try:
    landauer_energy(0, 1)
except ValueError:
    pass
else:
    raise AssertionError("T = 0 K is not a temperature a heat bath can have: raise ValueError")


# %% [markdown]
# ## 7. The free expansion of an ideal gas
#
# A box of volume $V_1$ holds $n$ moles of an ideal gas, $\mathcal{N} = n N_A$ molecules.
# Remove a partition and let it expand into a total volume $V_2$, without work or heat
# exchanged (it is isolated): the energy, hence the temperature of an ideal gas, stays
# the same, and only the room available to each molecule changes.
#
# **Counting.** Cut space into small cells of volume $\delta v$. One molecule can be in
# $V/\delta v$ cells; the molecules of a dilute gas move independently, so by Step 1 of
# Section 2 the positional part of the multiplicity is $W \propto (V/\delta v)^{\mathcal N}$
# (the momentum part is unchanged, since $T$ is). The cell size cancels in the change:
# $$\Delta S = k_B \ln \frac{W_2}{W_1} = k_B \mathcal{N} \ln\frac{V_2}{V_1}
#   = n N_A k_B \ln \frac{V_2}{V_1} = n R \ln \frac{V_2}{V_1}, \qquad R = N_A k_B .$$
# Doubling the volume of one mole: $\Delta S = R \ln 2 = 5.763$ J/K, exactly
# `bits_to_thermodynamic_entropy(N_A)`: each molecule gains one bit of missing
# information, "left half or right half". The reverse process, all the gas gathering
# by itself in one half, has probability $2^{-\mathcal N} = 2^{-6 \times 10^{23}}$.
# A compression ($V_2 < V_1$, done by a piston that removes heat) lowers the gas's
# entropy: $\Delta S < 0$, paid for by the surroundings.

# %% [markdown]
# ### Exercise 9: `free_expansion_entropy(n_moles, V1, V2)`
#
# Return $\Delta S = n R \ln(V_2 / V_1)$ in J/K as a `float`, with $R = N_A k_B$ exactly
# (`R_GAS`, 8.31446261815324 J/(mol K)).
#
# - It is **negative** when `V2 < V1` and `0.0` when `V2 == V1` or `n_moles == 0`.
# - Volumes in any one unit (only their ratio matters). Raise `ValueError` if
#   `n_moles < 0`, or if `V1 <= 0` or `V2 <= 0`.

# %% nbgrader={"grade": false, "grade_id": "free_expansion_entropy_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def free_expansion_entropy(n_moles, V1, V2):
    """Entropy change (J/K) of n_moles of ideal gas going from volume V1 to V2 at fixed T."""
    if not n_moles >= 0:
        raise ValueError(f"n_moles must be >= 0, got {n_moles!r}")
    if not min(V1, V2) > 0:
        raise ValueError(f"volumes must be positive, got V1 = {V1!r}, V2 = {V2!r}")
    return float(n_moles * R_GAS * math.log(V2 / V1))


# %% nbgrader={"grade": true, "grade_id": "free_expansion_entropy", "locked": true, "points": 2.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert math.isclose(free_expansion_entropy(1, 1.0, 2.0), 5.763146321643979, rel_tol=1e-9), \
    "one mole doubling its volume: R ln 2 = 5.7631 J/K with R = N_A k_B (not 8.314)"
assert math.isclose(free_expansion_entropy(1, 1.0, 2.0), N_A * K_B * math.log(2),
                    rel_tol=1e-9), "one bit per molecule: N_A k_B ln 2"
assert math.isclose(free_expansion_entropy(0.5, 3.0, 1.0), -0.5 * R_GAS * math.log(3), rel_tol=1e-9), \
    "a compression lowers the gas's entropy: negative"
assert free_expansion_entropy(2.0, 1.5, 1.5) == 0.0, "same volume, no change"
try:
    free_expansion_entropy(1, 0.0, 1.0)
except ValueError:
    pass
else:
    raise AssertionError("V1 = 0: no volume, raise ValueError")

# %% [markdown]
# ## Summary
#
# - A macrostate's probability is its share of the microstates; counts are exact
#   integers ($\binom{n}{h}$ for coins, $\binom{q + N - 1}{q}$ for an Einstein solid).
# - $S = k_B \ln W$ is forced by "multiplicities multiply, entropies add"; $k_B$ is the
#   unit that makes temperature come out in kelvin.
# - Entropy increases because equilibrium macrostates have overwhelmingly more
#   microstates: the relative width of the peak shrinks like $1/\sqrt N$.
# - Gibbs: $S = -k_B \sum p_i \ln p_i = k_B \ln 2 \cdot H_{\text{bits}}$: thermodynamic
#   entropy is missing information, in joules per kelvin.
# - Landauer: erasing a bit at temperature $T$ dissipates at least $k_B T \ln 2$.
