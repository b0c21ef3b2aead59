"""Hidden checks of 16_language_modeling: a character bigram model (vocabulary,
counts, add-alpha smoothing, negative log-likelihood, perplexity, sampling, a
neural bigram trained by gradient descent) and the common losses, in NumPy and
PyTorch.

Oracles (never the notebook's solution):
  build_vocab          -- the sorted set of characters, written here;
  bigram_counts        -- collections.Counter over the pairs of "." + word + ".";
  bigram_probs         -- scipy.stats.dirichlet(counts + alpha).mean() per row (the
                          posterior mean), and 1/V for an all-zero row at alpha = 0;
  average_nll          -- sum of counts * -log P over the grader's own counts, divided
                          by the number of pairs (scipy.special.xlogy);
  perplexity           -- math.exp;
  sample_word          -- exact word probabilities of the model (products along the
                          path), compared with the frequencies of many draws by a
                          chi-square test (scipy.stats.chisquare), and the rows of P with
                          the transitions those draws made (a chi-square test per row,
                          summed: the Markov chain's own test); never a fixed word;
  train_neural_bigram  -- the count model's NLL (alpha = 0) on the same words, from the
                          grader's own counts, and torch.log_softmax of the returned W;
  losses               -- torch.nn.functional.mse_loss, l1_loss, huber_loss,
                          binary_cross_entropy, binary_cross_entropy_with_logits in
                          float64, and a focal loss written here from
                          binary_cross_entropy_with_logits (torchvision's formula).

Most checks use small generated word lists over random alphabets (fast); the census
names of the `names` package (the notebook's corpus, read here from the package's
files) are used for one vocabulary check, one counting check and the neural bigram.
"""
import collections
import functools
import importlib.resources
import itertools
import math
import re

import numpy as np
import scipy.special
import scipy.stats
import torch
import torch.nn.functional as F

from autograder.grader_api import (Checks, Handle, Rng, StudentError, TorchGenerator, as_array,
                                   as_float, call_valid, calls_valid, close, expect_close,
                                   expect_no_side_effects, expect_true, fail, fmt,
                                   register_misconception, t64)

ASSIGNMENT = "16_language_modeling"
checks = Checks(ASSIGNMENT)

EQUIVALENT_MUTANTS = {
    "bigram_probs/number/db461a64": "counts is V x V (the contract): shape[0] == shape[1]",
    "sample_word/term-dropped/09c2882d": "P's rows sum to 1 (the contract): u * cdf[-1] and u "
                                         "differ by rounding only (the scaling guards against "
                                         "u >= cdf[-1] = 1 - 1e-16, p ~ 1e-16 a draw)",
    "sample_word/binary-Mul-Div/4af1d72b": "P's rows sum to 1 (the contract): u / cdf[-1] and "
                                           "u * cdf[-1] differ by rounding only",
    "huber/compare-LtE-Lt/5c48f443": "at |r| = delta both pieces are delta^2 / 2 (Huber is "
                                     "continuous there): < and <= give the same loss",
    "train_neural_bigram/term-dropped/be416e1f": "the initialisation is open (the notebook says "
                                                 "so): N(0, 1) weights reach the count NLL too",
    "train_neural_bigram/number/9022ec16": "the initialisation is open: N(0, 1.01^2) weights "
                                           "reach the count NLL too",
    "train_neural_bigram/number/71019a24": "the initialisation is open: -0.99 * N(0, 1) is "
                                           "another Gaussian initialisation",
    "train_neural_bigram/binary-Mul-Div/e54e3d4d": "the initialisation is open: 0.01 / N(0, 1) "
                                                   "(heavy-tailed) weights still reach the count "
                                                   "NLL from the generator alone",
}

#: The neural bigram's NLL (nats per character) may exceed the count model's by this much.
NLL_GAP = 0.05
#: The training schedule the checks give train_neural_bigram (the notebook states it).
STEPS, LR = 200, 50.0
#: The learning rate of the checks on small generated alphabets (a few symbols, each
#: frequent: lr = 50 overshoots there).
SMALL_LR = 10.0
#: Their steps: every row is frequent there, and 100 steps come within 0.005 nats of the
#: count NLL (zeros, N(0, 1) or N(0, 4) initialisations, an L2 penalty, float32).
SMALL_STEPS = 100
#: Census names the main training check uses (a fresh random subset per seed).
CENSUS_SUBSET = 100
#: Census names the counting check counts (a fresh random subset per seed).
CENSUS_COUNTED = 300
#: Draws of sample_word per frequency check, and the p-value below which a test judges
#: the draws inconsistent with the model (the frequency check makes two tests, each at
#: P_VALUE / 2: a correct sampler fails about once in a million gradings). The word and
#: transition tests together catch more at 350 draws than the word test alone at 500
#: (a column sampler, a sampler drawing every letter after the first from the first
#: letter's row, one stopping after 3 letters, one mixing 15 % uniform draws in).
DRAWS = 350
P_VALUE = 1e-6
#: Draws of the empty-word, letters-only and same-seed checks (each mistake they look
#: for shows in nearly every draw, or in a binomial test at p < 1e-9 for 60 draws).
EMPTY_DRAWS, LETTER_DRAWS, SEED_DRAWS = 60, 20, 20
#: Expected count below which word categories are pooled ("other words").
MIN_EXPECTED = 5.0

VOCAB_DOT_LAST = register_misconception(
    "vocab-dot-not-at-index-0",
    "the start/end token '.' is not at index 0: the contract puts '.' at 0 and the letters, "
    "sorted, at 1, 2, ... (stoi = {'.': 0}, then the letters from 1).")
VOCAB_UNSORTED = register_misconception(
    "vocab-letters-in-order-of-appearance",
    "the letters numbered in the order they first appear in the words: number them in sorted "
    "order (sorted(set(''.join(words)))), so that the table's rows and columns are a-z.")
COUNTS_NO_END = register_misconception(
    "bigram-counts-without-end-token",
    "the end token is not counted: every word of n letters has n + 1 bigrams, from "
    "('.', first letter) to (last letter, '.'); without the last one the model never "
    "learns when a word stops (column 0 stays empty).")
COUNTS_NO_START = register_misconception(
    "bigram-counts-without-start-token",
    "the start token is not counted: the pair ('.', first letter) is what gives the first "
    "letter its distribution (row 0 of the table).")
COUNTS_TRANSPOSED = register_misconception(
    "bigram-counts-transposed",
    "the table is transposed: N[stoi[a], stoi[b]] counts b FOLLOWING a, so the row is the "
    "previous character and the column the next one (row i is the distribution after i).")
SMOOTH_NUMERATOR_ONLY = register_misconception(
    "add-alpha-not-in-denominator",
    "alpha added to the counts but not to the row total: the posterior mean is "
    "(n_ij + alpha) / (n_i + V alpha); dividing by n_i leaves rows that do not sum to 1.")
SMOOTH_ZERO_ROW_NAN = register_misconception(
    "zero-count-row-not-uniform",
    "a row of zero counts at alpha = 0 gives 0/0 (nan) or zeros: its alpha -> 0+ limit is "
    "alpha / (V alpha) = 1/V, the uniform distribution.")
