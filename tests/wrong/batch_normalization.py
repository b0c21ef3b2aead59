"""Realistic wrong implementations (and alternative correct ones) for
10_batch_normalization. Each ``code`` is appended to the reference solution,
so it only redefines what it breaks. The reference cache is a dict with keys
"mode", "centred", "std", "inv_std", "x_hat", "gamma" (BatchNorm) and
"x_hat", "inv_std", "gamma" (LayerNorm)."""

BACKWARDS = ("batchnorm_backward", "batchnorm_backward_alt")

# Correct pieces with the reference's cache format, defined afresh inside each
# ``code`` that needs them: the code is inserted before every test cell, so it
# must never wrap "the current" batchnorm_forward (the second insertion would
# wrap the wrong one and recurse).
_BN_FORWARD_OK = '''
import numpy as np
def _bn_forward_ok(x, gamma, beta, bn_param):
    x = np.asarray(x, dtype=float)
    gamma, beta = np.asarray(gamma, dtype=float), np.asarray(beta, dtype=float)
    mode = bn_param.get("mode")
    if mode not in ("train", "test"):
        raise ValueError(f"bn_param['mode'] must be 'train' or 'test', got {mode!r}")
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    d = x.shape[1]
    running_mean = np.asarray(bn_param.get("running_mean", np.zeros(d)), dtype=float)
    running_var = np.asarray(bn_param.get("running_var", np.ones(d)), dtype=float)
    if mode == "train":
        mean = x.mean(axis=0)
        centred = x - mean
        var = (centred ** 2).mean(axis=0)
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    else:
        centred, var = x - running_mean, running_var
    std = np.sqrt(var + eps)
    x_hat = centred / std
    return gamma * x_hat + beta, {"mode": mode, "centred": centred, "std": std,
                                  "inv_std": 1.0 / std, "x_hat": x_hat, "gamma": gamma}
'''

_BN_DX_OK = '''
import numpy as np
def _bn_dx_ok(dout, cache):
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    n = dout.shape[0]
    return gamma * inv_std / n * (n * dout - dout.sum(axis=0) - x_hat * (dout * x_hat).sum(axis=0))
'''

_LN_DX_OK = '''
import numpy as np
def _ln_dx_ok(dout, cache):
    x_hat, inv_std, gamma = cache["x_hat"], cache["inv_std"], cache["gamma"]
    d = dout.shape[1]
    a = dout * gamma
    return inv_std / d * (d * a - a.sum(axis=1, keepdims=True)
                          - x_hat * (a * x_hat).sum(axis=1, keepdims=True))
'''

