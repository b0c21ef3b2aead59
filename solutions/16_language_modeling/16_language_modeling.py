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
# # 16 · Language modelling with character bigrams
#
# A language model assigns a probability to every string. Once it does, three
# things follow at once: it can **score** text (how surprised is it?), it can
# be **compared** with another model (which one is less surprised by text it
# has not seen?), and it can **generate** text (draw from the distribution).
# This notebook builds the simplest model that is still interesting, a
# *character bigram* model, on a real corpus of first names, twice: once by
# counting and once by gradient descent, and shows that the two are the same
# model. It ends with the loss functions a practitioner meets every day, each
# one a negative log-likelihood in disguise (or not quite).
#
# | # | exercise | points |
# |---|---|---|
# | 1 | `build_vocab(words)` | 1 |
# | 2 | `bigram_counts(words, stoi)` | 2 |
# | 3 | `bigram_probs(counts, alpha=1.0)` | 1.5 |
# | 4 | `average_nll(words, P, stoi)` | 1.5 |
# | 5 | `perplexity(avg_nll)` | 0.5 |
# | 6 | `sample_word(P, itos, rng)` | 2 |
# | 7 | `train_neural_bigram(words, stoi, steps, lr, generator)` | 3 |
# | 8 | `mse(y, y_hat)` | 0.5 |
# | 9 | `mae(y, y_hat)` | 0.5 |
# | 10 | `huber(y, y_hat, delta=1.0)` | 1 |
# | 11 | `binary_cross_entropy(y, p)` | 1 |
# | 12 | `bce_with_logits(y, logits)` | 1.5 |
# | 13 | `focal_loss(y, logits, gamma=2.0, alpha=0.25)` | 1.5 |
# | | **total** | **17.5** |
#
# **Conventions used by the graders.** Words are lists of lower-case strings
# (letters only). NumPy exercises accept array-likes (lists, tuples, arrays of
# any float or integer dtype), return `float` for scalars and `np.ndarray`
# for arrays, and never modify their inputs. Logarithms are natural: every
# negative log-likelihood here is in **nats**. Randomness comes only from the
# `rng` (`np.random.Generator`) or `generator` (`torch.Generator`) argument.
#
# **The data.** The corpus is the list of first names of the 1990 US census
# that ships inside the [`names`](https://pypi.org/project/names/) package
# (version 0.3.0, MIT licence, pinned in `pyproject.toml`): its files
# `dist.female.first` and `dist.male.first`. The setup cell below reads them
# from the installed package (nothing is downloaded), lower-cases them, keeps
# the names made of the letters `a`-`z` only, removes duplicates (a name such
# as *jean* is on both lists) and sorts them.

# %%
import importlib.resources
import math

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F

np.set_printoptions(precision=4, suppress=True)
torch.set_num_threads(1)      # tiny tensors: extra threads only cost time


def load_census_names():
    """The census first names shipped in the `names` package: lower case, a-z only,
    deduplicated, sorted."""
    found = set()
    for filename in ("dist.female.first", "dist.male.first"):
        text = importlib.resources.files("names").joinpath(filename).read_text()
        found.update(line.split(None, 1)[0].lower() for line in text.splitlines() if line.strip())
    return sorted(name for name in found if name.isascii() and name.isalpha())


NAMES = load_census_names()
print(f"{len(NAMES)} names, e.g. {NAMES[:3]} ... {NAMES[-3:]}; "
      f"lengths {min(map(len, NAMES))} to {max(map(len, NAMES))}")

# %% [markdown]
# ## 1. A model of a word, one character at a time
#
# Write a word $w = c_1 c_2 \dots c_n$ and surround it with a special token
# "`.`": $c_0 = c_{n+1} = $ `.`. The chain rule of probability is exact for
# any distribution over strings:
#
# $$p(w) = \prod_{t=1}^{n+1} p(c_t \mid c_0, c_1, \dots, c_{t-1}).$$
#
# The final factor, $p(c_{n+1} = \texttt{.} \mid \dots)$, is the probability
# that the word **stops** there; without it, the probabilities of all words
# would not sum to one (the model would never say when a word ends, and
# *ann* and *anna* would not compete). The start token $c_0$ lets the first
# letter have a distribution of its own.
#
# A **bigram** model keeps only the previous character:
# $p(c_t \mid c_0 \dots c_{t-1}) \approx p(c_t \mid c_{t-1})$. Its parameters
# are one table $P$ of shape $V \times V$ over a vocabulary of $V$ symbols,
# whose row $i$ is the distribution of the next symbol after symbol $i$. We
# number the symbols with two dictionaries: `stoi` (string to index) and
# `itos` (index to string), with "`.`" at index 0 and the letters that occur
# in the words, sorted, at $1, 2, \dots, V - 1$.
#
# ### Exercise 1 — `build_vocab` (1 point)
#
# Return `(stoi, itos)`: `stoi` maps `"."` to 0 and each distinct character of
# `words`, in sorted order, to $1, 2, \dots$; `itos` is its inverse (keys are
# Python `int`s). Only characters that occur are included (words over
# `"zxa"` give `{".": 0, "a": 1, "x": 2, "z": 3}`). The hidden tests use
# random alphabets, repeated words and the census names.

# %% nbgrader={"grade": false, "grade_id": "build_vocab_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def build_vocab(words):
    """(stoi, itos) with "." at index 0 and the sorted characters of words after it."""
    letters = sorted(set("".join(words)))
    stoi = {".": 0}
    for i, ch in enumerate(letters):
        stoi[ch] = i + 1
    itos = {i: ch for ch, i in stoi.items()}
    return stoi, itos

# %% nbgrader={"grade": true, "grade_id": "build_vocab", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
stoi_check, itos_check = build_vocab(["zax", "ax"])
assert stoi_check == {".": 0, "a": 1, "x": 2, "z": 3}, f"got {stoi_check}: '.' first, then the letters sorted"
assert itos_check == {0: ".", 1: "a", 2: "x", 3: "z"}, f"itos should invert stoi, got {itos_check}"
stoi_check, itos_check = build_vocab(NAMES)
assert len(stoi_check) == 27 and stoi_check["a"] == 1 and itos_check[26] == "z", \
    "the census names use all 26 letters: 27 symbols with '.'"