NLL_PER_WORD = register_misconception(
    "nll-averaged-per-word",
    "the log-likelihood averaged over words instead of over predicted characters: the NLL "
    "is nats per character, the sum over every pair (end tokens included) divided by the "
    "number of pairs.")
NLL_NO_END = register_misconception(
    "nll-without-end-token",
    "the end token is not scored: each word of n letters makes n + 1 predictions, the last "
    "one being '.' (the model's probability of stopping).")
NLL_CLAMPED = register_misconception(
    "nll-probability-clamped",
    "probabilities clamped (or an epsilon added) before the log: a pair that occurs with "
    "P = 0 makes the likelihood 0 and the NLL +inf; a clamp turns that into a finite "
    "number that depends on the clamp, not on the model.")
PPL_BASE2 = register_misconception(
    "perplexity-base-2-of-nats",
    "perplexity computed as 2 ** NLL from an NLL in nats: the exponential must undo the "
    "logarithm's base, e ** NLL for nats (2 ** H only for bits).")
SAMPLE_GLOBAL_RNG = register_misconception(
    "sampler-uses-global-random-state",
    "sampling with np.random (or random, or torch) instead of the rng argument: the same "
    "rng seed must give the same word, whatever the global seed. Draw with rng.choice or "
    "rng.random().")
SAMPLE_GREEDY = register_misconception(
    "sampler-takes-argmax",
    "the most probable next symbol taken (argmax) instead of a random draw: greedy decoding "
    "gives the same word every time, not a sample from the model.")
SAMPLE_DOT = register_misconception(
    "sampled-word-keeps-dot",
    "the '.' token kept in the returned word: '.' marks the start and the end; the word is "
    "the letters drawn before the end token.")
SAMPLE_NO_EMPTY = register_misconception(
    "sampler-always-draws-a-letter",
    "the first symbol forced to be a letter (or the end token only checked after the first "
    "letter): when row 0 gives '.' a positive probability, the empty word has that "
    "probability; stop the first time '.' is drawn.")
TRAIN_GLOBAL_RNG = register_misconception(
    "neural-bigram-global-rng",
    "the weights initialised (or anything drawn) with torch's global generator: pass "
    "generator=generator to torch.randn, or initialise with zeros; the same generator "
    "seed must give the same W, and the global random state must stay untouched.")
RMSE = register_misconception(
    "mse-square-rooted",
    "the square root taken (RMSE): the mean squared error is the mean of the squared "
    "residuals, without a root (it is the Gaussian NLL up to constants).")
LOSS_SUM = register_misconception(
    "loss-summed-over-batch",
    "the loss summed over the entries instead of averaged: every loss here is a mean over "
    "the batch (its scale does not depend on the batch size).")
MAE_NO_ABS = register_misconception(
    "mae-without-abs",
    "the mean of the signed residuals: positive and negative errors cancel; the MAE is the "
    "mean of |y - y_hat|.")
SMOOTH_L1 = register_misconception(
    "huber-as-smooth-l1",
    "the loss divided by delta (PyTorch's smooth_l1_loss with beta = delta): Huber is r^2/2 "
    "inside and delta (|r| - delta/2) outside; the two agree only for delta = 1.")
HUBER_NO_HALF = register_misconception(
    "huber-missing-halves",
    "the quadratic part written r^2 (or the linear part delta |r|): the pieces must meet at "
    "|r| = delta with equal values and slopes, which forces r^2 / 2 and delta (|r| - delta/2).")
BCE_CLAMPED = register_misconception(
    "bce-probability-clamped",
    "the probability clamped (np.clip(p, eps, 1 - eps)) before the log: p = 0 for a "
    "positive example is infinitely surprising, the loss is inf; the clamp reports "
    "-log(eps), a number chosen by the clamp.")
BCE_ZERO_LOG_ZERO = register_misconception(
    "bce-zero-times-log-zero-nan",
    "y log p computed as 0 * log 0 = 0 * (-inf) = nan where y = 0 and p = 0 (or the same "
    "for 1 - y and 1 - p): the limit is 0 (a certain and right prediction costs nothing); "
    "compute each term only where its weight is positive.")
BCE_SWAPPED = register_misconception(
    "bce-arguments-swapped",
    "the arguments swapped: binary_cross_entropy(y, p) takes the TARGETS first (unlike "
    "torch.nn.functional.binary_cross_entropy(input, target)).")
BCE_LOGITS_NAIVE = register_misconception(
    "bce-logits-through-sigmoid",
    "sigmoid(z) computed first, then the BCE of probabilities: at |z| > ~37 the sigmoid "
    "rounds to exactly 0 or 1 and log(0) = -inf (or exp(-z) overflows). Use "
    "max(z, 0) - y z + log(1 + exp(-|z|)).")
FOCAL_ALPHA_SWAPPED = register_misconception(
    "focal-alpha-weights-swapped",
    "alpha and 1 - alpha swapped: torchvision's focal loss weights POSITIVES by alpha and "
    "negatives by 1 - alpha (alpha_t = alpha y + (1 - alpha)(1 - y)).")
FOCAL_PT_POWER = register_misconception(
    "focal-modulating-factor-inverted",
    "the modulating factor written p_t ** gamma: it must be (1 - p_t) ** gamma, small for "
    "well-classified examples (p_t near 1), so that the hard ones dominate.")
LOG2 = register_misconception(
    "language-model-loss-in-bits",
    "log base 2 used: the NLLs and losses of this assignment are in nats (natural logs); "
    "bits are nats / ln 2.")
FOCAL_NO_ALPHA = register_misconception(
    "focal-without-alpha",
    "the class weight alpha_t left out: the focal loss is alpha_t (1 - p_t)^gamma times "
    "the BCE, with alpha for positives and 1 - alpha for negatives.")


# -- helpers --------------------------------------------------------------------------

LETTERS = "abcdefghijklmnopqrstuvwxyz"


@functools.lru_cache(maxsize=1)
def census_names():
    """The notebook's corpus, read here from the installed package's files."""
    found = set()
    for filename in ("dist.female.first", "dist.male.first"):
        for line in importlib.resources.files("names").joinpath(filename).read_text().splitlines():
            parts = line.split()
            if parts and re.fullmatch("[a-z]+", parts[0].lower()):
                found.add(parts[0].lower())
    return tuple(sorted(found))


def random_alphabet(rng, low=3, high=8):
    k = int(rng.integers(low, high + 1))
    return [str(c) for c in rng.choice(list(LETTERS), size=k, replace=False)]


def random_words(rng, alphabet, n, max_len=6):
    """``n`` words over ``alphabet``, using every letter, with a repeated word, a
    one-letter word and a doubled letter."""
    words = ["".join(rng.choice(alphabet, size=int(rng.integers(1, max_len + 1))))
             for _ in range(n)]
    words += list(alphabet)                   # every letter occurs; one-letter words
    a = str(rng.choice(alphabet))
    words += [a + a + str(rng.choice(alphabet)), words[0]]
    order = rng.permutation(len(words))
    return [words[i] for i in order]