WRONG = [
    # -- batchnorm_backward -------------------------------------------------------
    dict(name="bn_backward_missing_1_over_n_in_mean_node", exercise="batchnorm_backward",
         misconception="batchnorm-missing-1-over-n", code='''
import numpy as np
def batchnorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    centred, std, inv_std = cache["centred"], cache["std"], cache["inv_std"]
    x_hat, gamma = cache["x_hat"], cache["gamma"]
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dinv_std = (dx_hat * centred).sum(axis=0)
    dcentred = dx_hat * inv_std
    dvar = -dinv_std / std ** 2 / (2.0 * std)
    dcentred = dcentred + 2.0 * centred * dvar / n
    dmean = -dcentred.sum(axis=0)
    dx = dcentred + dmean            # forgot: d mean / d x_i = 1/N
    return dx, dgamma, dbeta
'''),
    dict(name="bn_backward_dgamma_dbeta_not_summed", exercise="batchnorm_backward",
         misconception="batchnorm-param-grads-not-summed", code=_BN_DX_OK + '''
def batchnorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    return _bn_dx_ok(dout, cache), dout * cache["x_hat"], dout   # per example, never summed
'''),
    dict(name="bn_backward_treats_mean_as_constant", exercise="batchnorm_backward",
         misconception=None, code='''
import numpy as np
def batchnorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    centred, std, inv_std = cache["centred"], cache["std"], cache["inv_std"]
    x_hat, gamma = cache["x_hat"], cache["gamma"]
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dinv_std = (dx_hat * centred).sum(axis=0)
    dvar = -dinv_std / std ** 2 / (2.0 * std)
    dx = dx_hat * inv_std + 2.0 * centred * dvar / n     # no path through the mean
    return dx, dgamma, dbeta
'''),
    # -- batchnorm_backward_alt ---------------------------------------------------
    dict(name="bn_backward_alt_sum_instead_of_mean", exercise="batchnorm_backward_alt",
         misconception="batchnorm-missing-1-over-n", code='''
import numpy as np
def batchnorm_backward_alt(dout, cache):
    dout = np.asarray(dout, dtype=float)
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = gamma * inv_std * (dout - dout.mean(axis=0) - x_hat * dgamma)   # dgamma needs / N
    return dx, dgamma, dbeta
'''),
    dict(name="bn_backward_alt_variance_instead_of_std", exercise="batchnorm_backward_alt",
         misconception=None, code='''
import numpy as np
def batchnorm_backward_alt(dout, cache):
    dout = np.asarray(dout, dtype=float)
    x_hat, gamma, std = cache["x_hat"], cache["gamma"], cache["std"]
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = gamma / (n * std ** 2) * (n * dout - dbeta - x_hat * dgamma)   # sigma^2, not sigma
    return dx, dgamma, dbeta
'''),
    # -- batchnorm_forward --------------------------------------------------------
    dict(name="bn_forward_momentum_swapped", exercise="batchnorm_forward",
         misconception="batchnorm-momentum-swapped", code=_BN_FORWARD_OK + '''
def batchnorm_forward(x, gamma, beta, bn_param):
    x = np.asarray(x, dtype=float)
    d = x.shape[1]
    old_mean = np.asarray(bn_param.get("running_mean", np.zeros(d)), dtype=float)
    old_var = np.asarray(bn_param.get("running_var", np.ones(d)), dtype=float)
    out, cache = _bn_forward_ok(x, gamma, beta, bn_param)
    if bn_param["mode"] == "train":
        m = bn_param.get("momentum", 0.9)
        bn_param["running_mean"] = (1 - m) * old_mean + m * x.mean(axis=0)
        bn_param["running_var"] = (1 - m) * old_var + m * x.var(axis=0)
    return out, cache
'''),
    dict(name="bn_forward_unbiased_running_var_like_torch", exercise="batchnorm_forward",
         misconception="batchnorm-unbiased-variance", code=_BN_FORWARD_OK + '''
def batchnorm_forward(x, gamma, beta, bn_param):
    x = np.asarray(x, dtype=float)
    old_var = np.asarray(bn_param.get("running_var", np.ones(x.shape[1])), dtype=float)
    out, cache = _bn_forward_ok(x, gamma, beta, bn_param)
    if bn_param["mode"] == "train":
        m = bn_param.get("momentum", 0.9)
        bn_param["running_var"] = m * old_var + (1 - m) * x.var(axis=0, ddof=1)
    return out, cache
'''),
    dict(name="bn_forward_normalises_with_unbiased_variance", exercise="batchnorm_forward",
         misconception="batchnorm-unbiased-variance", also=BACKWARDS, code='''
import numpy as np
def batchnorm_forward(x, gamma, beta, bn_param):
    x = np.asarray(x, dtype=float)
    mode = bn_param.get("mode")
    if mode not in ("train", "test"):
        raise ValueError(f"unknown mode {mode!r}")
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    d = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(d))
    running_var = bn_param.get("running_var", np.ones(d))
    if mode == "train":
        mean, var = x.mean(axis=0), x.var(axis=0, ddof=1)
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    else:
        mean, var = running_mean, running_var
    centred = x - mean
    std = np.sqrt(var + eps)
    x_hat = centred / std
    return gamma * x_hat + beta, {"mode": mode, "centred": centred, "std": std,
                                  "inv_std": 1 / std, "x_hat": x_hat, "gamma": np.asarray(gamma, float)}
'''),
    dict(name="bn_forward_eps_outside_sqrt", exercise="batchnorm_forward",
         misconception="batchnorm-eps-outside-sqrt", also=BACKWARDS, code='''
import numpy as np
def batchnorm_forward(x, gamma, beta, bn_param):
    x = np.asarray(x, dtype=float)
    mode = bn_param.get("mode")
    if mode not in ("train", "test"):
        raise ValueError(f"unknown mode {mode!r}")
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    d = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(d))
    running_var = bn_param.get("running_var", np.ones(d))
    if mode == "train":
        mean, var = x.mean(axis=0), x.var(axis=0)
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    else:
        mean, var = running_mean, running_var
    centred = x - mean
    std = np.sqrt(var) + eps
    x_hat = centred / std
    return gamma * x_hat + beta, {"mode": mode, "centred": centred, "std": std,
                                  "inv_std": 1 / std, "x_hat": x_hat, "gamma": np.asarray(gamma, float)}
'''),
    dict(name="bn_forward_batch_statistics_in_test_mode", exercise="batchnorm_forward",
         misconception="batchnorm-batch-stats-at-test", code=_BN_FORWARD_OK + '''
def batchnorm_forward(x, gamma, beta, bn_param):
    if bn_param.get("mode") == "test":
        x = np.asarray(x, dtype=float)
        eps = bn_param.get("eps", 1e-5)
        x_hat = (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)
        return gamma * x_hat + beta, None
    return _bn_forward_ok(x, gamma, beta, bn_param)
'''),
    dict(name="bn_forward_updates_running_stats_in_test_mode", exercise="batchnorm_forward",
         misconception="batchnorm-test-mode-updates-running-stats", code=_BN_FORWARD_OK + '''
def batchnorm_forward(x, gamma, beta, bn_param):
    out, cache = _bn_forward_ok(x, gamma, beta, bn_param)
    if bn_param["mode"] == "test":       # "keep the estimate fresh" -- but test data leak in
        x = np.asarray(x, dtype=float)
        d = x.shape[1]
        m = bn_param.get("momentum", 0.9)
        bn_param["running_mean"] = m * bn_param.get("running_mean", np.zeros(d)) + (1 - m) * x.mean(axis=0)
        bn_param["running_var"] = m * bn_param.get("running_var", np.ones(d)) + (1 - m) * x.var(axis=0)
    return out, cache
'''),
    dict(name="bn_forward_running_var_starts_at_zero", exercise="batchnorm_forward",
         misconception="batchnorm-running-var-init", code=_BN_FORWARD_OK + '''
def batchnorm_forward(x, gamma, beta, bn_param):
    d = np.shape(x)[1]
    bn_param.setdefault("running_mean", np.zeros(d))
    bn_param.setdefault("running_var", np.zeros(d))
    return _bn_forward_ok(x, gamma, beta, bn_param)
'''),
    dict(name="bn_forward_updates_a_copy_of_bn_param", exercise="batchnorm_forward",
         misconception="batchnorm-running-stats-not-updated", code=_BN_FORWARD_OK + '''
def batchnorm_forward(x, gamma, beta, bn_param):
    bn_param = dict(bn_param)            # "don't mutate arguments" -- applied to the wrong one
    return _bn_forward_ok(x, gamma, beta, bn_param)
'''),
    dict(name="bn_forward_centres_x_in_place", exercise="batchnorm_forward",
         misconception="modifies-input-in-place", code=_BN_FORWARD_OK + '''
def batchnorm_forward(x, gamma, beta, bn_param):
    out, cache = _bn_forward_ok(x, gamma, beta, bn_param)
    if isinstance(x, np.ndarray):
        x -= x.mean(axis=0)              # an in-place "optimisation" that clobbers the caller's x
    return out, cache
'''),
    dict(name="bn_forward_unknown_mode_falls_back_to_test", exercise="batchnorm_forward",
         misconception=None, code=_BN_FORWARD_OK + '''
def batchnorm_forward(x, gamma, beta, bn_param):
    if bn_param.get("mode") != "train":
        bn_param = dict(bn_param, mode="test")
        out, cache = _bn_forward_ok(x, gamma, beta, bn_param)
        return out, cache
    return _bn_forward_ok(x, gamma, beta, bn_param)
'''),
    dict(name="bn_forward_one_pass_variance", exercise="batchnorm_forward",
         misconception=None, also=BACKWARDS, code='''
import numpy as np
def batchnorm_forward(x, gamma, beta, bn_param):
    x = np.asarray(x, dtype=float)
    mode = bn_param.get("mode")
    if mode not in ("train", "test"):
        raise ValueError(f"unknown mode {mode!r}")
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    d = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(d))
    running_var = bn_param.get("running_var", np.ones(d))
    if mode == "train":
        mean = x.mean(axis=0)
        var = np.maximum((x ** 2).mean(axis=0) - mean ** 2, 0.0)     # E[x^2] - E[x]^2
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    else:
        mean, var = running_mean, running_var
    centred = x - mean
    std = np.sqrt(var + eps)
    x_hat = centred / std
    return gamma * x_hat + beta, {"mode": mode, "centred": centred, "std": std,
                                  "inv_std": 1 / std, "x_hat": x_hat, "gamma": np.asarray(gamma, float)}
'''),
    # -- layernorm_forward --------------------------------------------------------
    # The backward below is consistent with this forward, so the grader accepts it
    # (gradient of the student's own forward) when the code runs after the reference;
    # placed inside layernorm_forward's answer cell, the reference layernorm_backward
    # defined later replaces it and then loses points too -- hence ``also``.
    dict(name="ln_forward_over_batch_axis", exercise="layernorm_forward",
         misconception="layernorm-over-batch-axis", also=("layernorm_backward",), code='''
import numpy as np
def layernorm_forward(x, gamma, beta, ln_param):
    x = np.asarray(x, dtype=float)
    eps = ln_param.get("eps", 1e-5)
    mean = x.mean(axis=0)                 # axis 0: that is BatchNorm
    inv_std = 1.0 / np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, {"x_hat": x_hat, "inv_std": inv_std, "gamma": np.asarray(gamma, float)}
def layernorm_backward(dout, cache):       # consistent with the forward above
    dout = np.asarray(dout, dtype=float)
    x_hat, inv_std, gamma = cache["x_hat"], cache["inv_std"], cache["gamma"]
    n = dout.shape[0]
    dbeta, dgamma = dout.sum(axis=0), (dout * x_hat).sum(axis=0)
    dx = gamma * inv_std / n * (n * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
'''),
    dict(name="ln_forward_unbiased_variance", exercise="layernorm_forward",
         misconception="batchnorm-unbiased-variance", also=("layernorm_backward",), code='''
import numpy as np
def layernorm_forward(x, gamma, beta, ln_param):
    x = np.asarray(x, dtype=float)
    eps = ln_param.get("eps", 1e-5)
    mean = x.mean(axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(x.var(axis=1, ddof=1, keepdims=True) + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, {"x_hat": x_hat, "inv_std": inv_std, "gamma": np.asarray(gamma, float)}
'''),
    # -- layernorm_backward -------------------------------------------------------
    dict(name="ln_backward_gamma_outside_the_sums", exercise="layernorm_backward",
         misconception="layernorm-gamma-outside-sum", code='''
import numpy as np
def layernorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    x_hat, inv_std, gamma = cache["x_hat"], cache["inv_std"], cache["gamma"]
    d = dout.shape[1]
    dbeta, dgamma = dout.sum(axis=0), (dout * x_hat).sum(axis=0)
    dx = gamma * inv_std / d * (d * dout - dout.sum(axis=1, keepdims=True)
                                - x_hat * (dout * x_hat).sum(axis=1, keepdims=True))
    return dx, dgamma, dbeta
'''),
    dict(name="ln_backward_param_grads_over_features", exercise="layernorm_backward",
         misconception="layernorm-param-grads-wrong-axis", code=_LN_DX_OK + '''
def layernorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    dx = _ln_dx_ok(dout, cache)
    return dx, (dout * cache["x_hat"]).sum(axis=1), dout.sum(axis=1)   # axis 1 everywhere
'''),
    dict(name="ln_backward_missing_1_over_d", exercise="layernorm_backward",
         misconception="batchnorm-missing-1-over-n", code='''
import numpy as np
def layernorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    x_hat, inv_std, gamma = cache["x_hat"], cache["inv_std"], cache["gamma"]
    a = dout * gamma
    dx = inv_std * (a - a.sum(axis=1, keepdims=True) - x_hat * (a * x_hat).sum(axis=1, keepdims=True))
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
'''),
    # -- one property each: inputs unchanged, cache reusable, shapes, defaults, lists ----
    # Each loses only the check of its property (its matches_autograd for a shape).
    dict(name="bn_backward_pops_the_cache", exercise="batchnorm_backward",
         misconception="cache-not-reusable", code='''
import numpy as np
def batchnorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    x_hat = cache.pop("x_hat")               # "free the memory": the cache is used up
    centred, std, inv_std, gamma = cache["centred"], cache["std"], cache["inv_std"], cache["gamma"]
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dinv_std = (dx_hat * centred).sum(axis=0)
    dcentred = dx_hat * inv_std
    dvar = -dinv_std / std ** 2 / (2.0 * std)
    dcentred = dcentred + 2.0 * centred * dvar / n
    return dcentred - dcentred.sum(axis=0) / n, dgamma, dbeta
'''),
    dict(name="bn_backward_scales_dout_in_place", exercise="batchnorm_backward",
         misconception="modifies-input-in-place", code='''
import numpy as np
def batchnorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)     # no copy for a float64 array
    centred, std, inv_std = cache["centred"], cache["std"], cache["inv_std"]
    x_hat, gamma = cache["x_hat"], cache["gamma"]
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dout *= gamma                            # dx_hat, in the same buffer: the caller's dout
    dinv_std = (dout * centred).sum(axis=0)
    dcentred = dout * inv_std
    dvar = -dinv_std / std ** 2 / (2.0 * std)
    dcentred = dcentred + 2.0 * centred * dvar / n
    return dcentred - dcentred.sum(axis=0) / n, dgamma, dbeta
'''),
    dict(name="bn_backward_param_grads_keepdims", exercise="batchnorm_backward",
         misconception="reduced-with-keepdims", code=_BN_DX_OK + '''
def batchnorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    dgamma = (dout * cache["x_hat"]).sum(axis=0, keepdims=True)   # shape (1, D)
    dbeta = dout.sum(axis=0, keepdims=True)
    return _bn_dx_ok(dout, cache), dgamma, dbeta
'''),
    dict(name="bn_backward_alt_centres_dout_in_place", exercise="batchnorm_backward_alt",
         misconception="modifies-input-in-place", code='''
import numpy as np
def batchnorm_backward_alt(dout, cache):
    dout = np.asarray(dout, dtype=float)
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dout -= dout.mean(axis=0)                # centre the upstream gradient in place
    return gamma * inv_std * (dout - x_hat * dgamma / n), dgamma, dbeta
'''),
    dict(name="bn_backward_alt_rescales_the_cached_x_hat", exercise="batchnorm_backward_alt",
         misconception="cache-not-reusable", code='''
import numpy as np
def batchnorm_backward_alt(dout, cache):
    dout = np.asarray(dout, dtype=float)
    x_hat, gamma, inv_std = cache["x_hat"], cache["gamma"], cache["inv_std"]
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    x_hat *= dgamma / n                      # reuse the cached array: x_hat * dgamma / N
    return gamma * inv_std * (dout - dout.mean(axis=0) - x_hat), dgamma, dbeta
'''),
    dict(name="bn_forward_momentum_defaults_to_torchs_0_1", exercise="batchnorm_forward",
         misconception=None, code='''
import numpy as np
def batchnorm_forward(x, gamma, beta, bn_param):
    x = np.asarray(x, dtype=float)
    mode = bn_param.get("mode")
    if mode not in ("train", "test"):
        raise ValueError(f"unknown mode {mode!r}")
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.1)    # PyTorch's default, with this course's rule
    d = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(d))
    running_var = bn_param.get("running_var", np.ones(d))
    if mode == "train":
        mean, var = x.mean(axis=0), x.var(axis=0)
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
    else:
        mean, var = running_mean, running_var
    centred = x - mean
    std = np.sqrt(var + eps)
    x_hat = centred / std
    return gamma * x_hat + beta, {"mode": mode, "centred": centred, "std": std,
                                  "inv_std": 1 / std, "x_hat": x_hat, "gamma": np.asarray(gamma, float)}
'''),
    dict(name="bn_forward_takes_the_shape_of_x", exercise="batchnorm_forward",
         misconception=None, code=_BN_FORWARD_OK + '''
def batchnorm_forward(x, gamma, beta, bn_param):
    n, d = x.shape                           # a list has no .shape
    return _bn_forward_ok(x, gamma, beta, bn_param)
'''),
    dict(name="ln_forward_centres_x_in_place", exercise="layernorm_forward",
         misconception="modifies-input-in-place", code='''
import numpy as np
def layernorm_forward(x, gamma, beta, ln_param):
    x = np.asarray(x, dtype=float)           # no copy for a float64 array
    gamma, beta = np.asarray(gamma, dtype=float), np.asarray(beta, dtype=float)
    eps = ln_param.get("eps", 1e-5)
    x -= x.mean(axis=1, keepdims=True)       # centre in place: "saves a copy of the batch"
    inv_std = 1.0 / np.sqrt((x ** 2).mean(axis=1, keepdims=True) + eps)
    x_hat = x * inv_std
    return gamma * x_hat + beta, {"x_hat": x_hat, "inv_std": inv_std, "gamma": gamma}
'''),
    dict(name="ln_forward_requires_eps", exercise="layernorm_forward",
         misconception=None, code='''
import numpy as np
def layernorm_forward(x, gamma, beta, ln_param):
    x = np.asarray(x, dtype=float)
    gamma, beta = np.asarray(gamma, dtype=float), np.asarray(beta, dtype=float)
    eps = ln_param["eps"]                    # KeyError when ln_param = {}
    mean = x.mean(axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(((x - mean) ** 2).mean(axis=1, keepdims=True) + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, {"x_hat": x_hat, "inv_std": inv_std, "gamma": gamma}
'''),
    dict(name="ln_backward_param_grads_keepdims", exercise="layernorm_backward",
         misconception="reduced-with-keepdims", code=_LN_DX_OK + '''
def layernorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    dgamma = (dout * cache["x_hat"]).sum(axis=0, keepdims=True)   # shape (1, D)
    return _ln_dx_ok(dout, cache), dgamma, dout.sum(axis=0, keepdims=True)
'''),
    dict(name="ln_backward_clears_the_cache", exercise="layernorm_backward",
         misconception="cache-not-reusable", code=_LN_DX_OK + '''
def layernorm_backward(dout, cache):
    dout = np.asarray(dout, dtype=float)
    dx = _ln_dx_ok(dout, cache)
    dgamma, dbeta = (dout * cache["x_hat"]).sum(axis=0), dout.sum(axis=0)
    cache.clear()                            # "release the memory" -- the caller's cache
    return dx, dgamma, dbeta
'''),
]