# %% [markdown]
# ## 2. Counting: the maximum-likelihood bigram model
#
# Let $n_{ij}$ be the number of times symbol $j$ follows symbol $i$ in the
# corpus (every word contributes its $n + 1$ pairs $(c_{t-1}, c_t)$, from
# $(\texttt{.}, c_1)$ to $(c_n, \texttt{.})$), and $n_i = \sum_j n_{ij}$. The
# log-likelihood of the corpus under a table $P$ is a sum over pairs, and
# grouping equal pairs,
#
# $$\log L(P) = \sum_{\text{pairs}} \log P_{c_{t-1} c_t} = \sum_i \sum_j n_{ij} \log P_{ij}.$$
#
# The rows are separate problems: maximise $\sum_j n_{ij} \log P_{ij}$
# subject to $\sum_j P_{ij} = 1$. With a Lagrange multiplier $\lambda_i$,
#
# $$\frac{\partial}{\partial P_{ij}}\Big[\sum_j n_{ij}\log P_{ij} - \lambda_i\big(\textstyle\sum_j P_{ij} - 1\big)\Big]
#   = \frac{n_{ij}}{P_{ij}} - \lambda_i = 0 \;\Rightarrow\; P_{ij} = \frac{n_{ij}}{\lambda_i},$$
#
# and the constraint gives $\lambda_i = n_i$. The objective is concave (a sum
# of logarithms), so this stationary point is the maximum:
#
# $$\boxed{\;\hat P_{ij} = \frac{n_{ij}}{n_i}\;}$$
#
# **Counting is maximum-likelihood learning.** Every model in this notebook
# is trained, in the end, to reproduce these ratios.
#
# ### Exercise 2 — `bigram_counts` (2 points)
#
# Return the $V \times V$ array `N` (`V = len(stoi)`) with `N[stoi[a], stoi[b]]`
# the number of times `b` follows `a`, over every word surrounded by `"."`
# (so row 0 counts first letters and column 0 counts last letters; `N[0, 0]`
# stays 0 for non-empty words). Any numeric dtype is accepted. A character
# of `stoi` that never occurs gives a row and column of zeros; the tests use
# a `stoi` that is not always `build_vocab`'s (extra characters, another
# order), an empty list of words (all zeros), one-letter words and doubled
# letters.

# %% nbgrader={"grade": false, "grade_id": "bigram_counts_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def bigram_counts(words, stoi):
    """(V, V) array of bigram counts, '.' marking the start and the end of each word."""
    counts = np.zeros((len(stoi), len(stoi)))
    for word in words:
        chars = ["."] + list(word) + ["."]
        for a, b in zip(chars[:-1], chars[1:]):
            counts[stoi[a], stoi[b]] += 1
    return counts

# %% nbgrader={"grade": true, "grade_id": "bigram_counts", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
stoi_check = {".": 0, "a": 1, "n": 2}
counts_check = np.asarray(bigram_counts(["ann", "na", "a"], stoi_check), dtype=float)
expected_check = np.array([[0, 2, 1],      # words start with a, a, n
                           [2, 0, 1],      # 'a' is followed by '.', '.', 'n'
                           [1, 1, 1]])     # 'n' is followed by 'n', '.', 'a'
assert counts_check.shape == (3, 3), f"shape {counts_check.shape}, expected (V, V) = (3, 3)"
assert np.array_equal(counts_check, expected_check), f"got\n{counts_check}\nexpected\n{expected_check}"
assert counts_check.sum() == 3 + 2 + 1 + 3, "a word of n letters has n + 1 bigrams (the end token counts)"

# %% tags=["demo"]
try:
    stoi_demo, itos_demo = build_vocab(NAMES)
    counts_demo = np.asarray(bigram_counts(NAMES, stoi_demo), dtype=float)
    fig, ax = plt.subplots(figsize=(7, 7))
    ax.imshow(np.log1p(counts_demo), cmap="Blues")
    letters_demo = [itos_demo[i] for i in range(len(itos_demo))]
    ax.set_xticks(range(len(letters_demo)), letters_demo)
    ax.set_yticks(range(len(letters_demo)), letters_demo)
    ax.set_xlabel("next character")
    ax.set_ylabel("previous character")
    ax.set_title("log(1 + bigram count), census first names")
    plt.show()
    first_demo = counts_demo[0] / counts_demo[0].sum()          # row 0: first letters
    H_demo = -np.sum(first_demo[first_demo > 0] * np.log(first_demo[first_demo > 0]))
    print(f"first-letter entropy {H_demo:.3f} nats (uniform over 26 letters: {math.log(26):.3f}); "
          f"most common first letters: {[itos_demo[i] for i in np.argsort(-first_demo)[:5]]}")
except NotImplementedError:
    print("Implement build_vocab and bigram_counts to see the count table.")

# %% [markdown]
# Row 0 of the table is the distribution of **first letters** (the seed of
# every word), column 0 that of last letters. Its entropy, printed above, is
# well below $\log 26$: first letters are far from uniform, which is
# structure a model can use.
#
# ## 3. Smoothing as a prior: add-α is a posterior mean
#
# The maximum-likelihood table has zeros: any pair never seen in the corpus
# gets probability 0, and a new name containing it gets probability 0, a
# negative log-likelihood of $+\infty$. Zero counts are a statement about
# the sample, not about the language. A Bayesian fixes that with a prior.
#
# Take one row, $\theta = (\theta_1, \dots, \theta_V)$, the next-symbol
# distribution after some symbol $i$, with counts $n = (n_1, \dots, n_V)$,
# $N = \sum_j n_j$. Put a symmetric **Dirichlet** prior on it,
#
# $$p(\theta) = \frac{\Gamma(V\alpha)}{\Gamma(\alpha)^V} \prod_j \theta_j^{\alpha - 1},
# \qquad \alpha > 0 .$$
#
# The likelihood of the counts is multinomial,
# $p(n \mid \theta) \propto \prod_j \theta_j^{n_j}$. Multiplying,
#
# $$p(\theta \mid n) \propto \prod_j \theta_j^{n_j + \alpha - 1},$$
#
# which is again a Dirichlet, with parameters $\alpha_j' = n_j + \alpha$
# (the prior is *conjugate*). The mean of a Dirichlet with parameters
# $\alpha'$ is $\alpha'_j / \sum_k \alpha'_k$: to see it, use the
# normalising constant,
#
# $$E[\theta_j] = \frac{\Gamma(\sum_k \alpha_k')}{\prod_k \Gamma(\alpha_k')}
#     \int \theta_j \prod_k \theta_k^{\alpha_k' - 1}\, d\theta
#   = \frac{\Gamma(A')}{\Gamma(A' + 1)} \cdot \frac{\Gamma(\alpha_j' + 1)}{\Gamma(\alpha_j')}
#   = \frac{\alpha_j'}{A'}, \qquad A' = \sum_k \alpha'_k,$$
#
# since the integral is the normalising constant of a Dirichlet with
# $\alpha_j'$ raised by one, and $\Gamma(x + 1) = x\,\Gamma(x)$. So the
# posterior mean — the predictive probability of the next symbol,
# $p(j \mid n) = \int \theta_j\, p(\theta \mid n)\, d\theta$ — is
#
# $$\boxed{\;P_{ij} = \frac{n_{ij} + \alpha}{n_i + V\alpha}\;}$$
#
# **Add-α smoothing** is exactly this: add $\alpha$ pseudo-counts to every
# cell before normalising. $\alpha = 1$ (Laplace's rule of succession) is a
# uniform prior over the simplex; $\alpha \to 0^+$ gives back the
# maximum-likelihood table; $\alpha \to \infty$ forgets the data and gives
# the uniform distribution $1/V$. A row with $n_i = 0$ (a symbol never
# followed by anything) is $\alpha / (V\alpha) = 1/V$ for every
# $\alpha > 0$, so its limit as $\alpha \to 0^+$ is uniform too: that is the
# value this course gives it at $\alpha = 0$ (instead of $0/0$).
#
# ### Exercise 3 — `bigram_probs` (1.5 points)
#
# Return the boxed table for a count array `counts` (any $V \times V$
# array-like of non-negative numbers, not necessarily integers) and
# $\alpha \ge 0$: every row sums to 1; with $\alpha = 0$ a row of zero counts
# is uniform, $1/V$, without a warning. Do not modify `counts`.

