"""How a score is written wherever people read it: the pages, the text
feedback, grades.csv and the LMS files."""


def number(value) -> str:
    """A score without float noise or exponent: 20, 7.5, 0.333333, 12500."""
    return f"{round(float(value), 6):.6f}".rstrip("0").rstrip(".")