ALTERNATIVES = [
    dict(name="staged_graph_with_tuple_cache", code='''
import numpy as np
def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"] if "mode" in bn_param else None
    if mode != "train" and mode != "test":
        raise ValueError("mode must be train or test")
    x = np.array(x, dtype=np.float64)
    N, D = x.shape
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    bn_param.setdefault("running_mean", np.zeros(D, dtype=x.dtype))
    bn_param.setdefault("running_var", np.ones(D, dtype=x.dtype))
    if mode == "test":
        xhat = (x - bn_param["running_mean"]) / np.sqrt(bn_param["running_var"] + eps)
        return np.asarray(gamma) * xhat + np.asarray(beta), ("test", xhat, gamma, bn_param["running_var"], eps)
    mu = 1.0 / N * np.sum(x, axis=0)
    xmu = x - mu
    sq = xmu ** 2
    var = 1.0 / N * np.sum(sq, axis=0)
    sqrtvar = np.sqrt(var + eps)
    ivar = 1.0 / sqrtvar
    xhat = xmu * ivar
    gammax = np.asarray(gamma) * xhat
    out = gammax + np.asarray(beta)
    bn_param["running_mean"] = momentum * bn_param["running_mean"] + (1 - momentum) * mu
    bn_param["running_var"] = momentum * bn_param["running_var"] + (1 - momentum) * var
    return out, ("train", xhat, np.asarray(gamma, dtype=float), xmu, ivar, sqrtvar, var, eps)

def batchnorm_backward(dout, cache):
    dout = np.array(dout, dtype=float)
    _, xhat, gamma, xmu, ivar, sqrtvar, var, eps = cache
    N, D = dout.shape
    dbeta = np.sum(dout, axis=0)
    dgammax = dout
    dgamma = np.sum(dgammax * xhat, axis=0)
    dxhat = dgammax * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -1.0 / (sqrtvar ** 2) * divar
    dvar = 0.5 * 1.0 / np.sqrt(var + eps) * dsqrtvar
    dsq = 1.0 / N * np.ones((N, D)) * dvar
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -1 * np.sum(dxmu1 + dxmu2, axis=0)
    dx2 = 1.0 / N * np.ones((N, D)) * dmu
    return dx1 + dx2, dgamma, dbeta

def batchnorm_backward_alt(dout, cache):
    dout = np.array(dout, dtype=float)
    _, xhat, gamma, xmu, ivar, sqrtvar, var, eps = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dxhat = dout * gamma
    dx = ivar * (dxhat - dxhat.mean(axis=0) - xhat * (dxhat * xhat).mean(axis=0))
    return dx, dgamma, dbeta
'''),
    dict(name="loop_over_features", code='''
import numpy as np
def batchnorm_forward(x, gamma, beta, bn_param):
    x = np.asarray(x, dtype=float)
    gamma, beta = np.asarray(gamma, dtype=float), np.asarray(beta, dtype=float)
    mode = bn_param.get("mode")
    if mode not in ("train", "test"):
        raise ValueError(f"bn_param['mode'] is {mode!r}; use 'train' or 'test'")
    eps, m = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    n, d = x.shape
    rm = np.array(bn_param.get("running_mean", np.zeros(d)), dtype=float)
    rv = np.array(bn_param.get("running_var", np.ones(d)), dtype=float)
    out = np.empty_like(x)
    cache = {"mode": mode, "columns": []}
    for j in range(d):
        col = x[:, j]
        if mode == "train":
            mu = col.mean()
            var = np.mean((col - mu) ** 2)
            rm[j] = m * rm[j] + (1 - m) * mu
            rv[j] = m * rv[j] + (1 - m) * var
        else:
            mu, var = rm[j], rv[j]
        s = np.sqrt(var + eps)
        xh = (col - mu) / s
        out[:, j] = gamma[j] * xh + beta[j]
        cache["columns"].append((xh, s, gamma[j]))
    if mode == "train":
        bn_param["running_mean"], bn_param["running_var"] = rm, rv
    return out, cache

def _column_grads(dout, cache, closed):
    dout = np.asarray(dout, dtype=float)
    n, d = dout.shape
    dx, dgamma, dbeta = np.empty_like(dout), np.empty(d), np.empty(d)
    for j, (xh, s, g) in enumerate(cache["columns"]):
        dy = dout[:, j]
        dbeta[j] = dy.sum()
        dgamma[j] = np.dot(dy, xh)
        if closed:
            dx[:, j] = g / (n * s) * (n * dy - dy.sum() - xh * np.dot(dy, xh))
        else:
            c = xh * s
            dxh = g * dy
            dr = np.dot(dxh, c)
            dc = dxh / s + 2 * c / n * (-dr / s ** 2) / (2 * s)
            dx[:, j] = dc - dc.sum() / n
    return dx, dgamma, dbeta

def batchnorm_backward(dout, cache):
    return _column_grads(dout, cache, closed=False)

def batchnorm_backward_alt(dout, cache):
    return _column_grads(dout, cache, closed=True)
'''),
    dict(name="layernorm_as_transposed_batchnorm", code='''
import numpy as np
def layernorm_forward(x, gamma, beta, ln_param):
    xt = np.asarray(x, dtype=float).T              # features become the "batch"
    d = xt.shape[0]
    eps = ln_param.get("eps", 1e-5)
    mu = xt.sum(axis=0) / d
    xmu = xt - mu
    var = (xmu ** 2).sum(axis=0) / d
    ivar = 1.0 / np.sqrt(var + eps)
    xhat = (xmu * ivar).T
    return np.asarray(gamma) * xhat + np.asarray(beta), (xhat, ivar, np.asarray(gamma, dtype=float))

def layernorm_backward(dout, cache):
    xhat, ivar, gamma = cache
    dout = np.asarray(dout, dtype=float)
    dgamma, dbeta = (dout * xhat).sum(axis=0), dout.sum(axis=0)
    dxhat_t = (dout * gamma).T                      # back to the transposed picture
    xhat_t = xhat.T
    d = xhat_t.shape[0]
    dx_t = ivar / d * (d * dxhat_t - dxhat_t.sum(axis=0) - xhat_t * (dxhat_t * xhat_t).sum(axis=0))
    return dx_t.T, dgamma, dbeta
'''),
    dict(name="lists_loops_and_short_helper_names", code='''
import math
import numpy as np

def _f(a):
    """Floats in (nested) lists, from any array-like."""
    a = a.tolist() if hasattr(a, "tolist") else a
    if len(a) and isinstance(a[0], (list, tuple)):
        return [[float(v) for v in row] for row in a]
    return [float(v) for v in a]

def _x(values, eps, mean=None, var=None):
    """(x_hat, std) of a list of values, from its own statistics unless given."""
    n = len(values)
    if mean is None:
        mean = sum(values) / n
        var = sum((v - mean) ** 2 for v in values) / n
    s = math.sqrt(var + eps)
    return [(v - mean) / s for v in values], s, mean, var

def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param.get("mode")
    if mode not in ("train", "test"):
        raise ValueError(f"bn_param['mode'] must be 'train' or 'test', not {mode!r}")
    rows, g, b = _f(x), _f(gamma), _f(beta)
    n, d = len(rows), len(g)
    eps, m = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    rm = _f(bn_param.get("running_mean", [0.0] * d))
    rv = _f(bn_param.get("running_var", [1.0] * d))
    cols, stds = [], []
    for j in range(d):
        col = [r[j] for r in rows]
        if mode == "train":
            xh, s, mu, var = _x(col, eps)
            rm[j] = m * rm[j] + (1 - m) * mu
            rv[j] = m * rv[j] + (1 - m) * var
        else:
            xh, s, _, _ = _x(col, eps, rm[j], rv[j])
        cols.append(xh)
        stds.append(s)
    if mode == "train":
        bn_param["running_mean"], bn_param["running_var"] = np.array(rm), np.array(rv)
    out = [[g[j] * cols[j][i] + b[j] for j in range(d)] for i in range(n)]
    return np.array(out), {"cols": cols, "stds": stds, "g": g}

def batchnorm_backward(dout, cache):
    rows = _f(dout)
    n, d = len(rows), len(cache["g"])
    dx = [[0.0] * d for _ in range(n)]
    dgamma, dbeta = [0.0] * d, [0.0] * d
    for j in range(d):
        dy = [r[j] for r in rows]
        xh, s, g = cache["cols"][j], cache["stds"][j], cache["g"][j]
        dbeta[j] = sum(dy)
        dgamma[j] = sum(a * c for a, c in zip(dy, xh))
        c = [v * s for v in xh]                              # x - mean
        dxh = [g * v for v in dy]
        dinv = sum(a * b for a, b in zip(dxh, c))
        dvar = -dinv / s ** 2 / (2 * s)
        dc = [a / s + 2 * b * dvar / n for a, b in zip(dxh, c)]
        dmean = -sum(dc)
        for i in range(n):
            dx[i][j] = dc[i] + dmean / n
    return np.array(dx), np.array(dgamma), np.array(dbeta)

def batchnorm_backward_alt(dout, cache):
    rows = _f(dout)
    n, d = len(rows), len(cache["g"])
    dx = [[0.0] * d for _ in range(n)]
    dgamma, dbeta = [0.0] * d, [0.0] * d
    for j in range(d):
        dy = [r[j] for r in rows]
        xh, s, g = cache["cols"][j], cache["stds"][j], cache["g"][j]
        dbeta[j] = sum(dy)
        dgamma[j] = sum(a * c for a, c in zip(dy, xh))
        for i in range(n):
            dx[i][j] = g / (n * s) * (n * dy[i] - dbeta[j] - xh[i] * dgamma[j])
    return np.array(dx), np.array(dgamma), np.array(dbeta)

def layernorm_forward(x, gamma, beta, ln_param):
    rows, g, b = _f(x), _f(gamma), _f(beta)
    eps = ln_param.get("eps", 1e-5)
    xhs, stds = [], []
    for r in rows:
        xh, s, _, _ = _x(r, eps)
        xhs.append(xh)
        stds.append(s)
    out = [[g[j] * xh[j] + b[j] for j in range(len(g))] for xh in xhs]
    return np.array(out), {"xhs": xhs, "stds": stds, "g": g}

def layernorm_backward(dout, cache):
    g = cache["g"]
    d = len(g)
    dx, dgamma, dbeta = [], [0.0] * d, [0.0] * d
    for dy, xh, s in zip(_f(dout), cache["xhs"], cache["stds"]):
        a = [g[j] * dy[j] for j in range(d)]
        sa, sax = sum(a), sum(p * q for p, q in zip(a, xh))
        dx.append([(d * a[j] - sa - xh[j] * sax) / (d * s) for j in range(d)])
        for j in range(d):
            dgamma[j] += dy[j] * xh[j]
            dbeta[j] += dy[j]
    return np.array(dx), np.array(dgamma), np.array(dbeta)
'''),
]