# %% nbgrader={"grade": false, "grade_id": "bigram_probs_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def bigram_probs(counts, alpha=1.0):
    """Add-alpha smoothed next-symbol probabilities; each row sums to 1."""
    smoothed = np.asarray(counts, dtype=float) + alpha
    totals = smoothed.sum(axis=1, keepdims=True)
    probs = np.full(smoothed.shape, 1.0 / smoothed.shape[1])
    np.divide(smoothed, totals, out=probs, where=totals > 0)
    return probs

# %% nbgrader={"grade": true, "grade_id": "bigram_probs", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
counts_check = np.array([[0.0, 3.0, 1.0], [2.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
probs_check = np.asarray(bigram_probs(counts_check, alpha=1.0), dtype=float)
assert np.allclose(probs_check[0], [1 / 7, 4 / 7, 2 / 7]), f"(n + 1) / (4 + 3*1): got {probs_check[0]}"
assert np.allclose(probs_check.sum(axis=1), 1.0), "every row sums to 1"
probs_check = np.asarray(bigram_probs(counts_check, alpha=0.0), dtype=float)
assert np.allclose(probs_check[1], [1, 0, 0]), "alpha = 0 is the maximum-likelihood table n_ij / n_i"
assert np.allclose(probs_check[2], 1 / 3), "a row of zero counts with alpha = 0 is uniform (the alpha -> 0+ limit)"
assert counts_check[0, 0] == 0.0, "bigram_probs must not modify the counts it was given"


# %% [markdown]
# ## 4. Scoring a model: negative log-likelihood and perplexity
#
# The likelihood of a corpus is a product of thousands of numbers below one,
# so we work with its logarithm, and to compare corpora of different sizes
# we divide by the number of predictions $T$ (every character and every end
# token, $T = \sum_w (|w| + 1)$):
#
# $$\text{NLL} = -\frac{1}{T} \sum_{\text{pairs } (a, b)} \log P_{ab} \quad \text{nats per character.}$$
#
# This is a cross-entropy. Let $q_{ab} = n_{ab}/T$ be the empirical
# distribution of pairs in the text being scored; then
# $\text{NLL} = -\sum_{a,b} q_{ab} \log P_{ab}$, the expected surprise under the
# data of the model's predictions. Writing $q_{ab} = q_a\, q_{b\mid a}$,
#
# $$\text{NLL} = \sum_a q_a \Big[H(q_{\cdot\mid a}) + D_{KL}\big(q_{\cdot\mid a}\,\|\,P_{a\cdot}\big)\Big]
#   \;\ge\; \sum_a q_a H(q_{\cdot\mid a}),$$
#
# with equality exactly when every row of $P$ equals the data's conditional
# distribution: the counting solution of section 2 again, now seen as the
# one that makes every KL term vanish. On text the model was not fitted to,
# the KL terms are what smoothing keeps finite: a single zero
# $P_{ab} = 0$ on a pair that occurs makes the NLL $+\infty$.
#
# **Perplexity** turns nats back into a count:
# $\text{PPL} = e^{\text{NLL}} = \big(\prod P_{ab}\big)^{-1/T}$, the geometric
# mean of the inverse probabilities. A model that spreads its mass uniformly
# over $k$ choices at every step has NLL $= \log k$ and perplexity exactly $k$:
# perplexity is the **effective number of choices** the model hesitates
# between per character. The uniform model over 27 symbols has perplexity 27;
# the census bigram model, about 10 (section 5). Perplexity must be computed
# from the NLL in the same base: $e^{\text{NLL}}$ from nats, $2^{H}$ from bits
# (mixing them, $2^{\text{NLL in nats}}$, understates it).
#
# ### Exercise 4 — `average_nll` (1.5 points)
#
# Return the NLL above (a `float`, nats per predicted character including the
# end tokens) of the words under the table `P` (any $V \times V$ array-like,
# rows summing to 1). If a pair that occurs has $P_{ab} = 0$, return `inf`
# (no clamping to a small number, no warning needed). An empty list of words
# is not tested.
#
# ### Exercise 5 — `perplexity` (0.5 points)
#
# Return $e^{\text{NLL}}$ as a `float` from an NLL in nats (`inf` gives `inf`).

# %% nbgrader={"grade": false, "grade_id": "average_nll_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def average_nll(words, P, stoi):
    """Mean negative log-likelihood (nats per predicted character, end token included)."""
    P = np.asarray(P, dtype=float)
    total, count = 0.0, 0
    for word in words:
        chars = ["."] + list(word) + ["."]
        for a, b in zip(chars[:-1], chars[1:]):
            p = P[stoi[a], stoi[b]]
            total += -math.log(p) if p > 0 else math.inf
            count += 1
    return float(total / count)

# %% nbgrader={"grade": true, "grade_id": "average_nll", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
stoi_check = {".": 0, "a": 1, "b": 2}
P_check = np.array([[0.0, 0.5, 0.5], [0.25, 0.25, 0.5], [0.5, 0.5, 0.0]])
nll_check = average_nll(["ab"], P_check, stoi_check)        # pairs .a, ab, b.
assert isinstance(nll_check, float), "return a float"
assert math.isclose(nll_check, -(math.log(0.5) + math.log(0.5) + math.log(0.5)) / 3), \
    f"got {nll_check}: 3 predictions (a, b and the end token), each with probability 1/2, give log 2"
assert math.isclose(average_nll(["a", "ab"], P_check, stoi_check),
                    -(math.log(0.5) + math.log(0.25) + 3 * math.log(0.5)) / 5), \
    "average over all 5 predicted characters, not over the 2 words"
assert average_nll(["bb"], P_check, stoi_check) == math.inf, "P[b, b] = 0 on an observed pair: inf"


# %% nbgrader={"grade": false, "grade_id": "perplexity_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def perplexity(avg_nll):
    """exp of an average negative log-likelihood in nats."""
    return float(np.exp(avg_nll))

# %% nbgrader={"grade": true, "grade_id": "perplexity", "locked": true, "points": 0.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert math.isclose(perplexity(math.log(27)), 27.0), "a uniform choice among 27 symbols has perplexity 27"
assert math.isclose(perplexity(0.0), 1.0), "no surprise: one choice"
assert isinstance(perplexity(1.0), float), "return a float"

# %% [markdown]
# ## 5. Train, validate, smooth
#
# Split the names at random into a training set (80 %) and a validation set,
# count on the first, score on both. With $\alpha = 0$ the validation NLL is
# usually infinite (some pair of letters occurs only in validation names); a
# little smoothing fixes it, and too much blurs the table. The curve below is
# the bias-variance trade-off of a Dirichlet prior's strength.

# %% tags=["demo"]
try:
    rng_demo = np.random.default_rng(16)
    order_demo = rng_demo.permutation(len(NAMES))
    train_demo = [NAMES[i] for i in order_demo[: int(0.8 * len(NAMES))]]
    valid_demo = [NAMES[i] for i in order_demo[int(0.8 * len(NAMES)):]]
    stoi_demo, itos_demo = build_vocab(NAMES)
    counts_demo = bigram_counts(train_demo, stoi_demo)
    alphas_demo = np.logspace(-3, 3, 25)
    train_nll_demo = [average_nll(train_demo, bigram_probs(counts_demo, a), stoi_demo) for a in alphas_demo]
    valid_nll_demo = [average_nll(valid_demo, bigram_probs(counts_demo, a), stoi_demo) for a in alphas_demo]
    best_demo = alphas_demo[int(np.argmin(valid_nll_demo))]
    plt.figure(figsize=(7, 4))
    plt.semilogx(alphas_demo, train_nll_demo, label="training names")
    plt.semilogx(alphas_demo, valid_nll_demo, label="validation names")
    plt.axhline(math.log(27), color="gray", ls=":", label="uniform, log 27")
    plt.xlabel("alpha (pseudo-counts per cell)")
    plt.ylabel("NLL (nats per character)")
    plt.legend()
    plt.show()
    ml_valid_demo = average_nll(valid_demo, bigram_probs(counts_demo, 0.0), stoi_demo)
    print(f"alpha = 0: validation NLL {ml_valid_demo:.4f}; best alpha ~ {best_demo:.3g}: "
          f"validation NLL {min(valid_nll_demo):.4f}, perplexity {perplexity(min(valid_nll_demo)):.2f} (of 27)")
except NotImplementedError:
    print("Implement exercises 1-5 to see the smoothing curve.")

# %% [markdown]
# ## 6. Sampling a word
#
# The chain rule of section 1 is also a recipe for drawing a word from the
# model (*ancestral sampling*): start at $c_0 = \texttt{.}$; draw $c_1$ from
# row $P_{c_0 \cdot}$; draw $c_2$ from row $P_{c_1 \cdot}$; ... stop the first
# time the drawn symbol is "`.`". The word is the letters drawn before it.
# The probability of producing the word $w$ is then exactly
# $\prod_{t=1}^{n+1} P_{c_{t-1} c_t}$, the model's $p(w)$, because each draw
# uses the conditional distribution the factorisation names. (The loop ends
# with probability one when the end token can be reached from every letter:
# then, within any $V$ steps, the word stops with probability at least some
# $\epsilon > 0$, and the chance of running $kV$ steps is at most
# $(1 - \epsilon)^k \to 0$.)
#
# Drawing one symbol from a row $p$ can be done with `rng.choice(V, p=p)`,
# or by inverting the cumulative distribution: draw $u$ uniform on $[0, 1)$
# and take the first index $j$ with $u < \sum_{k \le j} p_k$. Both are
# correct; they use the generator differently, so they produce different
# words from the same seed. The hidden tests therefore never compare words
# with a fixed answer: they compare the **frequencies** of the words drawn
# over many seeds with the model's probabilities, and the symbols drawn after
# each symbol with its row of $P$ (chi-square tests).
#
# ### Exercise 6 — `sample_word` (2 points)
#
# Draw one word from the table `P` (rows summing to 1) as above, using only
# `rng` (an `np.random.Generator`) for randomness, and return it as a `str`
# of the letters `itos` names, without any "`.`" (a first draw of "`.`" gives
# the empty word `""`). `itos` maps indices to characters and need not be in
# alphabetical order. The same seed must give the same word, whatever the
# global NumPy or torch seed.

# %% nbgrader={"grade": false, "grade_id": "sample_word_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def sample_word(P, itos, rng):
    """One word drawn from the bigram table P (start at '.', stop at '.')."""
    cdf = np.cumsum(np.asarray(P, dtype=float), axis=1)
    letters = []
    ix = 0
    while True:
        # inverting the row's CDF: the first j with u < P[ix, 0] + ... + P[ix, j]
        # (u scaled by the row's total, in case rounding leaves it just below 1)
        ix = int(np.searchsorted(cdf[ix], rng.random() * cdf[ix, -1], side="right"))
        if ix == 0:
            return "".join(letters)
        letters.append(itos[ix])

# %% nbgrader={"grade": true, "grade_id": "sample_word", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
itos_check = {0: ".", 1: "h", 2: "i"}
P_check = np.array([[0.0, 1.0, 0.0],     # always start with h
                    [0.0, 0.0, 1.0],     # h is always followed by i
                    [1.0, 0.0, 0.0]])    # i always ends the word
assert sample_word(P_check, itos_check, np.random.default_rng(0)) == "hi", "a deterministic table gives 'hi'"
P_check = np.array([[0.0, 0.5, 0.5], [0.5, 0.0, 0.5], [0.5, 0.5, 0.0]])
rng_check = np.random.default_rng(0)
words_check = [sample_word(P_check, itos_check, rng_check) for _ in range(600)]
assert all("." not in w_check for w_check in words_check), "return the letters only, without the '.' tokens"
assert abs(words_check.count("h") / 600 - 0.25) < 0.07, \
    f"p('h') = P[., h] P[h, .] = 1/4, but 'h' came {words_check.count('h')} times in 600 draws"
assert abs(np.mean([len(w_check) for w_check in words_check]) - 2.0) < 0.25, \
    "each letter ends the word with probability 1/2, so the mean length is 2"
assert sample_word(P_check, itos_check, np.random.default_rng(7)) == \
    sample_word(P_check, itos_check, np.random.default_rng(7)), "the same seed gives the same word"

# %% tags=["demo"]
try:
    stoi_demo, itos_demo = build_vocab(NAMES)
    P_demo = bigram_probs(bigram_counts(NAMES, stoi_demo), alpha=1.0)
    uniform_demo = np.full_like(P_demo, 1 / len(stoi_demo))
    rng_demo = np.random.default_rng(2026)
    print("bigram model:", ", ".join(sample_word(P_demo, itos_demo, rng_demo) for _ in range(12)))
    print("uniform model:", ", ".join(sample_word(uniform_demo, itos_demo, rng_demo)[:12] for _ in range(6)))
except NotImplementedError:
    print("Implement exercises 1, 2, 3 and 6 to sample names.")

# %% [markdown]
# The bigram names are pronounceable more often than not, and wrong in the
# way a model with a one-character memory must be: it cannot know how long
# the word already is, nor which vowel it used two letters ago.
#
# ## 7. Learning instead of counting: the neural bigram
#
# Now forget counting. Encode the previous symbol $i$ as a one-hot vector
# $x \in \{0, 1\}^V$, multiply by a weight matrix $W \in \mathbb{R}^{V\times V}$
# to get **logits** $z = x^\top W$ (which is just row $i$ of $W$), and turn them
# into probabilities with a softmax: $\hat p_j = e^{z_j} / \sum_k e^{z_k}$. The
# loss is the average negative log-likelihood of the next symbols, the same
# NLL as in section 4, now a function of $W$:
#
# $$\mathcal{L}(W) = -\frac{1}{T}\sum_{\text{pairs}(a,b)} \log \operatorname{softmax}(W_{a\cdot})_b
#   = -\frac{1}{T}\sum_i \sum_j n_{ij}\Big(W_{ij} - \log \sum_k e^{W_{ik}}\Big).$$
#
# Its gradient (differentiate the log-sum-exp: $\partial/\partial W_{ij}$ of
# $\log\sum_k e^{W_{ik}}$ is $\operatorname{softmax}(W_{i\cdot})_j$):
#
# $$\frac{\partial \mathcal{L}}{\partial W_{ij}}
#  = -\frac{1}{T}\Big(n_{ij} - n_i \operatorname{softmax}(W_{i\cdot})_j\Big)
#  = \frac{n_i}{T}\Big(\operatorname{softmax}(W_{i\cdot})_j - \frac{n_{ij}}{n_i}\Big).$$
#
# The gradient vanishes exactly when $\operatorname{softmax}(W_{i\cdot}) = n_{i\cdot}/n_i$
# for every row that occurs: **gradient descent is driven towards the count
# table**. The loss is convex in $W$ (log-sum-exp is convex, the rest is
# linear), so there is no other place to go. Two details the formula shows:
#
# * a row's step is scaled by $n_i / T$, the frequency of symbol $i$: rare
#   letters learn slowly, which is why the learning rate can be large (tens)
#   for this full-batch problem;
# * where $n_{ij} = 0$ the target probability is 0, which a softmax reaches
#   only as $W_{ij} \to -\infty$; the learnt model stays slightly smoothed,
#   and $\mathcal{L}$ approaches its minimum, the count model's NLL, from above.
#   Adding a penalty $\lambda \sum W_{ij}^2$ plays the role of $\alpha$: it
#   keeps the weights finite, like the Dirichlet prior keeps probabilities
#   positive.
#
# ### Exercise 7 — `train_neural_bigram` (3 points)
#
# Build the pairs of all the words (with `"."` at both ends, indices from
# `stoi`), initialise $W$ of shape `(V, V)` (any initialisation you like:
# zeros, or small random numbers drawn with `generator`), and run `steps`
# steps of full-batch gradient descent with learning rate `lr` on the mean
# cross-entropy $\mathcal{L}(W)$ (PyTorch autograd or the gradient above).
# Return $W$ as a `torch.Tensor` of shape `(V, V)` (it may or may not require
# grad). Randomness, if any, comes only from `generator`: the same generator
# seed gives the same $W$ whatever torch's global seed, and torch's global
# random state is left untouched. The hidden tests train on a hundred
# census names with `steps=200`, `lr=50` (and on small generated word lists
# over 3-6 letters with `steps=100`, `lr=10`: with few symbols every row is
# frequent, and a step of 50 overshoots), and require the NLL of
# $\operatorname{softmax}(W)$ on those words to be within **0.05 nats** of the
# count model's ($\alpha = 0$). Keep it vectorised: 200 steps on ~2000 pairs
# take a fraction of a second.

# %% nbgrader={"grade": false, "grade_id": "train_neural_bigram_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def train_neural_bigram(words, stoi, steps, lr, generator):
    """Weights W (V, V) of a one-hot -> logits bigram model trained by gradient descent."""
    xs, ys = [], []
    for word in words:
        idx = [0] + [stoi[ch] for ch in word] + [0]
        xs.extend(idx[:-1])
        ys.extend(idx[1:])
    V = len(stoi)
    # The loss depends on the pairs only through their counts n_ij: summing over the
    # V x V table instead of the T pairs gives the same mean cross-entropy (and the same
    # gradient) at a cost that does not grow with the corpus.
    pair_ids = torch.tensor(xs, dtype=torch.long) * V + torch.tensor(ys, dtype=torch.long)
    counts = torch.bincount(pair_ids, minlength=V * V).reshape(V, V).to(torch.float64)
    W = (0.01 * torch.randn(V, V, generator=generator, dtype=torch.float64)).requires_grad_()
    for _ in range(steps):
        loss = -(counts * torch.log_softmax(W, dim=1)).sum() / len(xs)
        W.grad = None
        loss.backward()
        with torch.no_grad():
            W -= lr * W.grad
    return W.detach()

# %% nbgrader={"grade": true, "grade_id": "train_neural_bigram", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
words_check = NAMES[::100]
stoi_check, itos_check = build_vocab(NAMES)
torch.manual_seed(123)
before_check = torch.rand(3)
torch.manual_seed(123)
W_check = train_neural_bigram(words_check, stoi_check, 200, 50.0, torch.Generator().manual_seed(0))
assert torch.equal(torch.rand(3), before_check), "torch's global random state was used: draw only with generator"
assert isinstance(W_check, torch.Tensor) and tuple(W_check.shape) == (27, 27), "return W as a (V, V) tensor"
counts_check = np.zeros((27, 27))
for w_check in words_check:
    for a_check, b_check in zip("." + w_check, w_check + "."):
        counts_check[stoi_check[a_check], stoi_check[b_check]] += 1
ml_check = counts_check / counts_check.sum(axis=1, keepdims=True).clip(min=1)
target_check = -np.sum(counts_check[counts_check > 0] * np.log(ml_check[counts_check > 0])) / counts_check.sum()
logp_check = torch.log_softmax(W_check.detach().double(), dim=1).numpy()
nll_check = -np.sum(counts_check * logp_check) / counts_check.sum()
assert nll_check < target_check + 0.05, \
    f"NLL of softmax(W) is {nll_check:.4f}, the count model's is {target_check:.4f}: not within 0.05 nats"
Wa_check = train_neural_bigram(words_check, stoi_check, 10, 50.0, torch.Generator().manual_seed(1))
Wb_check = train_neural_bigram(words_check, stoi_check, 10, 50.0, torch.Generator().manual_seed(1))
assert torch.equal(Wa_check, Wb_check), "the same generator seed must give the same W"

# %% tags=["demo"]
try:
    words_demo = NAMES[::10]
    stoi_demo, itos_demo = build_vocab(NAMES)
    W_demo = train_neural_bigram(words_demo, stoi_demo, 200, 50.0, torch.Generator().manual_seed(1))
    learnt_demo = torch.softmax(W_demo.detach().double(), dim=1).numpy()
    counted_demo = bigram_probs(bigram_counts(words_demo, stoi_demo), alpha=0.0)
    frequent_demo = np.asarray(bigram_counts(words_demo, stoi_demo)).sum(axis=1) >= 200
    fig, axes = plt.subplots(1, 2, figsize=(12, 6))
    for ax, table, title in [(axes[0], counted_demo, "counts: n_ij / n_i"),
                             (axes[1], learnt_demo, "learnt: softmax(W) after 200 steps")]:
        ax.imshow(table, cmap="Blues", vmin=0, vmax=0.6)
        ax.set_xticks(range(27), [itos_demo[i] for i in range(27)])
        ax.set_yticks(range(27), [itos_demo[i] for i in range(27)])
        ax.set_title(title)
    plt.show()
    print(f"count model NLL {average_nll(words_demo, counted_demo, stoi_demo):.4f}, "
          f"neural bigram NLL {average_nll(words_demo, learnt_demo, stoi_demo):.4f} (nats per character); "
          f"largest |difference| of probabilities {np.abs(learnt_demo - counted_demo).max():.3f}; "
          f"in the rows of the {int(frequent_demo.sum())} symbols seen 200+ times: "
          f"{np.abs(learnt_demo - counted_demo)[frequent_demo].max():.3f}")
except NotImplementedError:
    print("Implement exercises 1-4 and 7 to compare the learnt table with the counts.")

# %% [markdown]
# The two tables agree where the data are plentiful. The largest gaps sit in
# the rows of rare letters, whose gradient is scaled by $n_i / T$ (section 7):
# after 200 steps they are still on their way, and they cost little NLL
# because they are rarely used.

# %% [markdown]
# ## 8. The common losses, and the likelihoods behind them
#
# Every loss below is a mean over a batch of $N$ examples, with targets
# $y$ and predictions $\hat y$ (or probabilities $p$, or logits $z$).
#
# **MSE is a Gaussian NLL.** If $y = \hat y + \varepsilon$ with
# $\varepsilon \sim \mathcal{N}(0, \sigma^2)$, then
# $-\log p(y \mid \hat y) = \frac{(y - \hat y)^2}{2\sigma^2} + \frac12 \log(2\pi\sigma^2)$.
# For a fixed $\sigma$ the second term is a constant, so minimising the
# Gaussian NLL is minimising $\text{MSE} = \frac1N \sum (y_n - \hat y_n)^2$;
# the best constant prediction is the **mean** of the targets
# ($\frac{d}{dc}\sum (y_n - c)^2 = 0 \Rightarrow c = \bar y$).
#
# **MAE is a Laplace NLL.** With $p(\varepsilon) = \frac{1}{2b} e^{-|\varepsilon|/b}$,
# $-\log p = |y - \hat y|/b + \log 2b$: minimise $\text{MAE} = \frac1N\sum |y_n - \hat y_n|$.
# Its derivative in a constant $c$ is $\frac1N\sum \operatorname{sign}(c - y_n)$,
# zero when as many targets lie above $c$ as below: the best constant is the
# **median**, which one outlier cannot drag away.
#
# **Huber** keeps the quadratic near zero and the linear tails. With
# $r = y - \hat y$ and a threshold $\delta > 0$,
#
# $$h_\delta(r) = \begin{cases} \tfrac12 r^2 & |r| \le \delta \\ \delta\big(|r| - \tfrac12\delta\big) & |r| > \delta.\end{cases}$$
#
# The constants are forced: a tail $\delta|r| + c$ must meet $\frac12 r^2$ at
# $|r| = \delta$ with the same slope. The slopes are $\delta$ on both sides
# (the derivative of $\frac12 r^2$ at $\delta$ is $\delta$), and the values
# agree when $\frac12\delta^2 = \delta^2 + c$, i.e. $c = -\frac12\delta^2$. So
# $h_\delta$ is continuously differentiable, its gradient is the residual
# clipped to $[-\delta, \delta]$, and the loss is the mean of $h_\delta(r_n)$.
# This is `torch.nn.functional.huber_loss`. (PyTorch's `smooth_l1_loss` is
# $h_\delta / \delta$: the same for $\delta = 1$ only.)
#
# **Binary cross-entropy is a Bernoulli NLL.** For $y \in \{0, 1\}$ and
# $p = P(y = 1)$, $p(y) = p^y (1-p)^{1-y}$, so
# $-\log p(y) = -[y \log p + (1 - y)\log(1 - p)]$ and
# $\text{BCE} = -\frac1N\sum_n [y_n \log p_n + (1 - y_n)\log(1 - p_n)]$.
# The formula is also used for soft targets $y \in [0, 1]$. A prediction
# $p = 0$ for a positive example is infinitely surprising: the loss is $+\infty$,
# and a clamp such as `np.clip(p, 1e-7, 1)` silently replaces it by 16.1
# ($-\log 10^{-7}$), a number that depends on the clamp, not on the model.
# (This course's `binary_cross_entropy` is not clamped; with $y = 0$ and
# $p = 0$ the term $0 \cdot \log 0$ is 0. PyTorch's version clamps the log at
# $-100$.)
#
# **BCE with logits.** With $p = \sigma(z) = 1/(1 + e^{-z})$:
# $\log p = -\log(1 + e^{-z})$ and $\log(1 - p) = \log\frac{e^{-z}}{1 + e^{-z}} = -z - \log(1 + e^{-z})$.
# Then
#
# $$-[y\log p + (1-y)\log(1-p)] = y\log(1+e^{-z}) + (1-y)\big(z + \log(1 + e^{-z})\big)
#    = (1 - y)z + \log(1 + e^{-z}).$$
#
# For $z = -1000$ the term $e^{-z}$ overflows. Use
# $\log(1 + e^{-z}) = \max(-z, 0) + \log(1 + e^{-|z|})$ (factor out $e^{\max(-z,0)}$),
# which only ever exponentiates a non-positive number:
#
# $$\boxed{\;\ell(y, z) = \max(z, 0) - y z + \log\!\big(1 + e^{-|z|}\big)\;}$$
#
# (check: $(1-y)z + \max(-z, 0) = z - yz + \max(-z,0) = \max(z, 0) - yz$).
# Computing $\sigma(z)$ first and then the BCE loses everything at
# $|z| \gtrsim 37$, where $\sigma(z)$ rounds to exactly 1 in float64 and
# $\log(1 - p) = -\infty$. Use `np.logaddexp(0, -|z|)` or `np.log1p(np.exp(-|z|))`
# for the last term.
#
# **Focal loss** (Lin et al., 2017) is BCE re-weighted towards the hard
# examples. Let $p_t = p$ if $y = 1$ and $1 - p$ if $y = 0$ (the probability
# given to the true class), so that BCE $= -\log p_t$. The focal loss multiplies
# it by $(1 - p_t)^\gamma$, which is near 0 for a well-classified example
# ($p_t \to 1$) and near 1 for a badly classified one, and by a class weight
# $\alpha_t = \alpha$ for positives and $1 - \alpha$ for negatives:
#
# $$\text{FL} = \frac1N \sum_n \alpha_{t,n}\, (1 - p_{t,n})^\gamma \,\ell(y_n, z_n).$$
#
# With $\gamma = 0$ and $\alpha = \tfrac12$ it is half the BCE. For soft
# targets we use, as torchvision's `sigmoid_focal_loss` does,
# $p_t = p\,y + (1-p)(1-y)$ and $\alpha_t = \alpha y + (1 - \alpha)(1 - y)$,
# and $\ell$ is the stable BCE with logits above.
#
# ### Exercises 8-13 — the losses (0.5 + 0.5 + 1 + 1 + 1.5 + 1.5 points)
#
# Each takes array-likes of the same shape (any shape, `y` first) and returns
# the mean over all entries as a `float`, in nats for the likelihood-based
# ones:
# * `mse(y, y_hat)`, `mae(y, y_hat)`;
# * `huber(y, y_hat, delta=1.0)` — the $h_\delta$ above, any $\delta > 0$;
# * `binary_cross_entropy(y, p)` — not clamped: $p = 0$ with $y = 1$ (or
#   $p = 1$ with $y = 0$) gives `inf`, $0 \log 0 = 0$ (no warnings printed);
# * `bce_with_logits(y, logits)` — finite and correct for $|z|$ up to 1000 and
#   beyond;
# * `focal_loss(y, logits, gamma=2.0, alpha=0.25)` — as defined above, also
#   finite and correct at $|z| = 1000$.
#
# The hidden tests compare with `torch.nn.functional` (`mse_loss`, `l1_loss`,
# `huber_loss`, `binary_cross_entropy`, `binary_cross_entropy_with_logits`)
# and with a focal loss written from the formula, on random batches (soft and
# hard targets, a batch of one, 2-D arrays, lists).

# %% nbgrader={"grade": false, "grade_id": "mse_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mse(y, y_hat):
    """Mean squared error."""
    return float(np.mean((np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)) ** 2))

# %% nbgrader={"grade": true, "grade_id": "mse", "locked": true, "points": 0.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert math.isclose(mse([1.0, 2.0, 3.0], [1.0, 0.0, 6.0]), (0 + 4 + 9) / 3), "mean of the squared residuals"
assert isinstance(mse([1.0], [0.0]), float), "return a float"


# %% nbgrader={"grade": false, "grade_id": "mae_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def mae(y, y_hat):
    """Mean absolute error."""
    return float(np.mean(np.abs(np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float))))

# %% nbgrader={"grade": true, "grade_id": "mae", "locked": true, "points": 0.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert math.isclose(mae([1.0, 2.0, 3.0], [1.0, 0.0, 6.0]), (0 + 2 + 3) / 3), "mean of the absolute residuals"
assert math.isclose(mae([0.0, 0.0], [1.0, -1.0]), 1.0), "residuals of both signs count positively"


# %% nbgrader={"grade": false, "grade_id": "huber_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def huber(y, y_hat, delta=1.0):
    """Mean Huber loss: r^2 / 2 for |r| <= delta, delta (|r| - delta / 2) beyond."""
    r = np.abs(np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float))
    return float(np.mean(np.where(r <= delta, 0.5 * r ** 2, delta * (r - 0.5 * delta))))