def vocab_of(words):
    stoi = {".": 0}
    for i, ch in enumerate(sorted(set("".join(words)))):
        stoi[ch] = i + 1
    return stoi


def pair_counter(words):
    pairs = collections.Counter()
    for w in words:
        s = "." + w + "."
        pairs.update(zip(s[:-1], s[1:]))
    return pairs


def count_table(words, stoi):
    table = np.zeros((len(stoi), len(stoi)))
    for (a, b), n in pair_counter(words).items():
        table[stoi[a], stoi[b]] = n
    return table


def nll_of(table, P):
    """Average NLL (nats per pair) of pairs counted in ``table`` under ``P``."""
    with np.errstate(divide="ignore"):
        return float(-np.sum(scipy.special.xlogy(table, P)) / table.sum())


def dirichlet_rows(rng, V, concentration=1.0):
    return rng.dirichlet(np.full(V, concentration), size=V)


def expect_table(value, expected, what, wrong=None, tol="float"):
    array = as_array(value, what)
    for key, candidate in (wrong or {}).items():
        if candidate.shape == array.shape and not close(array, expected, tol) \
                and close(array, candidate, tol):
            fail(f"{what}: got\n{fmt(array)}\nexpected\n{fmt(expected)}", key)
    if array.shape != expected.shape:
        fail(f"{what} should have shape {expected.shape} (V = len(stoi) = {expected.shape[0]}), "
             f"got {array.shape}")
    if not close(array, expected, tol):
        bad = np.argwhere(~np.isclose(array, expected, rtol=1e-7, atol=1e-9))
        i, j = (int(t) for t in bad[0]) if len(bad) else (0, 0)
        fail(f"{what}: got\n{fmt(array)}\nexpected\n{fmt(expected)}\n(first difference at "
             f"[{i}, {j}]: {array[i, j]:.6g} instead of {expected[i, j]:.6g})")
    return array


# == build_vocab ======================================================================

def vocab_pair(result, what):
    if not isinstance(result, (tuple, list)) or len(result) != 2 \
            or not all(isinstance(d, dict) for d in result):
        fail(f"{what} should return a pair of dicts (stoi, itos), got {type(result).__name__}")
    return result


def expect_stoi(stoi, expected, what):
    try:
        got = {str(k): int(v) for k, v in stoi.items()}
    except (TypeError, ValueError):
        fail(f"{what}: stoi should map characters to integer indices, got {stoi!r:.200}")
    if got == expected:
        return
    letters = sorted(k for k in expected if k != ".")
    if got.get(".") == len(expected) - 1 and sorted(got) == sorted(expected):
        fail(f"{what}: stoi = {got}, expected {expected}.", VOCAB_DOT_LAST)
    if got.get(".") == 0 and sorted(got) == sorted(expected) and \
            [k for k, _ in sorted(got.items(), key=lambda kv: kv[1])][1:] != letters:
        fail(f"{what}: stoi = {got}, expected {expected}.", VOCAB_UNSORTED)
    fail(f"{what}: stoi = {got}, expected {expected} ('.' at 0, then the characters that "
         "occur, sorted, from 1).")


@checks("build_vocab", points=0.5)
def test_build_vocab_stoi_sorted_with_dot_first(student, rng):
    """Random alphabets (letters in no particular order, a letter of the alphabet left
    out), repeated words."""
    for _ in range(2):
        alphabet = random_alphabet(rng, 3, 9)
        words = random_words(rng, alphabet, int(rng.integers(3, 9)))
        what = f"build_vocab({words})"
        stoi, _ = vocab_pair(call_valid(student, "build_vocab", words, what=what), what)
        expect_stoi(stoi, vocab_of(words), what)


@checks("build_vocab", points=0.25)
def test_build_vocab_itos_inverts_stoi(student, rng):
    alphabet = random_alphabet(rng, 3, 9)
    words = random_words(rng, alphabet, 5)
    what = f"build_vocab({words})"
    stoi, itos = vocab_pair(call_valid(student, "build_vocab", words, what=what), what)
    try:
        inverse = {int(v): str(k) for k, v in stoi.items()}
        got = {int(k): v for k, v in itos.items()}
    except (TypeError, ValueError):
        fail(f"{what}: itos should map integer indices to characters, got {itos!r:.200}")
    expect_true(got == inverse and all(isinstance(v, str) for v in got.values()),
                f"{what}: itos = {got}, but the inverse of the returned stoi is {inverse}: "
                "itos[i] is the character whose index is i.")


@checks("build_vocab", points=0.25)
def test_build_vocab_census_names(student, rng):
    names = list(census_names())
    what = f"build_vocab(the {len(names)} census names)"
    stoi, itos = vocab_pair(call_valid(student, "build_vocab", names, what=what), what)
    expect_stoi(stoi, vocab_of(names), what)


# == bigram_counts ====================================================================

def count_mistakes(words, stoi):
    full = count_table(words, stoi)
    no_end = count_table(words, stoi)
    no_start = count_table(words, stoi)
    for w in words:
        no_end[stoi[w[-1]], 0] -= 1
        no_start[0, stoi[w[0]]] -= 1
    return {COUNTS_TRANSPOSED: full.T, COUNTS_NO_END: no_end, COUNTS_NO_START: no_start}


def judge_counts(student, words, stoi, what):
    got = call_valid(student, "bigram_counts", words, stoi, what=what)
    expected = count_table(words, stoi)
    expect_table(got, expected, what, count_mistakes(words, stoi), tol="exact")


@checks("bigram_counts", points=1)
def test_bigram_counts_match_pair_counter(student, rng):
    """Generated words (doubled letters, one-letter and repeated words), the stoi of
    their sorted letters."""
    for _ in range(2):
        words = random_words(rng, random_alphabet(rng), int(rng.integers(4, 12)))
        judge_counts(student, words, vocab_of(words), f"bigram_counts({words}, stoi)")


@checks("bigram_counts", points=0.5)
def test_bigram_counts_any_stoi_with_unused_symbols(student, rng):
    """A stoi with the letters in shuffled order and extra symbols that never occur:
    V = len(stoi), their rows and columns zero."""
    alphabet = random_alphabet(rng, 3, 6)
    words = random_words(rng, alphabet, 6)
    unused = [c for c in LETTERS if c not in alphabet][:int(rng.integers(1, 4))]
    symbols = list(rng.permutation(alphabet + unused))
    stoi = {".": 0, **{str(c): i + 1 for i, c in enumerate(symbols)}}
    judge_counts(student, words, stoi, f"bigram_counts({words}, stoi={stoi})")


@checks("bigram_counts", points=0.25)
def test_bigram_counts_census_names(student, rng):
    """A random CENSUS_COUNTED of the census names (in their sorted order)."""
    names = list(census_names())
    names = [names[i] for i in sorted(rng.choice(len(names), size=CENSUS_COUNTED, replace=False))]
    stoi = vocab_of(names)
    judge_counts(student, names, stoi, f"bigram_counts({CENSUS_COUNTED} census names, stoi)")


