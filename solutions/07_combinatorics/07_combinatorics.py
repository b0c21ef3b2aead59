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
# # 07 · Counting
#
# *Machine Learning from an Information-Theoretic Perspective*
#
# Probability started as counting: with equally likely outcomes, a probability is the
# number of favourable cases divided by the number of all cases. Information theory
# starts there too: to single out one of $M$ equally likely possibilities you need
# $\log_2 M$ bits. This notebook counts carefully, and then watches counting turn into
# entropy.
#
# 1. The **multiplication principle**, the one rule everything else is built from.
# 2. **Permutations**: ordered selections, $n!/(n-k)!$.
# 3. **Combinations**: the formula $\binom{n}{k} = \frac{n!}{k!\,(n-k)!}$ *derived*, and how
#    to compute it without ever leaving the integers.
# 4. **Multinomials**: arrangements of a word with repeated letters.
# 5. **Pascal's triangle** and the binomial theorem.
# 6. The **binomial distribution**, and how to evaluate it for $n$ in the thousands.
# 7. **Counting becomes entropy**: Stirling's approximation turns
#    $\frac1N \log \binom{N}{k_1, \dots, k_m}$ into the empirical entropy.
#
# You implement eight functions:
#
# | # | exercise | points | what it is |
# | --- | --- | --- | --- |
# | 1 | `n_permutations(n, k)` | 2 | ordered selections of $k$ out of $n$, an exact `int` |
# | 2 | `n_combinations(n, k)` | 2 | $\binom{n}{k}$, an exact `int` |
# | 3 | `multinomial_coefficient(counts)` | 2.5 | $N! / (k_1! \cdots k_m!)$, an exact `int` |
# | 4 | `pascal_triangle(n_rows)` | 2 | the first `n_rows` rows, lists of exact `int`s |
# | 5 | `arrangements(word)` | 2 | distinct orderings of the letters of a word |
# | 6 | `binomial_pmf(k, n, p)` | 3.5 | $P(K = k)$ for $K \sim \mathrm{Binomial}(n, p)$, for $n$ in the thousands |
# | 7 | `log_multinomial(counts)` | 3 | $\ln \binom{N}{k_1, \dots, k_m}$ for counts in the millions |
# | 8 | `entropy_from_counting(counts, base=2)` | 3 | $\frac1N \log_{\text{base}} \binom{N}{k_1, \dots, k_m}$ |
# | | **total** | **20** | |
#
# **How you are graded.** Each function has a solution cell (replace
# `raise NotImplementedError()`) followed by a test cell. The test cell's visible
# asserts are quick examples you can run now; when the notebook is graded, hidden
# checks call your function on random inputs and on edge cases and compare with
# independent references (`math.comb`, `math.perm`, exact products of factorials,
# `scipy.stats.binom`, `scipy.special.gammaln`). The course's grader
# (`python -m autograder`) draws a fresh seed for every run and records it in the result
# (`--seed N` reproduces a run); nbgrader's `autograde` uses one fixed seed
# (`course_config.NBGRADER_SEED`). Either way you do not see the inputs in advance: make
# the function right, not just the examples. If a visible assert fails, nbgrader scores
# that exercise 0 (the course's grader reports the failure and scores only the hidden
# checks), so make them pass first. Plot cells are tagged `demo`; they are not graded.
# Every requirement the hidden checks grade is written in the exercise's task statement.
#
# **Conventions (the same in every assignment of the course).**
#
# - Inputs are *array-likes* where a function takes several numbers: lists, tuples or
#   NumPy arrays. Scalar results are returned as a Python `float` (or, for the exact
#   counts of Exercises 1 to 5, a Python `int`), arrays as `np.ndarray`. **Never modify
#   an input** (the hidden checks compare every argument before and after the call).
# - Information measures take a `base`: `2` (the default) gives bits, `math.e` gives
#   nats. Any finite `base > 0` with `base != 1` must work (a base below 1 flips the sign);
#   any other base (`0`, negative, `1`, `inf`, `nan`) raises `ValueError`.
# - Invalid input raises `ValueError` with a message that says what is wrong.
# - Don't let NumPy print warnings (`np.log(0)` warns "divide by zero"): a graded cell
#   that writes to stderr scores 0 in nbgrader.
#
# **You may use the standard library and SciPy.** `math.comb`, `math.perm`,
# `math.factorial`, `math.lgamma` and `scipy.special.gammaln` are all allowed; the point
# of the exercises is to understand what they compute and to use the right one. The
# derivations below show how to write each function from first principles too.
#
# The setup cell gives you two helpers: `as_count` (validates one count) and
# `check_base` (validates a logarithm base). Use them, or write your own.

# %%
import math
import numbers

import numpy as np
import scipy.special