# %% nbgrader={"grade": true, "grade_id": "huber", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert math.isclose(huber([0.0], [0.5]), 0.125), "inside the threshold: r^2 / 2"
assert math.isclose(huber([0.0], [3.0]), 2.5), "beyond it: delta * (|r| - delta / 2) = 3 - 0.5"
assert math.isclose(huber([0.0, 0.0], [3.0, -0.5], delta=2.0), (2 * (3 - 1) + 0.125) / 2), \
    "delta = 2: 2 * (3 - 1) = 4 and 0.5^2 / 2 = 0.125, averaged"


# %% nbgrader={"grade": false, "grade_id": "binary_cross_entropy_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def binary_cross_entropy(y, p):
    """Mean Bernoulli negative log-likelihood (nats), not clamped: p = 0 with y = 1 is inf."""
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pos = np.where(y > 0, y * np.log(p), 0.0)
        neg = np.where(y < 1, (1 - y) * np.log1p(-p), 0.0)
    return float(-np.mean(pos + neg))

# %% nbgrader={"grade": true, "grade_id": "binary_cross_entropy", "locked": true, "points": 1, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert math.isclose(binary_cross_entropy([1.0, 0.0], [0.8, 0.4]), -(math.log(0.8) + math.log(0.6)) / 2), \
    "-[y log p + (1 - y) log(1 - p)], averaged"