@checks("bigram_counts", points=0.25)
def test_bigram_counts_no_words(student, rng):
    stoi = vocab_of(random_alphabet(rng))
    got = call_valid(student, "bigram_counts", [], stoi, what=f"bigram_counts([], {stoi})")
    expect_table(got, np.zeros((len(stoi), len(stoi))), f"bigram_counts([], {stoi})", tol="exact")


# == bigram_probs =====================================================================

def posterior_mean(counts, alpha):
    V = counts.shape[1]
    rows = []
    for row in counts:
        if alpha > 0:
            rows.append(scipy.stats.dirichlet(row + alpha).mean())
        elif row.sum() > 0:
            rows.append(row / row.sum())
        else:
            rows.append(np.full(V, 1.0 / V))
    return np.array(rows)


def random_counts(rng, V, integer=True):
    counts = rng.poisson(rng.uniform(0.3, 4.0), size=(V, V)).astype(float)
    if not integer:
        counts = counts * rng.uniform(0.2, 2.0, size=(V, V))
    counts[int(rng.integers(V)), int(rng.integers(V))] += 1.0
    return counts


def smoothing_mistakes(counts, alpha):
    totals = counts.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return {SMOOTH_NUMERATOR_ONLY: (counts + alpha) / totals}


@checks("bigram_probs", points=0.5)
def test_bigram_probs_dirichlet_posterior_mean(student, rng):
    """Integer and non-integer counts, alpha from 0.05 to 5, V from 3 to 9."""
    for integer in (True, False):
        V = int(rng.integers(3, 10))
        counts = random_counts(rng, V, integer)
        alpha = float(rng.uniform(0.05, 5.0))
        expected = posterior_mean(counts, alpha)
        what = f"bigram_probs(counts, alpha={alpha:.4g}) for counts\n{fmt(counts)}\n"
        got = call_valid(student, "bigram_probs", counts, kwargs={"alpha": alpha}, what=what)
        expect_table(got, expected, what + "(the Dirichlet posterior mean (n + alpha) / "
                     "(n_i + V alpha))", smoothing_mistakes(counts, alpha))


@checks("bigram_probs", points=0.25)
def test_bigram_probs_default_alpha_is_one(student, rng):
    V = int(rng.integers(3, 8))
    counts = random_counts(rng, V)
    what = f"bigram_probs(counts) (the default alpha = 1) for counts\n{fmt(counts)}\n"
    got = call_valid(student, "bigram_probs", counts, what=what)
    expect_table(got, posterior_mean(counts, 1.0), what, smoothing_mistakes(counts, 1.0))


@checks("bigram_probs", points=0.5)
def test_bigram_probs_alpha_zero_ml_and_uniform_empty_row(student, rng):
    """alpha = 0: n_ij / n_i (a row of fractional counts summing below 1 included), and
    1/V for a row without counts (the alpha -> 0+ limit)."""
    V = int(rng.integers(3, 8))
    counts = random_counts(rng, V)
    counts[counts.sum(axis=1) == 0, int(rng.integers(V))] = 2.0
    rows = rng.choice(V, size=2, replace=False)
    counts[rows[0]] = 0.0
    # a row of fractional counts summing to less than 1: still n_ij / n_i
    counts[rows[1]] = 0.0
    counts[rows[1], rng.choice(V, size=2, replace=False)] = rng.uniform(0.05, 0.45, size=2)
    expected = posterior_mean(counts, 0.0)
    what = f"bigram_probs(counts, alpha=0.0) for counts\n{fmt(counts)}\n"
    got = as_array(call_valid(student, "bigram_probs", counts, kwargs={"alpha": 0.0},
                              what=what), what)
    empty = int(np.flatnonzero(counts.sum(axis=1) == 0)[0])
    if got.shape == expected.shape and not close(got[empty], expected[empty]):
        fail(f"{what}: row {empty} (no counts) is {fmt(got[empty])}, expected the uniform "
             f"{fmt(expected[empty])}.", SMOOTH_ZERO_ROW_NAN)
    expect_table(got, expected, what)


@checks("bigram_probs", points=0.25)
def test_bigram_probs_leaves_counts_unchanged(student, rng):
    """The counts array (float and integer dtypes) and a nested list of counts."""
    V = int(rng.integers(3, 7))
    counts = random_counts(rng, V)
    alpha = float(rng.uniform(0.5, 2.0))
    calls_valid(student, "bigram_probs",
                [((counts,), {"alpha": alpha}), ((counts.astype(np.int64),), {"alpha": alpha}),
                 ((counts.tolist(),), {"alpha": alpha})],
                ["bigram_probs(float counts)", "bigram_probs(integer counts)",
                 "bigram_probs(counts as a nested list)"])
    expect_no_side_effects(student, "inputs")


# == average_nll ======================================================================

def nll_mistakes(words, P, stoi):
    table = count_table(words, stoi)
    with np.errstate(divide="ignore"):
        total = -np.sum(scipy.special.xlogy(table, P))
        end = sum(-math.log(P[stoi[w[-1]], 0]) for w in words)
    return {NLL_PER_WORD: float(total / len(words)),
            NLL_NO_END: float((total - end) / (table.sum() - len(words))),
            LOG2: float(total / table.sum() / math.log(2))}


@checks("average_nll", points=0.75)
def test_average_nll_matches_cross_entropy(student, rng):
    """Random tables with all entries positive, generated words, nats per pair."""
    for _ in range(2):
        words = random_words(rng, random_alphabet(rng), int(rng.integers(3, 10)))
        stoi = vocab_of(words)
        P = dirichlet_rows(rng, len(stoi), float(rng.uniform(0.5, 2.0)))
        expected = nll_of(count_table(words, stoi), P)
        what = f"average_nll({words}, P, stoi) for P =\n{fmt(P)}\n"
        got = call_valid(student, "average_nll", words, P, stoi, what=what)
        expect_close(got, expected, what, tol="float", misconceptions=nll_mistakes(words, P, stoi))


@checks("average_nll", points=0.5)
def test_average_nll_inf_for_impossible_pair(student, rng):
    """A pair that occurs has probability 0 (the rest of P positive): inf."""
    words = random_words(rng, random_alphabet(rng), 5)
    stoi = vocab_of(words)
    P = dirichlet_rows(rng, len(stoi))
    inner = sorted(pair for pair in pair_counter(words) if pair[1] != ".")
    a, b = inner[int(rng.integers(len(inner)))]
    P[stoi[a], stoi[b]] = 0.0
    P[stoi[a]] /= P[stoi[a]].sum()
    what = (f"average_nll({words}, P, stoi) where P[{stoi[a]}, {stoi[b]}] = 0 (the pair "
            f"{a + b!r} occurs)")
    got = as_float(call_valid(student, "average_nll", words, P, stoi, what=what), what)
    expect_true(got == math.inf, f"{what}: got {got:.6g}, expected inf (a likelihood of 0).",
                NLL_CLAMPED if math.isfinite(got) and got > 1.0 else None)