def as_count(value, name):
    """value as a Python int, for a count: a non-negative integer (int or NumPy integer).

    Raises ValueError for a negative number, a bool or anything that is not an integer.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be non-negative, got {value!r}")
    return int(value)


def check_base(base):
    """ln(base) for a valid logarithm base; ValueError for any other base."""
    if isinstance(base, bool) or not isinstance(base, numbers.Real) \
            or not (0 < base < math.inf) or base == 1:
        raise ValueError(f"base must be a finite positive number other than 1, got {base!r}")
    return math.log(base)


# %% [markdown]
# ## 1. The multiplication principle
#
# Suppose a choice is made in stages: the first stage has $a_1$ options, and **whatever
# was chosen so far**, the second stage has $a_2$ options, the third $a_3$, and so on up
# to stage $r$. Then the number of ways to make the whole choice is
# $$a_1 \cdot a_2 \cdots a_r .$$
#
# *Why.* Draw the choices as a tree: the root has $a_1$ branches; each of those nodes
# has $a_2$ branches, so level 2 has $a_1 a_2$ nodes; each of those has $a_3$ branches,
# so level 3 has $a_1 a_2 a_3$ nodes. By induction level $r$ has $a_1 \cdots a_r$
# leaves, and each leaf is exactly one complete choice (the path from the root spells it
# out, and different paths differ at some stage). What matters is that the *number*
# of options at a stage does not depend on the earlier choices; *which* options are
# available may.
#
# **Example.** A bit string of length $L$: $2$ options per position, so $2^L$ strings.
# Turned around, this is the first fact of information theory: to label $M$ equally
# likely possibilities with bit strings of one common length you need $L$ with
# $2^L \ge M$, that is $L = \lceil \log_2 M \rceil$ bits; $\log_2 M$ is the information
# in learning which possibility happened. Counting, then taking a logarithm, gives bits.
#
# ## 2. Permutations: ordered selections
#
# How many ordered lists of $k$ **distinct** items can be drawn from $n$? Choose the
# first item ($n$ options), then the second from the rest ($n - 1$ options, whichever
# the first was), ..., the $k$-th from the $n - k + 1$ still left. The multiplication
# principle gives the **falling factorial**
# $$P(n, k) = n (n - 1) \cdots (n - k + 1) = \prod_{i=0}^{k-1} (n - i).$$
#
# - $k = n$: all orderings of $n$ items, $P(n, n) = n!$.
# - $k = 0$: the empty product, $P(n, 0) = 1$ (there is exactly one empty list). This is
#   also why $0! = 1$.
# - Multiplying and dividing by $(n-k)! = (n-k)(n-k-1)\cdots 1$ gives the compact form
#   $P(n, k) = \dfrac{n!}{(n - k)!}$ for $k \le n$.
# - $k > n$: the product $n (n-1) \cdots (n-k+1)$ then contains the factor $n - n = 0$,
#   so $P(n, k) = 0$: you cannot pick more distinct items than there are (the pigeonhole
#   principle). The compact form would need $(n - k)!$ of a negative number, which does
#   not exist: use the product, or treat $k > n$ first.
#
# Drawing **with** replacement (an item may repeat) gives $n$ options at every stage,
# $n^k$ lists: a different count, and a classic mix-up.
#
# **Exact integers.** Counts are integers, and they grow fast. In floating point,
# `float` has a 53-bit mantissa, so integers above $2^{53} \approx 9.0 \cdot 10^{15}$ are
# rounded, and $171!$ overflows to `inf` (Python's `int / int` raises `OverflowError`
# instead). NumPy's `int64` is worse: it **wraps around silently** above
# $2^{63} - 1 \approx 9.2 \cdot 10^{18}$, already at $21!$, to a wrong number that is often
# **negative**: `np.prod(np.arange(1, 22))` gives $-4\,249\,290\,049\,419\,214\,848$ instead
# of $21! = 51\,090\,942\,171\,709\,440\,000$ (the true value minus $3 \cdot 2^{64}$), without
# an error or a warning. Python's `int` has no limit:
# multiply Python ints, and divide with `//` only where the division is exact.

# %% [markdown]
# ### Exercise 1: `n_permutations(n, k)`
#
# Return $P(n, k) = n (n-1) \cdots (n - k + 1)$, the number of ordered selections of $k$
# distinct items out of $n$, as an exact Python `int`.
#
# - `n` and `k` are integers (Python `int` or a NumPy integer such as `np.int64(60)`: the
#   hidden checks pass both, and arithmetic on `np.int64` wraps around like an `int64`
#   array, so convert with `int()` first); the answer must be exact
#   for `n` in the hundreds (no `float` anywhere, no `int64` arithmetic): the hidden
#   checks compare with `math.perm` digit for digit.
# - $P(n, 0) = 1$ (also for $n = 0$), and $P(n, k) = 0$ when $k > n$ (not an error).
# - Return a Python `int` (not a `float`, not a `bool`).
# - Raise `ValueError` if `n` or `k` is negative.

# %% nbgrader={"grade": false, "grade_id": "n_permutations_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def n_permutations(n, k):
    """Number of ordered selections of k distinct items out of n: n! / (n - k)!.

    n, k : non-negative integers
    Returns an exact Python int (0 when k > n). Raises ValueError on negative input.
    """
    n, k = as_count(n, "n"), as_count(k, "k")
    if k > n:
        return 0                                 # the product would contain the factor 0
    result = 1
    for factor in range(n - k + 1, n + 1):       # (n - k + 1) * ... * n, exact in Python ints
        result *= factor
    return result


# %% nbgrader={"grade": true, "grade_id": "n_permutations", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert n_permutations(5, 2) == 20, "5 choices for the first item, 4 for the second: 20"
assert n_permutations(10, 3) == 720, "10 * 9 * 8 = 720"
assert n_permutations(7, 0) == 1 and n_permutations(0, 0) == 1, "one empty list: P(n, 0) = 1"
assert n_permutations(6, 6) == 720, "all orderings of 6 items: 6! = 720"
assert n_permutations(3, 5) == 0, "5 distinct items cannot be drawn from 3: 0, not an error"
assert type(n_permutations(4, 2)) is int, "return a Python int (not a float)"
assert n_permutations(200, 150) == math.perm(200, 150), \
    "exact for n in the hundreds: a float rounds after 16 digits, int64 wraps at 2**63"
try:
    n_permutations(-1, 2)
except ValueError:
    pass
else:
    raise AssertionError("n = -1 is no number of items: raise ValueError")


# %% [markdown]
# ## 3. Combinations: the formula derived
#
# Now the order does not matter: how many **subsets** of size $k$ does a set of $n$
# items have? Call the number $\binom{n}{k}$ ("$n$ choose $k$"). We derive it by counting
# one set of objects in two ways, the ordered selections of $k$ distinct items:
#
# 1. *Directly*: there are $P(n, k) = \frac{n!}{(n-k)!}$ of them (Section 2).
# 2. *In two stages*: first choose which $k$ items (a subset, $\binom{n}{k}$ options),
#    then the order in which to list them ($P(k, k) = k!$ options, whichever subset it
#    was). Every ordered selection arises exactly once this way, so by the
#    multiplication principle there are $\binom{n}{k} \cdot k!$ of them.
#
# The two counts are equal:
# $$\binom{n}{k} \, k! = \frac{n!}{(n - k)!}
#   \qquad\Longrightarrow\qquad
#   \binom{n}{k} = \frac{n!}{k!\,(n - k)!} \quad (0 \le k \le n).$$
#
# For $k > n$ there is no subset of that size: $\binom{n}{k} = 0$, matching
# $P(n, k) = 0$. Two consequences can be read off the formula:
#
# - **Symmetry** $\binom{n}{k} = \binom{n}{n-k}$: choosing the $k$ items to keep is
#   choosing the $n - k$ to leave out.
# - $\binom{n}{0} = \binom{n}{n} = 1$ and $\binom{n}{1} = n$.
#
# **Computing it without leaving the integers.** $n!$ is enormous even when
# $\binom{n}{k}$ is not. Better: from the formula, consecutive coefficients are related
# by
# $$\binom{m}{j} = \frac{m!}{j!\,(m-j)!}
#   = \frac{m}{j} \cdot \frac{(m-1)!}{(j-1)!\,(m-j)!} = \frac{m}{j}\binom{m-1}{j-1}.$$
# Take $m = n - k + j$ for $j = 1, 2, \dots, k$: starting from $\binom{n-k}{0} = 1$,
# $$c_j = \frac{c_{j-1} \cdot (n - k + j)}{j}, \qquad c_k = \binom{n}{k}.$$
# Each $c_j = \binom{n-k+j}{j}$ is itself an integer, so the division by $j$ is exact:
# `c = c * (n - k + j) // j` (multiply first, then divide) never leaves the integers.
# Dividing first, `c // j * (n - k + j)`, is **not** exact; nor is `/`, which makes a
# `float`.

# %% [markdown]
# ### Exercise 2: `n_combinations(n, k)`
#
# Return $\binom{n}{k}$, the number of subsets of size $k$ of a set of $n$ items, as an
# exact Python `int`.
#
# - The same contract as Exercise 1: integers in, an exact Python `int` out (checked
#   against `math.comb` for `n` in the hundreds), $\binom{n}{0} = 1$, $0$ when $k > n$,
#   `ValueError` when `n` or `k` is negative.

# %% nbgrader={"grade": false, "grade_id": "n_combinations_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def n_combinations(n, k):
    """Binomial coefficient C(n, k) = n! / (k! (n - k)!): subsets of size k of n items.

    n, k : non-negative integers
    Returns an exact Python int (0 when k > n). Raises ValueError on negative input.
    """
    n, k = as_count(n, "n"), as_count(k, "k")
    if k > n:
        return 0
    c = 1                                        # C(n - k, 0)
    for j in range(1, k + 1):
        c = c * (n - k + j) // j                 # C(n - k + j, j): exact at every step
    return c


# %% nbgrader={"grade": true, "grade_id": "n_combinations", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert n_combinations(5, 2) == 10, "{a,b} {a,c} ... : P(5, 2) = 20 ordered pairs, each subset twice"
assert n_combinations(52, 5) == 2598960, "poker hands: 52! / (5! 47!) = 2,598,960"
assert n_combinations(9, 0) == 1 and n_combinations(9, 9) == 1, "one empty subset, one full one"
assert n_combinations(4, 7) == 0, "a set of 4 has no subset of size 7: 0, not an error"
assert all(n_combinations(12, k_check) == n_combinations(12, 12 - k_check) for k_check in range(13)), \
    "symmetry: keeping k items is leaving out n - k"
assert sum(n_combinations(20, k_check) for k_check in range(21)) == 2 ** 20, \
    "all subsets of a 20-element set: 2**20"
assert type(n_combinations(6, 3)) is int, "return a Python int (not a float)"
assert n_combinations(100, 50) == 100891344545564193334812497256, \
    "exact: C(100, 50) has 30 digits (a float keeps about 16, int64 wraps above 9.2e18)"
try:
    n_combinations(5, -2)
except ValueError:
    pass
else:
    raise AssertionError("k = -2 is no size of a subset: raise ValueError")


# %% [markdown]
# ## 4. Multinomial coefficients: arrangements with repetition
#
# How many **distinct** words can be made by rearranging the letters of `MISSISSIPPI`?
# It has $N = 11$ letters: one `M`, four `I`, four `S` and two `P`.
#
# *Label, then forget the labels.* Make the copies distinguishable for a moment:
# $\mathrm{I_1 I_2 I_3 I_4}$, $\mathrm{S_1 \dots S_4}$, $\mathrm{P_1 P_2}$. Now all 11
# symbols differ, so there are $11!$ orderings. Erasing the labels maps many orderings
# to the same word: a given word arises from every way of placing the labelled
# `I`s in the four `I` positions ($4!$ ways), times the ways for the `S`s ($4!$), the
# `P`s ($2!$) and the `M` ($1!$), by the multiplication principle. Every word is hit the
# same number of times, so
# $$\#\text{words} = \frac{11!}{1!\,4!\,4!\,2!} = \frac{39\,916\,800}{1 \cdot 24 \cdot 24 \cdot 2}
#   = 34\,650 .$$
#
# In general, $N$ items of $m$ kinds with $k_i$ items of kind $i$ ($\sum_i k_i = N$) have
# $$\binom{N}{k_1, k_2, \dots, k_m} = \frac{N!}{k_1!\, k_2! \cdots k_m!}$$
# distinct arrangements, the **multinomial coefficient**. With two kinds it is the
# binomial coefficient: $\binom{N}{k, N-k} = \binom{N}{k}$ (choose the $k$ positions of
# the first kind).
#
# **A second derivation, and a way to compute it.** Choose the $k_1$ positions of
# kind 1 among $N$, then the $k_2$ positions of kind 2 among the $N - k_1$ left, and so
# on:
# $$\binom{N}{k_1} \binom{N - k_1}{k_2} \cdots
#   = \frac{N!}{k_1!\,(N-k_1)!} \cdot \frac{(N-k_1)!}{k_2!\,(N-k_1-k_2)!} \cdots
#   = \frac{N!}{k_1!\,k_2! \cdots k_m!},$$
# the factorials in between cancel (a telescoping product), and every factor is an
# integer. Equally exact: $N!$ followed by exact integer divisions `//` by each $k_i!$
# (each intermediate quotient is again a multinomial coefficient, an integer).
# Edge cases follow from the formula: kinds with $k_i = 0$ change nothing ($0! = 1$),
# a single kind gives $N!/N! = 1$, and no items at all ($N = 0$, an empty list of counts)
# give $0!/1 = 1$, the one empty arrangement.

# %% [markdown]
# ### Exercise 3: `multinomial_coefficient(counts)`
#
# Return $N! / (k_1! \cdots k_m!)$ with $N = \sum_i k_i$, for `counts` $= (k_1, \dots, k_m)$,
# as an exact Python `int`.
#
# - `counts` is a list, tuple or 1-D NumPy integer array of non-negative integers (zeros
#   allowed). The hidden checks compare with exact products of `math.factorial` for
#   totals $N$ in the hundreds: `np.prod` of factorials overflows `int64` silently.
# - Empty `counts` give `1`; so do `[N]` and all zeros.
# - Return a Python `int`; raise `ValueError` if a count is negative.
# - Do not modify `counts` (sorting a list in place with `counts.sort()` changes the
#   caller's list; `sorted(counts)` makes a new one).

# %% nbgrader={"grade": false, "grade_id": "multinomial_coefficient_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def multinomial_coefficient(counts):
    """Multinomial coefficient N! / (k_1! ... k_m!), N = sum of counts.

    counts : sequence (list, tuple, 1-D integer array) of non-negative integers
    Returns an exact Python int (1 for empty counts). Raises ValueError on a negative count.
    """
    ks = [as_count(c, "each count") for c in counts]      # Python ints: no int64 overflow
    result = math.factorial(sum(ks))
    for c in ks:
        result //= math.factorial(c)             # exact: each quotient is an integer
    return result


# %% nbgrader={"grade": true, "grade_id": "multinomial_coefficient", "locked": true, "points": 2.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert multinomial_coefficient([1, 4, 4, 2]) == 34650, "MISSISSIPPI: 11! / (1! 4! 4! 2!) = 34650"
assert multinomial_coefficient([2, 1, 1]) == 12, "AABC: 4! / 2! = 12"
assert multinomial_coefficient((3, 5)) == 56, "two kinds: the binomial coefficient C(8, 3) = 56"
assert multinomial_coefficient([1] * 6) == 720, "six different items: 6! orderings"
assert multinomial_coefficient([0, 7, 0]) == 1, "one kind only: a single arrangement"
assert multinomial_coefficient([]) == 1, "no items: exactly one (empty) arrangement"
assert multinomial_coefficient(np.array([2, 2])) == 6, "a NumPy integer array works too"
assert type(multinomial_coefficient([3, 2])) is int, "return a Python int"
assert multinomial_coefficient([100, 100, 100]) == \
    math.factorial(300) // math.factorial(100) ** 3, \
    "exact for N = 300 (143 digits): Python ints, not floats or np.prod in int64"
try:
    multinomial_coefficient([3, -1])
except ValueError:
    pass
else:
    raise AssertionError("a count of -1 is impossible: raise ValueError")


# %% [markdown]
# ## 5. Pascal's triangle
#
# Write $\binom{n}{k}$ for $k = 0, \dots, n$ in row $n$ (rows start at $n = 0$):
#
# ```
# row 0:         1
# row 1:        1 1
# row 2:       1 2 1
# row 3:      1 3 3 1
# row 4:     1 4 6 4 1
# ```
#
# **Pascal's rule** $\binom{n}{k} = \binom{n-1}{k-1} + \binom{n-1}{k}$ for $1 \le k \le n-1$:
# every inner entry is the sum of the two above it. *Derivation by counting*: single out
# one item, say the last one. A $k$-subset of the $n$ items either contains it (then the
# other $k - 1$ members come from the remaining $n - 1$ items: $\binom{n-1}{k-1}$ ways)
# or it does not (all $k$ members from the remaining $n - 1$: $\binom{n-1}{k}$ ways). The
# two cases do not overlap and cover everything, so the counts add.
# *Check by algebra*: with the formula,
# $$\binom{n-1}{k-1} + \binom{n-1}{k}
#  = \frac{(n-1)!}{(k-1)!\,(n-k)!} + \frac{(n-1)!}{k!\,(n-1-k)!}
#  = \frac{(n-1)!}{k!\,(n-k)!}\big(k + (n - k)\big) = \frac{n!}{k!\,(n-k)!}.$$
#
# So the triangle can be built with **additions only**, row by row, each row starting
# and ending with 1: no factorial, no division, and Python ints keep every entry exact.
#
# **The binomial theorem.** Expanding $(x + y)^n = (x+y)(x+y)\cdots(x+y)$, each term picks
# $x$ or $y$ from each of the $n$ factors; the terms with $x^k y^{n-k}$ are the ways of
# choosing which $k$ factors give $x$, so
# $$(x + y)^n = \sum_{k=0}^{n} \binom{n}{k} x^k y^{n-k}.$$
# With $x = y = 1$: row $n$ sums to $2^n$, the number of all subsets (each item in or
# out). With $x = p$, $y = 1 - p$ it becomes the binomial distribution (Section 6).
#
# The last rows of a triangle with `n_rows` rows hold the largest numbers:
# the middle of row 66, $\binom{66}{33} \approx 7.2 \cdot 10^{18}$, still fits in `int64`;
# $\binom{67}{33} \approx 1.4 \cdot 10^{19}$ does not. A float is already inexact in row 57: $\binom{57}{25} = 9\,929\,472\,283\,517\,787$
# lies above $2^{53}$, where floats are spaced by 2, and is odd, so no float equals it.

# %% [markdown]
# ### Exercise 4: `pascal_triangle(n_rows)`
#
# Return the first `n_rows` rows of Pascal's triangle, rows $0$ to `n_rows - 1`, as a
# `list` of `list`s of Python `int`s: element `[i][j]` is $\binom{i}{j}$, and row `i` has
# `i + 1` entries.
#
# - `pascal_triangle(0)` is `[]`, `pascal_triangle(1)` is `[[1]]`,
#   `pascal_triangle(3)` is `[[1], [1, 1], [1, 2, 1]]` (3 rows, not 4).
# - Exact for `n_rows` beyond 100 (the hidden checks compare with `math.comb`; rows past
#   66 overflow `int64`).
# - Return lists of Python `int`s (not NumPy arrays, not floats).
# - Raise `ValueError` if `n_rows` is negative.

# %% nbgrader={"grade": false, "grade_id": "pascal_triangle_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def pascal_triangle(n_rows):
    """The first n_rows rows of Pascal's triangle: [[1], [1, 1], [1, 2, 1], ...].

    n_rows : non-negative integer
    Returns a list of lists of Python ints; row i holds C(i, 0), ..., C(i, i).
    """
    n_rows = as_count(n_rows, "n_rows")
    rows = []
    for i in range(n_rows):
        row = [1] * (i + 1)                      # the ends are 1
        for j in range(1, i):
            row[j] = rows[i - 1][j - 1] + rows[i - 1][j]      # Pascal's rule
        rows.append(row)
    return rows


# %% nbgrader={"grade": true, "grade_id": "pascal_triangle", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert pascal_triangle(5) == [[1], [1, 1], [1, 2, 1], [1, 3, 3, 1], [1, 4, 6, 4, 1]], \
    "5 rows: rows 0 to 4, each entry the sum of the two above it"
assert pascal_triangle(0) == [] and pascal_triangle(1) == [[1]], "0 rows: []; 1 row: [[1]]"
assert len(pascal_triangle(12)) == 12 and len(pascal_triangle(12)[-1]) == 12, \
    "n_rows rows; the last one, row n_rows - 1, has n_rows entries"
assert all(sum(row_check) == 2 ** i_check for i_check, row_check in enumerate(pascal_triangle(15))), \
    "row n sums to 2**n: every subset of n items, each item in or out"
assert type(pascal_triangle(4)) is list and all(type(v_check) is int for v_check in pascal_triangle(4)[3]), \
    "a list of lists of Python ints"
assert pascal_triangle(80)[-1] == [math.comb(79, j_check) for j_check in range(80)], \
    "row 79 exactly: its middle, C(79, 39), is about 5.4e22 (beyond int64 and float precision)"
try:
    pascal_triangle(-3)
except ValueError:
    pass
else:
    raise AssertionError("-3 rows: raise ValueError")

# %% [markdown]
# Pascal's triangle modulo 2: colour the odd entries. The rule "sum of the two above"
# taken modulo 2 is an exclusive or, and the picture that grows from it is Sierpiński's
# triangle.

# %% tags=["demo"]
import matplotlib.pyplot as plt

try:
    demo_rows = pascal_triangle(64)
    demo_grid = np.zeros((64, 127))
    for demo_i, demo_row in enumerate(demo_rows):
        for demo_j, demo_value in enumerate(demo_row):
            demo_grid[demo_i, 63 - demo_i + 2 * demo_j] = 1 + demo_value % 2
    fig, ax = plt.subplots(figsize=(9, 4.5))
    ax.imshow(demo_grid, cmap="Greys", interpolation="nearest", aspect="auto")
    ax.set(title="the first 64 rows of Pascal's triangle: odd entries dark", xticks=[], yticks=[])
    plt.show()
except NotImplementedError:
    print("Implement pascal_triangle above to see the picture.")

# %% [markdown]
# ### Exercise 5: `arrangements(word)`
#
# Return the number of **distinct** orderings of the characters of the string `word`,
# as an exact Python `int` (Section 4: $N!/\prod_i k_i!$ over the letter counts $k_i$).
#
# - Every character counts, exactly as it is: `"A"` and `"a"` are different letters,
#   and spaces, digits and punctuation are letters too.
# - The empty string has one arrangement: `arrangements("") == 1`.
# - Exact for words of hundreds of letters. You may (and should) use your
#   `multinomial_coefficient`; if you do, the hidden checks also accept what your
#   `multinomial_coefficient` gives for the word's letter counts, so a mistake there
#   that `arrangements` passes on is charged in Exercise 3 only: a wrong number, an
#   exception it raises (the same type and message), or a `float` (or another non-`int`)
#   it returns. `arrangements` itself must return what Exercise 3 asks for, an exact `int`.

# %% nbgrader={"grade": false, "grade_id": "arrangements_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def arrangements(word):
    """Number of distinct orderings of the characters of word (a str).

    Returns an exact Python int: len(word)! / prod(count(c)!) over the distinct characters c.
    """
    counts = {}
    for letter in word:
        counts[letter] = counts.get(letter, 0) + 1
    return multinomial_coefficient([counts[letter] for letter in counts])


# %% nbgrader={"grade": true, "grade_id": "arrangements", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert arrangements("MISSISSIPPI") == 34650, "11! / (1! 4! 4! 2!): repeated letters divided out"
assert arrangements("abc") == 6, "three different letters: 3! = 6"
assert arrangements("aaaa") == 1, "one letter repeated: a single word"
assert arrangements("") == 1, "the empty word has one arrangement"
assert arrangements("Aa") == 2 and arrangements("a a") == 3, "case matters, spaces are letters"
assert arrangements("ab" * 100) == math.comb(200, 100), "exact for 200 letters"
assert type(arrangements("pepper")) is int, "return a Python int"


# %% [markdown]
# ## 6. From counting to probability: the binomial distribution
#
# Flip a coin with $P(\text{heads}) = p$ independently $n$ times; let $K$ count the heads.
#
# 1. **One particular sequence** with $k$ heads and $n - k$ tails, say
#    $\mathrm{HHTH}\dots$, has probability $p^k (1 - p)^{n-k}$: independent events
#    multiply, one factor per flip.
# 2. **How many such sequences?** A sequence is fixed by the set of the $k$ positions
#    that show heads: $\binom{n}{k}$ sequences (Section 3), all with the same
#    probability.
# 3. The event $K = k$ is the disjoint union of these sequences, so their
#    probabilities add:
# $$P(K = k) = \binom{n}{k} p^k (1 - p)^{n-k}, \qquad k = 0, 1, \dots, n .$$
#
# By the binomial theorem with $x = p$, $y = 1 - p$, the probabilities sum to
# $(p + (1 - p))^n = 1$. Outside $0 \le k \le n$ the event is impossible: $P(K = k) = 0$
# (consistent with $\binom{n}{k} = 0$ for $k > n$). At $p = 0$ the coin never shows
# heads: $P(K = 0) = 1$ because $0^0 = 1$ (the empty product: no heads asked for).
#
# **Large $n$.** For $n = 2000$ the pieces leave the float range:
# $\binom{2000}{1000} \approx 2.0 \cdot 10^{600}$ overflows (`float(math.comb(2000, 1000))`
# raises `OverflowError`, `math.factorial(2000) / ...` too), while $0.5^{2000}$
# underflows to $0$; their product $P(K = 1000) \approx 0.0178$ is a perfectly ordinary
# number. The way out is to work with **logarithms**, where products become sums and
# nothing overflows:
# $$\ln P(K = k) = \ln n! - \ln k! - \ln (n-k)! + k \ln p + (n - k) \ln(1 - p),$$
# with $\ln m! = \ln \Gamma(m + 1)$ (`math.lgamma(m + 1)`, `scipy.special.gammaln(m + 1)`:
# fast and accurate for any size), and exponentiate at the end. Two details:
#
# - **$0 \cdot \ln 0$.** At $p = 0$ and $k = 0$ the term $k \ln p$ is $0 \cdot (-\infty)$,
#   which is `nan` in floating point, while the true factor is $p^0 = 1$, that is, $0$ in
#   the logarithm. `scipy.special.xlogy(k, p)` computes $k \ln p$ with $0 \ln 0 = 0$, and
#   `scipy.special.xlog1py(n - k, -p)` computes $(n-k) \ln(1-p)$ the same way (and
#   accurately for tiny $p$). `scipy.stats.binom.pmf` does all of this for you.
# - **Outside the support**, $\ln \Gamma$ of a non-positive integer is infinite: select
#   $0 \le k \le n$ first and put zeros elsewhere.

# %% [markdown]
# ### Exercise 6: `binomial_pmf(k, n, p)`
#
# Return $P(K = k) = \binom{n}{k} p^k (1 - p)^{n-k}$ for $K \sim \mathrm{Binomial}(n, p)$.
#
# - `k` is an integer, or an array-like of integers (a list, a tuple or a NumPy array of
#   any shape). A single integer gives a Python `float`; an array-like gives an
#   `np.ndarray` of floats of the same shape, one probability per entry.
# - `n` is a non-negative integer, `p` a number in $[0, 1]$; `p = 0` and `p = 1` are
#   allowed and must not give `nan` ($P(K = 0) = 1$ at $p = 0$, $P(K = n) = 1$ at $p = 1$).
# - A `k` outside $[0, n]$ gives exactly `0.0` (not an error).
# - Accurate (relative error below $10^{-7}$ against `scipy.stats.binom.pmf`, for every
#   probability that is not below $10^{-290}$) for `n` in the thousands: no overflow, no
#   `inf`, no `nan`. Tiny probabilities count too: they must not be rounded to zero.
# - Raise `ValueError` if `n` is negative or `p` is outside $[0, 1]$ (or `nan`).
# - Do not modify `k`.

# %% nbgrader={"grade": false, "grade_id": "binomial_pmf_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def binomial_pmf(k, n, p):
    """P(K = k) for K ~ Binomial(n, p), computed in log space (no overflow for large n).

    k : integer or array-like of integers (any shape); n : non-negative integer; p in [0, 1]
    Returns a float for a scalar k, else an np.ndarray of k's shape; 0 outside [0, n].
    """
    n = as_count(n, "n")
    p = float(p)
    if not (0.0 <= p <= 1.0):
        raise ValueError(f"p must be a probability in [0, 1], got {p!r}")
    k = np.asarray(k, dtype=float)               # read only: the caller's k stays as it is
    inside = (k >= 0) & (k <= n)
    pmf = np.zeros(k.shape)                      # probability 0 outside the support
    ks = k[inside]
    log_pmf = (scipy.special.gammaln(n + 1) - scipy.special.gammaln(ks + 1)
               - scipy.special.gammaln(n - ks + 1)
               + scipy.special.xlogy(ks, p) + scipy.special.xlog1py(n - ks, -p))
    pmf[inside] = np.exp(log_pmf)                # 0 log 0 = 0 in xlogy and xlog1py
    return float(pmf) if pmf.ndim == 0 else pmf


# %% nbgrader={"grade": true, "grade_id": "binomial_pmf", "locked": true, "points": 3.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(binomial_pmf(2, 4, 0.5) - 0.375) < 1e-12, "C(4, 2) / 2**4 = 6 / 16"
assert isinstance(binomial_pmf(2, 4, 0.5), float), "a single k gives a float"
assert abs(binomial_pmf(3, 10, 0.2) - 120 * 0.2 ** 3 * 0.8 ** 7) < 1e-12, "C(10, 3) p^3 (1-p)^7"
pmf_check = binomial_pmf([0, 1, 2, 3], 3, 0.25)
assert isinstance(pmf_check, np.ndarray) and pmf_check.shape == (4,), "a list of k gives an array"
assert np.allclose(pmf_check, [27 / 64, 27 / 64, 9 / 64, 1 / 64], rtol=1e-12, atol=0), \
    "n = 3, p = 1/4: (3/4)^3, 3 (1/4)(3/4)^2, 3 (1/4)^2 (3/4), (1/4)^3"
assert binomial_pmf(-1, 5, 0.3) == 0.0 and binomial_pmf(6, 5, 0.3) == 0.0, \
    "k outside [0, n] is impossible: probability 0"
assert np.array_equal(binomial_pmf([0, 1, 2], 2, 0.0), [1.0, 0.0, 0.0]), \
    "p = 0: no heads for sure (0^0 = 1, and no nan from 0 * log 0)"
big_check = binomial_pmf(np.arange(2001), 2000, 0.5)
assert np.all(np.isfinite(big_check)), "n = 2000 must not overflow: work with logarithms"
assert abs(big_check[1000] - 0.017839011145854313) < 1e-12 and abs(big_check.sum() - 1) < 1e-9, \
    "P(K = 1000) for n = 2000, p = 1/2 is about 0.0178, and the probabilities sum to 1"
assert abs(binomial_pmf(0, 1000, 0.5) / 2.0 ** -1000 - 1) < 1e-9, \
    "tiny probabilities are kept, not rounded to 0: P(K = 0) = 2**-1000, about 9.3e-302"
try:
    binomial_pmf(1, 5, 1.5)
except ValueError:
    pass
else:
    raise AssertionError("p = 1.5 is no probability: raise ValueError")

# %% [markdown]
# As $n$ grows, the binomial distribution concentrates: the mean is $np$ and the
# standard deviation $\sqrt{n p (1 - p)}$, so the *fraction* of heads $K / n$ has spread
# $\sqrt{p(1-p)/n} \to 0$. Plotted against $k / n$ (and rescaled by $n$ so that the
# curves are densities), the distribution narrows around $p$.

# %% tags=["demo"]
try:
    fig, ax = plt.subplots(figsize=(8, 3.5))
    for demo_n in (10, 100, 1000, 5000):
        demo_k = np.arange(demo_n + 1)
        ax.plot(demo_k / demo_n, demo_n * binomial_pmf(demo_k, demo_n, 0.3), label=f"n = {demo_n}")
    ax.set(xlabel="fraction of heads k / n", ylabel="n · P(K = k)", xlim=(0, 0.7),
           title="Binomial(n, 0.3) concentrates around p = 0.3")
    ax.legend()
    plt.show()
except NotImplementedError:
    print("Implement binomial_pmf above to see the plot.")

# %% [markdown]
# ## 7. Counting becomes entropy
#
# Take a sequence of $N$ symbols in which symbol $i$ occurs $k_i$ times. Its
# **empirical distribution** is $\hat p_i = k_i / N$, and its empirical entropy is
# $H(\hat p) = -\sum_i \hat p_i \log \hat p_i$. How many sequences have exactly these
# counts? The multinomial coefficient $W = \binom{N}{k_1, \dots, k_m}$ (Section 4). To
# name one of them you need $\log_2 W$ bits, so $\frac{1}{N} \log_2 W$ bits **per
# symbol**. We now show that this tends to $H(\hat p)$.
#
# **Step 1: Stirling's approximation.** $\ln n! = \sum_{i=1}^{n} \ln i$. Because $\ln$
# is increasing, $\int_{i-1}^{i} \ln x\,dx \le \ln i \le \int_{i}^{i+1} \ln x\,dx$; summing
# over $i = 2, \dots, n$ and $i = 1, \dots, n$ (with $\int \ln x\,dx = x \ln x - x$):
# $$n \ln n - n + 1 \;\le\; \ln n! \;\le\; (n + 1) \ln (n + 1) - n .$$
# The two sides differ by $O(\ln n)$, so $\ln n! = n \ln n - n + O(\ln n)$. (The sharper
# form, Stirling's, is $\ln n! = n \ln n - n + \tfrac12 \ln(2\pi n) + O(1/n)$.)
#
# **Step 2: the logarithm of the multinomial.** Write $\ln W = \ln N! - \sum_i \ln k_i!$
# and use Step 1 on every factorial. The $-N$ and $+\sum_i k_i$ cancel because
# $\sum_i k_i = N$:
# $$\ln W = N \ln N - \sum_i k_i \ln k_i + O(m \ln N)
#        = -\sum_i k_i \ln \frac{k_i}{N} + O(m \ln N),$$
# where the second form uses $N \ln N = \sum_i k_i \ln N$. Divide by $N$, and
# $k_i / N = \hat p_i$:
# $$\frac{1}{N} \ln W = -\sum_i \hat p_i \ln \hat p_i + O\Big(\frac{m \ln N}{N}\Big)
#   \;\longrightarrow\; H(\hat p) \text{ in nats},$$
# and in any base, $\frac1N \log_b W \to H_b(\hat p)$. The number of sequences of a given
# type is about $2^{N H(\hat p)}$: **entropy counts the typical sequences**, and this
# is why $N H$ bits are needed to compress $N$ symbols.
#
# **Step 3: how close, and from which side.** Using the sharper Stirling form for every
# factorial, the $\tfrac12 \ln(2\pi \cdot)$ terms leave
# $$\ln W \approx N H(\hat p) - \frac{m - 1}{2} \ln (2 \pi N) - \frac12 \sum_i \ln \hat p_i$$
# (nats, all $k_i > 0$), so $\frac1N \ln W$ falls short of $H(\hat p)$ by, to leading order,
# $\frac{(m-1) \ln(2\pi N)}{2N}$ (the $\frac12 \sum_i \ln \hat p_i$ term adds only
# $O(1/N)$): slowly, like $\ln N / N$. It is **never** above: by
# the multinomial theorem,
# $1 = \big(\sum_i \hat p_i\big)^N = \sum_{\text{all count vectors } j} \binom{N}{j_1, \dots, j_m} \prod_i \hat p_i^{\,j_i}
#   \ge W \prod_i \hat p_i^{\,k_i} = W e^{-N H(\hat p)}$
# (keep only the term with $j = k$; $\prod_i \hat p_i^{k_i} = e^{\sum_i k_i \ln \hat p_i}$),
# hence $\frac1N \ln W \le H(\hat p)$ for every $N$.
#
# **Computing $\ln W$.** Never form $W$ for counts in the millions: $10^6!$ has over five
# million digits. Sum logarithms of Gamma functions instead,
# $\ln W = \ln\Gamma(N + 1) - \sum_i \ln\Gamma(k_i + 1)$, with `math.lgamma` or
# `scipy.special.gammaln`: a handful of calls, exact to about 15 significant digits, for
# any counts. A loop `sum(math.log(i) for i in range(1, N + 1))` is exact too, but takes
# seconds for $N$ in the millions and minutes beyond; and Stirling's formula is only an
# approximation (at $n = 1$ the leading terms $n \ln n - n$ give $-1$ instead of $0$, and
# with Stirling's correction term $\tfrac12 \ln(2\pi n)$ still $-0.081$; at $n = 0$ it is
# undefined, $\ln 0$).

# %% [markdown]
# ### Exercise 7: `log_multinomial(counts)`
#
# Return $\ln \binom{N}{k_1, \dots, k_m} = \ln N! - \sum_i \ln k_i!$ (natural log) as a
# `float`.
#
# - `counts`: a list, tuple or 1-D NumPy integer array of non-negative integers, each up
#   to $10^9$ and more; the call must take milliseconds, not seconds (the hidden checks
#   use counts in the millions, and a call is stopped after 10 s).
# - Accurate to a relative error of $10^{-7}$ (checked against `scipy.special.gammaln`
#   and, for small counts, against the exact logarithm `math.log` of the exact integer):
#   no Stirling approximation (not even with its $\tfrac12 \ln(2\pi n)$ term).
# - Empty counts, all zeros and a single non-zero count (`[n]`, `[0, n, 0]`) give `0.0`
#   ($W = 1$).
# - Return a `float`; raise `ValueError` if a count is negative; do not modify `counts`.

# %% nbgrader={"grade": false, "grade_id": "log_multinomial_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def log_multinomial(counts):
    """Natural log of the multinomial coefficient N! / (k_1! ... k_m!), N = sum of counts.

    counts : sequence of non-negative integers (counts in the millions are fine)
    Returns a float; ValueError on a negative count.
    """
    ks = [as_count(c, "each count") for c in counts]
    return math.lgamma(sum(ks) + 1) - math.fsum(math.lgamma(c + 1) for c in ks)


# %% nbgrader={"grade": true, "grade_id": "log_multinomial", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(log_multinomial([2, 1, 1]) - math.log(12)) < 1e-12, "ln(4! / 2!) = ln 12"
assert abs(log_multinomial([1, 1]) - math.log(2)) < 1e-12, \
    "ln(2! / (1! 1!)) = ln 2 exactly; Stirling's n ln n - n is far off at small counts"
assert log_multinomial([]) == 0.0 and log_multinomial([0, 5]) == 0.0, "W = 1: ln W = 0"
assert isinstance(log_multinomial([3, 4]), float), "return a float"
assert abs(log_multinomial([100, 100, 100])
           - math.log(math.factorial(300) // math.factorial(100) ** 3)) < 1e-9, \
    "the exact logarithm for N = 300"
assert abs(log_multinomial(np.array([10 ** 6, 2 * 10 ** 6])) - 1909534.8809230886) < 1e-6, \
    "counts in the millions: ln Gamma(N + 1) - sum ln Gamma(k + 1), about 1.9e6"
try:
    log_multinomial([4, -2])
except ValueError:
    pass
else:
    raise AssertionError("a count of -2 is impossible: raise ValueError")


# %% [markdown]
# ### Exercise 8: `entropy_from_counting(counts, base=2)`
#
# Return $\frac{1}{N} \log_{\text{base}} \binom{N}{k_1, \dots, k_m}$ with $N = \sum_i k_i$,
# as a `float`: the information per symbol needed to single out one sequence with these
# counts, which tends to the empirical entropy $H(\hat p)$ as $N$ grows (Section 7).
#
# - `counts` as in Exercise 7 (counts in the millions included); `base` defaults to 2
#   (bits). Use your `log_multinomial`: the hidden checks accept the value it gives,
#   divided by $N \ln(\text{base})$, so a mistake there that `entropy_from_counting`
#   passes on is charged in Exercise 7 only: a wrong number, an exception it raises on
#   valid counts (the same type and message), or a value that is not a `float`.
# - This is **not** the plug-in entropy $H(\hat p)$: at $N = 4$ with counts `[2, 1, 1]`
#   it is $\log_2(12)/4 \approx 0.896$ bits, while $H(\hat p) = 1.5$ bits.
# - Raise `ValueError` if there are no observations ($N = 0$: empty counts or all
#   zeros), if a count is negative, or if `base` is not a finite number `> 0` and `!= 1`.
# - Do not modify `counts`.

# %% nbgrader={"grade": false, "grade_id": "entropy_from_counting_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def entropy_from_counting(counts, base=2):
    """log_base(multinomial coefficient) / N: bits (base 2) per symbol to name one
    sequence with these counts; tends to the empirical entropy as N grows.

    counts : sequence of non-negative integers, not all zero
    Returns a float. Raises ValueError for N = 0, a negative count or an invalid base.
    """
    log_b = check_base(base)
    ks = [as_count(c, "each count") for c in counts]
    total = sum(ks)
    if not total:
        raise ValueError("no observations: the counts sum to 0")
    return log_multinomial(ks) / total / log_b


# %% nbgrader={"grade": true, "grade_id": "entropy_from_counting", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert abs(entropy_from_counting([2, 1, 1]) - math.log2(12) / 4) < 1e-12, \
    "log2(4! / 2!) / 4 = 0.896 bits, below the plug-in entropy 1.5 bits"
assert abs(entropy_from_counting([2, 1, 1], base=math.e) - math.log(12) / 4) < 1e-12, "in nats"
assert entropy_from_counting([7]) == 0.0, "one symbol only: a single sequence, 0 bits"
assert isinstance(entropy_from_counting([3, 1]), float), "return a float"
big_check = entropy_from_counting([5 * 10 ** 6, 3 * 10 ** 6, 2 * 10 ** 6])
assert 1.4854752972273344 - 1e-5 < big_check < 1.4854752972273344, \
    "N = 1e7: just below the plug-in entropy H(0.5, 0.3, 0.2) = 1.4854753 bits (by about 2.3e-6)"
try:
    entropy_from_counting([0, 0])
except ValueError:
    pass
else:
    raise AssertionError("no observations (N = 0): raise ValueError")
try:
    entropy_from_counting([2, 2], base=1)
except ValueError:
    pass
else:
    raise AssertionError("base 1 has no logarithm: raise ValueError")

# %% [markdown]
# ## 8. Seeing it: counting approaches entropy
#
# Counts in the proportions $\hat p = (0.5, 0.3, 0.2)$ for growing $N$: left,
# $\frac1N \log_2 W$ rising towards the plug-in entropy $H(\hat p) \approx 1.485$ bits
# (and never above it); right, the gap $H(\hat p) - \frac1N \log_2 W$ on log scales,
# with Step 3's prediction $\big[(m-1) \ln(2\pi N) + \sum_i \ln \hat p_i\big] / (2 N \ln 2)$
# lying on top of it: the gap shrinks like $\ln N / N$.

# %% tags=["demo"]
try:
    demo_p = np.array([0.5, 0.3, 0.2])
    demo_H = float(-(demo_p * np.log2(demo_p)).sum())
    demo_N = 10 * 2 ** np.arange(0, 21)
    demo_values = np.array([entropy_from_counting([int(demo_N_i * q) for q in (0.5, 0.3, 0.2)])
                            for demo_N_i in demo_N])
    demo_predicted = (2 * np.log(2 * np.pi * demo_N) + np.log(demo_p).sum()) / (2 * demo_N * np.log(2))
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    axes[0].semilogx(demo_N, demo_values, "o-", label="(1/N) log2 W")
    axes[0].axhline(demo_H, color="k", ls="--", label=f"H(p̂) = {demo_H:.4f} bits")
    axes[0].set(xlabel="N", ylabel="bits per symbol", title="counting → entropy")
    axes[0].legend()
    axes[1].loglog(demo_N, demo_H - demo_values, "o", label="H(p̂) − (1/N) log2 W")
    axes[1].loglog(demo_N, demo_predicted, "-", label="Stirling's prediction")
    axes[1].set(xlabel="N", ylabel="gap (bits per symbol)", title="the gap shrinks like ln N / N")
    axes[1].legend()
    plt.tight_layout()
    plt.show()
except NotImplementedError:
    print("Implement log_multinomial and entropy_from_counting above to see the plots.")

# %% [markdown]
# ## Summary
#
# - The **multiplication principle** counts staged choices: $a_1 a_2 \cdots a_r$.
# - **Permutations** $P(n, k) = n!/(n-k)!$; counting them a second way, subset first and
#   order second, gives the **combination formula** $\binom{n}{k} = \frac{n!}{k!(n-k)!}$.
# - **Multinomials** $N!/\prod k_i!$ count arrangements with repetition (label the
#   copies, then divide out their orderings).
# - **Pascal's rule** builds the binomial coefficients by additions alone; the
#   **binomial theorem** turns them into the binomial distribution
#   $\binom{n}{k} p^k (1-p)^{n-k}$, which for large $n$ is computed in log space.
# - Counts are exact integers: Python ints, never floats or `int64`.
# - **Stirling**: $\frac1N \log_2 \binom{N}{k_1, \dots, k_m} \to H(\hat p)$ from below: the
#   number of sequences of a type is about $2^{N H}$, which is why entropy measures
#   how many bits a sequence needs.
#
# Next: backpropagation (assignment 08).
