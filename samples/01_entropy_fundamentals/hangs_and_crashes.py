# a submission that hangs in one function, kills its own process in another, and guesses a third
import os


def entropy(p, base=2):
    while True:  # forgot to advance the loop
        pass


def huffman_code(probs):
    os._exit(1)


def cross_entropy(p, q, base=2):
    return 1.0  # a hard-coded guess