@checks("average_nll", points=0.25)
def test_average_nll_float_from_lists(student, rng):
    """P as a nested list gives a Python float, the value the same P as an array gives."""
    words = random_words(rng, random_alphabet(rng, 3, 4), 4)
    stoi = vocab_of(words)
    P = dirichlet_rows(rng, len(stoi))
    what = f"average_nll({words}, P as a nested list, stoi)"
    listed, arrayed = calls_valid(student, "average_nll", [((words, P.tolist(), stoi), None),
                                                           ((words, P, stoi), None)],
                                  [what, f"average_nll({words}, P, stoi)"])
    expect_true(isinstance(listed, float), f"{what} should return a float, got "
                f"{type(listed).__name__}")
    expect_close(listed, as_float(arrayed, "average_nll for P as an array"),
                 what + ", vs your answer for the same P as an array")


# == perplexity =======================================================================

@checks("perplexity", points=0.35)
def test_perplexity_is_exp_of_nats(student, rng):
    values = [float(rng.uniform(0.1, 4.0)) for _ in range(3)] + [0.0, math.log(27)]
    outcomes = calls_valid(student, "perplexity", [((v,), None) for v in values],
                           [f"perplexity({v:.6g})" for v in values])
    for v, got in zip(values, outcomes):
        what = f"perplexity({v:.6g})"
        expect_true(isinstance(got, float), f"{what} should return a float, got "
                    f"{type(got).__name__}")
        expect_close(got, math.exp(v), what + " (e ** NLL)", misconceptions={PPL_BASE2: 2.0 ** v})


@checks("perplexity", points=0.15)
def test_perplexity_of_infinite_nll(student, rng):
    got = as_float(call_valid(student, "perplexity", math.inf, what="perplexity(inf)"),
                   "perplexity(inf)")
    expect_true(got == math.inf, f"perplexity(inf) should be inf (a model that gives the data "
                f"probability 0), got {got:.6g}")


# == sample_word ======================================================================

def sampler_model(rng, empty=0.0):
    """A table over '.' and three random letters; row 0 has P[0, 0] = ``empty``; letters
    end the word with probability 0.25-0.55 (short words, many repeats, ~3.5
    transitions per draw)."""
    letters = [str(c) for c in rng.choice(list(LETTERS), size=3, replace=False)]
    itos = {0: "."}
    itos.update({i + 1: c for i, c in enumerate(letters)})
    P = np.zeros((4, 4))
    P[0, 1:] = rng.dirichlet(np.full(3, 2.0)) * (1 - empty)
    P[0, 0] = empty
    for i in range(1, 4):
        stop = rng.uniform(0.25, 0.55)
        P[i, 0] = stop
        P[i, 1:] = rng.dirichlet(np.full(3, 1.5)) * (1 - stop)
    return P, itos


def word_probability(word, P, stoi):
    s = "." + word + "."
    prob = 1.0
    for a, b in zip(s[:-1], s[1:]):
        if a not in stoi or b not in stoi:
            return 0.0
        prob *= P[stoi[a], stoi[b]]
    return prob


def draw_words(student, P, itos, seeds, what):
    """One word per seed, in one round trip; the arguments are not watched (no check of
    sample_word grades them, and comparing them after every call is half the time)."""
    outcomes = calls_valid(student, "sample_word", [((P, itos, Rng(int(s))), None) for s in seeds],
                           [what] * len(seeds), watch=False)
    for got in outcomes:
        if not isinstance(got, str):
            fail(f"{what} should return a str, got {type(got).__name__} {got!r:.60}")
    return outcomes


def judge_frequencies(words, P, itos, what):
    stoi = {c: i for i, c in itos.items()}
    letters = [itos[i] for i in range(1, len(itos))]
    if len(set(words)) == 1 and len(words) > 20:
        fail(f"{what}: all {len(words)} draws (different seeds) gave {words[0]!r}.", SAMPLE_GREEDY)
    observed = collections.Counter(w.replace(".", "") for w in words)
    for w in observed:
        if word_probability(w, P, stoi) == 0.0:
            fail(f"{what}: drew {w!r}, a word the model gives probability 0 (letters "
                 f"{letters}, P =\n{fmt(P)}).")

    # categories: every word of up to 4 letters with an expected count >= MIN_EXPECTED
    n = len(words)
    candidates = [""] + ["".join(t) for k in range(1, 5) for t in itertools.product(letters, repeat=k)]
    probs = {w: word_probability(w, P, stoi) for w in candidates}
    kept = [w for w in candidates if probs[w] * n >= MIN_EXPECTED]
    expected = [probs[w] * n for w in kept]
    got = [observed.get(w, 0) for w in kept]
    rest = n - sum(expected)
    if rest >= MIN_EXPECTED:
        expected.append(rest)
        got.append(n - sum(got))
    p_value = float(scipy.stats.chisquare(got, expected).pvalue)
    if p_value < P_VALUE / 2:
        rows = sorted(zip(kept, got, expected), key=lambda r: -r[2])[:6]
        table = ", ".join(f"{w!r}: {g} drawn, {e:.0f} expected" for w, g, e in rows)
        fail(f"{what}: over {n} draws (one seed each) the word frequencies do not follow the "
             f"model (chi-square p = {p_value:.2g} < {P_VALUE / 2:g}): {table}. Start at '.', "
             "draw each next symbol from the row of the previous one, stop at the first '.'.")
    judge_transitions(words, P, itos, what)


def judge_transitions(words, P, itos, what):
    """The transitions the draws made (with '.' at both ends), against the rows of P:
    given the symbol a draw is at, the next one follows that row, whatever came before
    (Pearson's statistic per row, pooled cells of expected count < MIN_EXPECTED, summed
    over the rows: chi-square with the sum of the rows' degrees of freedom)."""
    stoi = {c: i for i, c in itos.items()}
    V = len(P)
    previous, following = [], []
    for w in words:
        path = [0] + [stoi[c] for c in w.replace(".", "")] + [0]
        previous += path[:-1]
        following += path[1:]
    table = np.zeros((V, V))
    np.add.at(table, (previous, following), 1)
    statistic, df, worst = 0.0, 0, (0.0, 0)
    for i in range(V):
        expected = table[i].sum() * P[i]
        keep = expected >= MIN_EXPECTED
        got, want = list(table[i][keep]), list(expected[keep])
        if want and expected[~keep].sum() >= MIN_EXPECTED:
            got.append(table[i][~keep].sum())
            want.append(expected[~keep].sum())
        elif want:                    # too little left over: pooled with the smallest cell
            j = int(np.argmin(want))
            got[j] += table[i][~keep].sum()
            want[j] += expected[~keep].sum()
        if len(want) < 2:
            continue
        row = float(np.sum((np.array(got) - np.array(want)) ** 2 / np.array(want)))
        statistic, df = statistic + row, df + len(want) - 1
        worst = max(worst, (row, i))
    if df == 0:
        return
    p_value = float(scipy.stats.chi2.sf(statistic, df))
    if p_value < P_VALUE / 2:
        i = worst[1]
        drawn = ", ".join(f"{itos[j]!r}: {int(table[i, j])}" for j in range(V))
        want = ", ".join(f"{itos[j]!r}: {table[i].sum() * P[i, j]:.0f}" for j in range(V))
        fail(f"{what}: over {len(words)} draws the symbols drawn after each symbol do not "
             f"follow its row of P (chi-square over the rows, p = {p_value:.2g} < "
             f"{P_VALUE / 2:g}); after {itos[i]!r}, for instance, the draws went to {drawn}; "
             f"its row expects {want}. Each next symbol is drawn from the row of the symbol "
             "just drawn (the previous one), P[previous], for every step of the word.")