assert binary_cross_entropy([1.0], [0.0]) == math.inf, "p = 0 for a positive example is infinitely surprising: no clamp"
assert binary_cross_entropy([0.0, 1.0], [0.0, 1.0]) == 0.0, "0 log 0 = 0: certain and right costs nothing"


# %% nbgrader={"grade": false, "grade_id": "bce_with_logits_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def bce_with_logits(y, logits):
    """Mean binary cross-entropy of sigmoid(logits), computed stably (nats)."""
    y = np.asarray(y, dtype=float)
    z = np.asarray(logits, dtype=float)
    return float(np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))))

# %% nbgrader={"grade": true, "grade_id": "bce_with_logits", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert math.isclose(bce_with_logits([1.0, 0.0], [0.0, 0.0]), math.log(2)), "logit 0 is p = 1/2: log 2 nats"
assert math.isclose(bce_with_logits([1.0, 0.0], [2.0, -1.0]),
                    binary_cross_entropy([1.0, 0.0], [1 / (1 + math.exp(-2.0)), 1 / (1 + math.exp(1.0))])), \
    "the same loss as binary_cross_entropy of sigmoid(logits)"
big_check = bce_with_logits([0.0, 1.0], [1000.0, -1000.0])
assert math.isclose(big_check, 1000.0), f"confidently wrong by a logit of 1000 costs 1000 nats, got {big_check}"
assert bce_with_logits([1.0, 0.0], [1000.0, -1000.0]) == 0.0, "confidently right costs (numerically) nothing"


