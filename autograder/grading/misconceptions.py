"""Catalogue of known misconceptions: id -> what went wrong and how to think about it.

A check that recognises a wrong answer as one of these raises
``CheckFailure(..., misconception=ID)``; the feedback then names it.
Grader modules add their own entries with :func:`register`.
"""

CATALOGUE = {
    "natural-log-instead-of-bits": (
        "natural log instead of bits: the answer is off by a factor ln 2. Information "
        "in bits uses log base 2; divide a natural log by ln(base) to change base."),
    "kl-wrong-direction": (
        "KL in the wrong direction: KL(p||q) weights log(p/q) by p, not by q; "
        "the divergence is not symmetric."),
    "logvar-as-std": (
        "logvar used as a standard deviation: logvar = log sigma^2, so "
        "sigma = exp(logvar / 2) and sigma^2 = exp(logvar)."),
    "batchnorm-missing-1-over-n": (
        "a missing 1/N in the BatchNorm backward: the batch mean and variance are "
        "averages, so their gradients carry a factor 1/N."),
    "adam-no-bias-correction": (
        "no bias correction in Adam: m and v start at 0, so divide by (1 - beta^t)."),
    "bptt-drops-future-gradient": (
        "BPTT that drops the gradient flowing from later steps: dh_t must add the "
        "gradient arriving through h_{t+1} to the upstream dh[:, t]."),
}


def register(key, explanation):
    """Add an assignment-specific misconception. Ids are global: registering an
    existing id with another explanation is an error (reuse the id, or pick a
    more specific one)."""
    if CATALOGUE.setdefault(key, explanation) != explanation:
        raise ValueError(f"misconception {key!r} is already registered with another explanation")
    return key


def explain(key):
    return CATALOGUE.get(key, key)


#: What ``runner.run_check`` puts between a failed check's message and the
#: explanation of the misconception it names.
LOOKS_LIKE = " This looks like "


def split_feedback(feedback, key):
    """``(message, explanation)`` of a check's feedback naming misconception ``key``.

    The explanation is the one the feedback carries (as written when it was
    graded); without one, the catalogue's, unless the message already says it
    or the id is not catalogued in this process ('' then).
    """
    message, found, explanation = feedback.rpartition(LOOKS_LIKE)
    if found:
        return message, explanation
    known = explain(key)
    return feedback, "" if known == key or known in feedback else known


_SPELLING = {"kl": "KL", "bptt": "BPTT", "lstm": "LSTM", "rnn": "RNN", "vae": "VAE",
             "iwae": "IWAE", "elbo": "ELBO", "rng": "RNG", "nan": "NaN", "dwh": "dWh",
             "batchnorm": "BatchNorm", "layernorm": "LayerNorm", "pytorch": "PyTorch"}


def title(key):
    """A misconception id as a readable name: 'kl-wrong-direction' -> 'KL wrong direction'."""
    first, *rest = [_SPELLING.get(word, word) for word in key.split("-")]
    if first == key.split("-")[0]:
        first = first[:1].upper() + first[1:]
    return " ".join([first, *rest])


def detail(key, explanation):
    """``explanation`` without its opening 'name: ' when that name is the key's
    title (shown next to it already), the rest capitalised."""
    head, colon, rest = explanation.partition(": ")
    if colon and head.lower() == title(key).lower():
        return rest[:1].upper() + rest[1:]
    return explanation