@checks("sample_word", points=1)
def test_sample_word_frequencies_follow_the_model(student, rng):
    P, itos = sampler_model(rng)
    seeds = rng.choice(2**31, size=DRAWS, replace=False)
    what = f"sample_word(P, itos={itos}, rng) for P =\n{fmt(P)}\n"
    judge_frequencies(draw_words(student, P, itos, seeds, what), P, itos, what)


@checks("sample_word", points=0.25)
def test_sample_word_empty_word_when_dot_comes_first(student, rng):
    """P[0, 0] > 0: the empty word "" comes with that probability (binomial test)."""
    empty = float(rng.uniform(0.3, 0.6))
    P, itos = sampler_model(rng, empty)
    seeds = rng.choice(2**31, size=EMPTY_DRAWS, replace=False)
    what = f"sample_word(P, itos={itos}, rng) with P[0, 0] = {empty:.3f}, P =\n{fmt(P)}\n"
    words = draw_words(student, P, itos, seeds, what)
    k = sum(1 for w in words if w.replace(".", "") == "")
    p_value = float(scipy.stats.binomtest(k, len(words), empty).pvalue)
    expect_true(p_value >= P_VALUE,
                f"{what}: the empty word came {k} times in {len(words)} draws, expected about "
                f"{empty * len(words):.0f} (binomial p = {p_value:.2g}).",
                SAMPLE_NO_EMPTY if k == 0 else None)


@checks("sample_word", points=0.25)
def test_sample_word_returns_letters_only(student, rng):
    P, itos = sampler_model(rng)
    seeds = rng.choice(2**31, size=LETTER_DRAWS, replace=False)
    what = f"sample_word(P, itos={itos}, rng)"
    letters = set(itos[i] for i in range(1, 4))
    for w in draw_words(student, P, itos, seeds, what):
        if "." in w:
            fail(f"{what} returned {w!r}.", SAMPLE_DOT)
        expect_true(set(w) <= letters, f"{what} returned {w!r}: the word should be made of the "
                    f"letters itos names ({sorted(letters)}).")


@checks("sample_word", points=0.5)
def test_sample_word_randomness_from_rng_only(student, rng):
    """The same rng seeds under two different global NumPy/torch seeds: the same words."""
    P, itos = sampler_model(rng)
    seeds = rng.choice(2**31, size=SEED_DRAWS, replace=False)
    what = f"sample_word(P, itos={itos}, rng)"
    runs = []
    for global_seed in rng.choice(2**31, size=2, replace=False):
        student.probe("manual_seed", int(global_seed))
        runs.append(draw_words(student, P, itos, seeds, what))
    if runs[0] != runs[1]:
        i = next(i for i, (a, b) in enumerate(zip(*runs)) if a != b)
        fail(f"{what} with np.random.default_rng({int(seeds[i])}) gave {runs[0][i]!r}, then "
             f"{runs[1][i]!r} after another global seed.", SAMPLE_GLOBAL_RNG)


# == train_neural_bigram ==============================================================

def weights(value, V, what):
    if not isinstance(value, torch.Tensor):
        fail(f"{what} should return a torch.Tensor, got {type(value).__name__}")
    if tuple(value.shape) != (V, V):
        fail(f"{what} should return W of shape (V, V) = ({V}, {V}), got {tuple(value.shape)}")
    return value.detach().to(torch.float64)


def judge_training(student, rng, words, stoi, what, lr=LR, steps=STEPS):
    V = len(stoi)
    W = weights(call_valid(student, "train_neural_bigram", words, stoi, steps, lr,
                           TorchGenerator(int(rng.integers(2**31))), what=what), V, what)
    table = count_table(words, stoi)
    target = nll_of(table, table / np.maximum(table.sum(axis=1, keepdims=True), 1))
    logp = torch.log_softmax(W, dim=1).numpy()
    if not np.all(np.isfinite(logp)):
        fail(f"{what}: softmax(W) is not finite (W has nan or inf entries: did training "
             "diverge? use the MEAN cross-entropy over the pairs).")
    got = float(-np.sum(table * logp) / table.sum())
    expect_true(got <= target + NLL_GAP,
                f"{what}: the NLL of softmax(W) on the training words is {got:.4f} nats per "
                f"character, the count model's (alpha = 0) is {target:.4f}; expected within "
                f"{NLL_GAP} nats after {steps} steps of gradient descent at lr = {lr:g} on the "
                "mean cross-entropy of the NEXT symbol given the previous one (one-hot x @ W, "
                "softmax over each row).")


@checks("train_neural_bigram", points=1.25)
def test_train_neural_bigram_reaches_count_nll_on_census_names(student, rng):
    names = list(census_names())
    words = [names[i] for i in sorted(rng.choice(len(names), size=CENSUS_SUBSET, replace=False))]
    stoi = vocab_of(words)
    judge_training(student, rng, words, stoi, f"train_neural_bigram({CENSUS_SUBSET} census names, "
                   f"stoi, steps={STEPS}, lr={LR:g}, generator)")


@checks("train_neural_bigram", points=0.5)
def test_train_neural_bigram_reaches_count_nll_on_generated_words(student, rng):
    """A small random alphabet, a stoi in shuffled order."""
    alphabet = random_alphabet(rng, 3, 6)
    words = random_words(rng, alphabet, 40)
    symbols = list(rng.permutation(alphabet))
    stoi = {".": 0, **{str(c): i + 1 for i, c in enumerate(symbols)}}
    judge_training(student, rng, words, stoi, f"train_neural_bigram({words[:5]} ... ({len(words)} "
                   f"words), stoi={stoi}, steps={SMALL_STEPS}, lr={SMALL_LR:g}, generator)",
                   lr=SMALL_LR, steps=SMALL_STEPS)


def short_run(rng):
    words = random_words(rng, random_alphabet(rng, 3, 5), 8)
    return words, vocab_of(words), int(rng.integers(2**31))


@checks("train_neural_bigram", points=0.75)
def test_train_neural_bigram_same_generator_same_weights(student, rng):
    """Two runs with generators seeded alike under different global torch seeds."""
    words, stoi, seed = short_run(rng)
    what = f"train_neural_bigram({words}, stoi, steps=20, lr={SMALL_LR:g}, generator)"
    runs = []
    for global_seed in rng.choice(2**31, size=2, replace=False):
        student.probe("manual_seed", int(global_seed))
        runs.append(weights(call_valid(student, "train_neural_bigram", words, stoi, 20, SMALL_LR,
                                       TorchGenerator(seed), what=what), len(stoi), what))
    if not torch.equal(runs[0], runs[1]):
        fail(f"{what} twice, with torch.Generator().manual_seed({seed}) each time but "
             f"different global torch seeds, gave different W (largest difference "
             f"{float((runs[0] - runs[1]).abs().max()):.3g}).", TRAIN_GLOBAL_RNG)