# %% nbgrader={"grade": false, "grade_id": "focal_loss_answer", "locked": false, "schema_version": 3, "solution": true, "task": false}
def focal_loss(y, logits, gamma=2.0, alpha=0.25):
    """Mean sigmoid focal loss: alpha_t (1 - p_t)^gamma * BCE-with-logits (nats)."""
    y = np.asarray(y, dtype=float)
    z = np.asarray(logits, dtype=float)
    ce = np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z)))
    p = 0.5 * (1 + np.tanh(0.5 * z))                 # sigmoid, finite everywhere
    p_t = p * y + (1 - p) * (1 - y)
    alpha_t = alpha * y + (1 - alpha) * (1 - y)
    return float(np.mean(alpha_t * (1 - p_t) ** gamma * ce))

# %% nbgrader={"grade": true, "grade_id": "focal_loss", "locked": true, "points": 1.5, "schema_version": 3, "solution": false, "task": false}
# Visible checks: run this cell to test your work.
assert math.isclose(focal_loss([1.0], [0.0]), 0.25 * 0.5 ** 2 * math.log(2)), "alpha (1 - 1/2)^2 log 2 at logit 0"
assert math.isclose(focal_loss([0.0], [0.0]), 0.75 * 0.5 ** 2 * math.log(2)), "negatives are weighted by 1 - alpha"
assert math.isclose(focal_loss([1.0, 0.0], [1.5, 0.3], gamma=0.0, alpha=0.5),
                    0.5 * bce_with_logits([1.0, 0.0], [1.5, 0.3])), "gamma = 0, alpha = 1/2: half the BCE"
