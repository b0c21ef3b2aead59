# a file with a syntax error: nothing can be defined, so nothing can be graded
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param)
    return x, None