@checks("train_neural_bigram", points=0.5)
def test_train_neural_bigram_leaves_global_rng_untouched(student, rng):
    """After torch.manual_seed(s) and a training run, the global generator must give what
    a fresh generator seeded with s gives (read through the returned tensor's own
    uniform_, on the student's side)."""
    words, stoi, seed = short_run(rng)
    global_seed = int(rng.integers(2**31))
    what = f"train_neural_bigram({words}, stoi, steps=20, lr={SMALL_LR:g}, generator)"
    student.probe("manual_seed", global_seed)
    handle = call_valid(student, "train_neural_bigram", words, stoi, 20, SMALL_LR, TorchGenerator(seed),
                        what=what, opaque=("all",))
    handles = [handle]
    try:
        handles.append(student.method(handle, "detach", opaque=("all",)))
        drawn = student.method(handles[-1], "uniform_")
    except StudentError as err:
        fail(f"{what} should return a torch.Tensor (its .detach().uniform_() raised "
             f"{err.type}: {err.message})")
    finally:
        student.release(*(h for h in handles if isinstance(h, Handle)))
    if not isinstance(drawn, torch.Tensor):
        fail(f"{what} should return a torch.Tensor, got {type(drawn).__name__}")
    expected = torch.empty(drawn.shape, dtype=drawn.dtype).uniform_(
        generator=torch.Generator().manual_seed(global_seed))
    expect_true(torch.equal(drawn, expected),
                f"after torch.manual_seed({global_seed}) and {what}, torch's global generator "
                "is no longer where the seed left it: training drew from (or reseeded) the "
                "global random state.", TRAIN_GLOBAL_RNG)


# == the losses =======================================================================

def loss_shapes(rng):
    return [(int(rng.integers(5, 40)),), (int(rng.integers(2, 5)), int(rng.integers(2, 6))), (1,)]


def regression_batch(rng, shape, spread=3.0):
    y = rng.normal(0, spread, shape)
    return y, y + rng.normal(0, spread, shape)


def judge_loss(student, name, args, expected, what, mistakes=None, kwargs=None):
    got = call_valid(student, name, *args, kwargs=kwargs, what=what)
    expect_true(isinstance(got, float), f"{what} should return a float, got {type(got).__name__}")
    expect_close(got, expected, what, tol="float", misconceptions=mistakes)


def fmt_args(*arrays):
    return ", ".join(fmt(np.asarray(a)) for a in arrays)


def expect_lists_like_arrays(student, name, rng):
    """Lists give a Python float, the value the same arrays give."""
    y, y_hat = regression_batch(rng, (int(rng.integers(3, 9)),))
    what = f"{name}({y.tolist()}, {y_hat.tolist()}) (lists)"
    listed, arrayed = calls_valid(student, name, [((y.tolist(), y_hat.tolist()), None),
                                                  ((y, y_hat), None)],
                                  [what, f"{name} of the same arrays"])
    expect_true(isinstance(listed, float), f"{what} should return a float, got "
                f"{type(listed).__name__}")
    expect_close(listed, as_float(arrayed, f"{name} of arrays"),
                 what + ", vs your answer for the same arrays")


@checks("mse", points=0.35)
def test_mse_matches_torch(student, rng):
    for shape in loss_shapes(rng):
        y, y_hat = regression_batch(rng, shape)
        expected = float(F.mse_loss(t64(y_hat), t64(y)))
        judge_loss(student, "mse", (y, y_hat), expected, f"mse({fmt_args(y, y_hat)})",
                   {RMSE: math.sqrt(expected), LOSS_SUM: expected * y.size})


@checks("mse", points=0.15)
def test_mse_lists_like_arrays(student, rng):
    expect_lists_like_arrays(student, "mse", rng)


@checks("mae", points=0.35)
def test_mae_matches_torch(student, rng):
    for shape in loss_shapes(rng):
        y, y_hat = regression_batch(rng, shape)
        expected = float(F.l1_loss(t64(y_hat), t64(y)))
        judge_loss(student, "mae", (y, y_hat), expected, f"mae({fmt_args(y, y_hat)})",
                   {MAE_NO_ABS: abs(float(np.mean(y - y_hat))), LOSS_SUM: expected * y.size})


@checks("mae", points=0.15)
def test_mae_lists_like_arrays(student, rng):
    expect_lists_like_arrays(student, "mae", rng)


def huber_mistakes(y, y_hat, delta, expected):
    r = np.abs(y - y_hat)
    return {SMOOTH_L1: expected / delta,
            HUBER_NO_HALF: float(np.mean(np.where(r <= delta, r ** 2, delta * (2 * r - delta)))),
            LOSS_SUM: expected * y.size}


@checks("huber", points=0.5)
def test_huber_matches_torch_default_delta(student, rng):
    """Residuals on both sides of delta = 1 (and of both signs)."""
    y, y_hat = regression_batch(rng, (int(rng.integers(8, 30)),), spread=1.2)
    expected = float(F.huber_loss(t64(y_hat), t64(y), delta=1.0))
    judge_loss(student, "huber", (y, y_hat), expected, f"huber({fmt_args(y, y_hat)})",
               huber_mistakes(y, y_hat, 1.0, expected))


@checks("huber", points=0.5)
def test_huber_matches_torch_other_deltas(student, rng):
    for delta in (float(rng.uniform(0.2, 0.8)), float(rng.uniform(1.5, 4.0))):
        y, y_hat = regression_batch(rng, (int(rng.integers(2, 4)), int(rng.integers(3, 8))),
                                    spread=delta * 1.2)
        expected = float(F.huber_loss(t64(y_hat), t64(y), delta=delta))
        judge_loss(student, "huber", (y, y_hat), expected,
                   f"huber({fmt_args(y, y_hat)}, delta={delta:.4g})",
                   huber_mistakes(y, y_hat, delta, expected), kwargs={"delta": delta})


def bce_torch(y, p):
    return float(F.binary_cross_entropy(t64(p), t64(y)))


@checks("binary_cross_entropy", points=0.5)
def test_binary_cross_entropy_matches_torch(student, rng):
    """Hard targets, then soft targets, probabilities in (0.01, 0.99)."""
    for soft in (False, True):
        n = int(rng.integers(5, 30))
        y = rng.uniform(0, 1, n) if soft else rng.integers(0, 2, n).astype(float)
        p = rng.uniform(0.01, 0.99, n)
        expected = bce_torch(y, p)
        with np.errstate(all="ignore"):
            swapped = float(-np.mean(p * np.log(y) + (1 - p) * np.log1p(-y)))
        judge_loss(student, "binary_cross_entropy", (y, p), expected,
                   f"binary_cross_entropy({fmt_args(y, p)})",
                   {BCE_SWAPPED: swapped, LOSS_SUM: expected * n,
                    LOG2: expected / math.log(2)})