assert math.isclose(focal_loss([0.0], [1000.0]), 0.75 * 1000.0), "finite at large logits: 0.75 * 1 * 1000"

# %% tags=["demo"]
try:
    r_demo = np.linspace(-4, 4, 401)
    zeros_demo = np.zeros(1)
    fig, axes = plt.subplots(1, 2, figsize=(12, 4))
    axes[0].plot(r_demo, [mse(zeros_demo, [r]) for r in r_demo], label="MSE (Gaussian)")
    axes[0].plot(r_demo, [mae(zeros_demo, [r]) for r in r_demo], label="MAE (Laplace)")
    axes[0].plot(r_demo, [huber(zeros_demo, [r]) for r in r_demo], label="Huber, delta = 1")
    axes[0].set_ylim(0, 5)
    axes[0].set_xlabel("residual")
    axes[0].legend()
    z_demo = np.linspace(-6, 6, 401)
    axes[1].plot(z_demo, [bce_with_logits([1.0], [z]) for z in z_demo], label="BCE, y = 1")
    for gamma_demo in (1.0, 2.0, 5.0):
        axes[1].plot(z_demo, [focal_loss([1.0], [z], gamma=gamma_demo, alpha=1.0) for z in z_demo],
                     label=f"focal, gamma = {gamma_demo:g} (alpha = 1)")
    axes[1].set_xlabel("logit of the true class")
    axes[1].set_ylim(0, 6)
    axes[1].legend()
    plt.show()
except NotImplementedError:
    print("Implement the losses to compare them.")

# %% [markdown]
# ## Summary
#
# * A bigram model is one table of conditional distributions; counting
#   $n_{ij}/n_i$ is its maximum-likelihood estimate (a Lagrange multiplier per
#   row), and the end token makes it a distribution over words.
# * The average NLL is the cross-entropy between the data and the model,
#   in nats per character; perplexity $e^{\text{NLL}}$ is the effective number
#   of choices per character.
# * Add-α smoothing is the posterior mean under a symmetric Dirichlet($\alpha$)
#   prior; it keeps unseen pairs possible, and its strength is chosen on
#   validation data.
# * A one-hot → logits → softmax network trained by gradient descent on the
#   same NLL has a gradient that vanishes exactly at the count table: learning
#   rediscovers counting.
# * Sampling runs the chain rule forwards, one draw per factor.
# * MSE, MAE and BCE are Gaussian, Laplace and Bernoulli NLLs; Huber glues a
#   quadratic to linear tails with a continuous slope; BCE on logits must be
#   computed in the stable form; the focal loss reweights BCE towards hard
#   examples.