@checks("binary_cross_entropy", points=0.35)
def test_binary_cross_entropy_inf_when_certain_and_wrong(student, rng):
    """One entry with y = 1 and p = 0 (or y = 0 and p = 1) among ordinary ones."""
    for bad_y in (1.0, 0.0):
        n = int(rng.integers(3, 10))
        y = rng.integers(0, 2, n).astype(float)
        p = rng.uniform(0.05, 0.95, n)
        i = int(rng.integers(n))
        y[i], p[i] = bad_y, 1.0 - bad_y
        what = f"binary_cross_entropy({fmt_args(y, p)}) (y = {bad_y:g} with p = {1 - bad_y:g})"
        got = as_float(call_valid(student, "binary_cross_entropy", y, p, what=what), what)
        expect_true(got == math.inf, f"{what}: got {got:.6g}, expected inf.",
                    BCE_CLAMPED if math.isfinite(got) else None)


@checks("binary_cross_entropy", points=0.15)
def test_binary_cross_entropy_certain_and_right_costs_nothing(student, rng):
    """y = p = 0 and y = p = 1 entries: 0 log 0 = 0 (torch gives the same value)."""
    n = int(rng.integers(4, 10))
    y = rng.integers(0, 2, n).astype(float)
    p = rng.uniform(0.05, 0.95, n)
    y[:2], p[:2] = [0.0, 1.0], [0.0, 1.0]
    what = f"binary_cross_entropy({fmt_args(y, p)}) (entries with p = y exactly)"
    got = as_float(call_valid(student, "binary_cross_entropy", y, p, what=what), what)
    if math.isnan(got):
        fail(f"{what}: got nan.", BCE_ZERO_LOG_ZERO)
    expect_close(got, bce_torch(y, p), what)


def bce_logits_torch(y, z):
    return float(F.binary_cross_entropy_with_logits(t64(z), t64(y)))


@checks("bce_with_logits", points=0.75)
def test_bce_with_logits_matches_torch(student, rng):
    for soft in (False, True):
        shape = (int(rng.integers(2, 4)), int(rng.integers(3, 9)))
        y = rng.uniform(0, 1, shape) if soft else rng.integers(0, 2, shape).astype(float)
        z = rng.normal(0, 4, shape)
        expected = bce_logits_torch(y, z)
        judge_loss(student, "bce_with_logits", (y, z), expected,
                   f"bce_with_logits({fmt_args(y, z)})", {LOSS_SUM: expected * y.size})


@checks("bce_with_logits", points=0.75)
def test_bce_with_logits_stable_at_large_logits(student, rng):
    """Logits of +-1000 and +-50 to 200, right and wrong, hard and soft targets."""
    z = np.array([1000.0, -1000.0, 1000.0, -1000.0, float(rng.uniform(50, 200)),
                  -float(rng.uniform(50, 200)), float(rng.normal())])
    y = np.array([1.0, 0.0, 0.0, 1.0, float(rng.integers(0, 2)), float(rng.uniform()),
                  float(rng.uniform())])
    order = rng.permutation(len(z))
    y, z = y[order], z[order]
    what = f"bce_with_logits({fmt_args(y, z)})"
    got = as_float(call_valid(student, "bce_with_logits", y, z, what=what), what)
    if not math.isfinite(got):
        fail(f"{what}: got {got}, expected {bce_logits_torch(y, z):.6g}.", BCE_LOGITS_NAIVE)
    expect_close(got, bce_logits_torch(y, z), what)


def focal_oracle(y, z, gamma, alpha):
    y, z = t64(y), t64(z)
    ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
    p = torch.sigmoid(z)
    p_t = p * y + (1 - p) * (1 - y)
    alpha_t = alpha * y + (1 - alpha) * (1 - y)
    return float((alpha_t * (1 - p_t) ** gamma * ce).mean()), p_t, ce, y


def focal_mistakes(y, z, gamma, alpha):
    expected, p_t, ce, yt = focal_oracle(y, z, gamma, alpha)
    return {FOCAL_ALPHA_SWAPPED: focal_oracle(y, z, gamma, 1 - alpha)[0],
            FOCAL_PT_POWER: float(((alpha * yt + (1 - alpha) * (1 - yt)) * p_t ** gamma * ce).mean()),
            FOCAL_NO_ALPHA: float(((1 - p_t) ** gamma * ce).mean()),
            LOSS_SUM: expected * np.size(y)}


@checks("focal_loss", points=0.75)
def test_focal_loss_matches_formula(student, rng):
    """Random gamma and alpha, hard then soft targets (torchvision's p_t and alpha_t)."""
    for soft in (False, True):
        n = int(rng.integers(6, 30))
        y = rng.uniform(0, 1, n) if soft else rng.integers(0, 2, n).astype(float)
        y[:2] = [0.0, 1.0] if not soft else y[:2]
        z = rng.normal(0, 3, n)
        gamma, alpha = float(rng.uniform(0.5, 3.0)), float(rng.uniform(0.1, 0.4))
        expected = focal_oracle(y, z, gamma, alpha)[0]
        judge_loss(student, "focal_loss", (y, z), expected,
                   f"focal_loss({fmt_args(y, z)}, gamma={gamma:.4g}, alpha={alpha:.4g})",
                   focal_mistakes(y, z, gamma, alpha), kwargs={"gamma": gamma, "alpha": alpha})


@checks("focal_loss", points=0.25)
def test_focal_loss_defaults(student, rng):
    n = int(rng.integers(6, 20))
    y = rng.integers(0, 2, n).astype(float)
    y[:2] = [0.0, 1.0]
    z = rng.normal(0, 3, n)
    judge_loss(student, "focal_loss", (y, z), focal_oracle(y, z, 2.0, 0.25)[0],
               f"focal_loss({fmt_args(y, z)}) (defaults gamma=2, alpha=0.25)",
               focal_mistakes(y, z, 2.0, 0.25))


@checks("focal_loss", points=0.5)
def test_focal_loss_stable_at_large_logits(student, rng):
    z = np.array([1000.0, -1000.0, 1000.0, -1000.0, float(rng.uniform(50, 200)),
                  float(rng.normal())])
    y = np.array([1.0, 0.0, 0.0, 1.0, 0.0, float(rng.integers(0, 2))])
    order = rng.permutation(len(z))
    y, z = y[order], z[order]
    gamma = float(rng.uniform(1.0, 3.0))
    what = f"focal_loss({fmt_args(y, z)}, gamma={gamma:.4g})"
    expected = focal_oracle(y, z, gamma, 0.25)[0]
    got = as_float(call_valid(student, "focal_loss", y, z, kwargs={"gamma": gamma}, what=what),
                   what)
    if not math.isfinite(got):
        fail(f"{what}: got {got}, expected {expected:.6g}.", BCE_LOGITS_NAIVE)
    expect_close(got, expected, what)
