"""Realistic wrong implementations (and alternative correct ones) for
04_vae_variational_inference. Each ``code`` redefines only what it breaks and is
self-contained: it is inserted before every test cell of the reference solution
(tests/mutants.py), so it must not refer to reference definitions at import
time. Names used inside function bodies are looked up when called, so a wrong
kl_standard_normal also reaches elbo, VAE.loss and train_vae. elbo, VAE.forward and
VAE.loss are graded on the student's own upstream functions (a mistake there costs
its points there, once); train_vae trains with them, so it is declared in ``also``
where the training objective changes."""

# the reference VAE's layers, shared by the wrong VAEs below (each bug is in one method)
_VAE_BASE = '''
import torch
import torch.nn.functional as F
from torch import nn
class VAE(nn.Module):
    def __init__(self, input_dim, hidden_dim, latent_dim):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(input_dim, hidden_dim), nn.ReLU())
        self.to_mu = nn.Linear(hidden_dim, latent_dim)
        self.to_logvar = nn.Linear(hidden_dim, latent_dim)
        self.decoder = nn.Sequential(nn.Linear(latent_dim, hidden_dim), nn.ReLU(),
                                     nn.Linear(hidden_dim, input_dim))
    def encode(self, x):
        h = self.encoder(x)
        return self.to_mu(h), self.to_logvar(h)
'''

_DISCRETE_CHECKS = '''
import numpy as np
def _checked(q, prior, likelihood_x):
    q, prior, lik = (np.asarray(a, dtype=float) for a in (q, prior, likelihood_x))
    if not (q.shape == prior.shape == lik.shape) or q.ndim != 1:
        raise ValueError("q, prior and likelihood_x must be vectors of the same length")
    for name, p in (("q", q), ("prior", prior)):
        if np.any(p < 0) or abs(p.sum() - 1) > 1e-6:
            raise ValueError(f"{name} is not a PMF")
    if np.any(lik < 0) or not np.all(np.isfinite(lik)):
        raise ValueError("likelihood_x must be finite and non-negative")
    return q, prior, lik
'''

WRONG = [
    # -- log_evidence -------------------------------------------------------------
    dict(name="log_evidence_in_linear_space", exercise="log_evidence",
         misconception="linear-space-underflow", code='''
import numpy as np
def log_evidence(prior, likelihood_x):
    prior = np.asarray(prior, dtype=float)
    likelihood_x = np.asarray(likelihood_x, dtype=float)
    if prior.shape != likelihood_x.shape or prior.ndim != 1:
        raise ValueError("prior and likelihood_x must be vectors of the same length")
    if np.any(prior < 0) or abs(prior.sum() - 1) > 1e-6 or not np.all(np.isfinite(likelihood_x)) \\
            or np.any(likelihood_x < 0):
        raise ValueError("invalid prior or likelihood")
    with np.errstate(divide="ignore"):
        return float(np.log(np.sum(prior * likelihood_x)))     # the product underflows
'''),
    dict(name="log_evidence_without_validation", exercise="log_evidence",
         misconception=None, code='''
import numpy as np
import scipy.special
def log_evidence(prior, likelihood_x):
    with np.errstate(divide="ignore"):
        return float(scipy.special.logsumexp(np.log(np.asarray(prior, float))
                                             + np.log(np.asarray(likelihood_x, float))))
'''),
    # -- discrete_elbo ------------------------------------------------------------
    dict(name="discrete_elbo_missing_entropy", exercise="discrete_elbo",
         misconception="elbo-missing-entropy", code=_DISCRETE_CHECKS + '''
def discrete_elbo(q, prior, likelihood_x):
    q, prior, lik = _checked(q, prior, likelihood_x)
    s = q > 0
    with np.errstate(divide="ignore"):
        return float(np.sum(q[s] * (np.log(prior[s]) + np.log(lik[s]))))   # E_q log p(x, z) only
'''),
    dict(name="discrete_elbo_zero_log_zero_nan", exercise="discrete_elbo",
         misconception="zero-log-zero-is-nan", code=_DISCRETE_CHECKS + '''
def discrete_elbo(q, prior, likelihood_x):
    q, prior, lik = _checked(q, prior, likelihood_x)
    with np.errstate(all="ignore"):
        return float(np.sum(q * (np.log(prior) + np.log(lik) - np.log(q))))
'''),
    # -- reparameterize -----------------------------------------------------------
    dict(name="reparameterize_logvar_as_std", exercise="reparameterize",
         misconception="logvar-as-std", also=("train_vae",), code='''
def reparameterize(mu, logvar, eps):
    return mu + logvar * eps
'''),
    dict(name="reparameterize_variance_as_std", exercise="reparameterize",
         misconception="logvar-as-std", also=("train_vae",), code='''
import torch
def reparameterize(mu, logvar, eps):
    return mu + torch.exp(logvar) * eps          # exp(logvar) is the variance, not sigma
'''),
    dict(name="reparameterize_in_place", exercise="reparameterize",
         misconception="tensor-modified-in-place", also=("VAE",), code='''
import torch
def reparameterize(mu, logvar, eps):
    return eps.mul_(torch.exp(0.5 * logvar)).add_(mu)     # reuses eps's memory
'''),
    # -- kl_standard_normal -------------------------------------------------------
    dict(name="kl_standard_normal_summed_over_batch", exercise="kl_standard_normal",
         misconception="vae-reduced-over-batch", also=("train_vae",), code='''
import torch
def kl_standard_normal(mu, logvar):
    return 0.5 * torch.sum(torch.exp(logvar) + mu ** 2 - 1 - logvar)
'''),
    dict(name="kl_standard_normal_variance_as_std", exercise="kl_standard_normal",
         misconception="logvar-as-std", also=("train_vae",), code='''
import torch
def kl_standard_normal(mu, logvar):
    sigma = torch.exp(logvar)
    return 0.5 * (sigma ** 2 + mu ** 2 - 1 - torch.log(sigma ** 2)).sum(-1)
'''),
    dict(name="kl_standard_normal_mean_over_latent", exercise="kl_standard_normal",
         misconception="vae-mean-instead-of-sum", also=("train_vae",), code='''
import torch
def kl_standard_normal(mu, logvar):
    return 0.5 * (torch.exp(logvar) + mu ** 2 - 1 - logvar).mean(-1)
'''),
    # -- gaussian_kl --------------------------------------------------------------
    dict(name="gaussian_kl_wrong_direction", exercise="gaussian_kl",
         misconception="kl-wrong-direction", code='''
import torch
def gaussian_kl(mu_q, logvar_q, mu_p, logvar_p):
    # KL(p || q): the expectation taken under the second distribution
    return 0.5 * (logvar_q - logvar_p + (torch.exp(logvar_p) + (mu_p - mu_q) ** 2)
                  / torch.exp(logvar_q) - 1).sum(-1)
'''),
    dict(name="gaussian_kl_missing_half", exercise="gaussian_kl",
         misconception="gaussian-kl-missing-half", code='''
import torch
def gaussian_kl(mu_q, logvar_q, mu_p, logvar_p):
    return (logvar_p - logvar_q + (torch.exp(logvar_q) + (mu_q - mu_p) ** 2)
            / torch.exp(logvar_p) - 1).sum(-1)
'''),
    # -- bernoulli_log_likelihood -------------------------------------------------
    dict(name="bernoulli_sigmoid_then_log", exercise="bernoulli_log_likelihood",
         misconception="sigmoid-then-log", also=("train_vae",), code='''
import torch
def bernoulli_log_likelihood(x, logits):
    p = torch.sigmoid(logits)
    return (x * torch.log(p) + (1 - x) * torch.log(1 - p)).sum(-1)
'''),
    dict(name="bernoulli_clamped_probabilities", exercise="bernoulli_log_likelihood",
         misconception="sigmoid-then-log", also=("train_vae",), code='''
import torch
def bernoulli_log_likelihood(x, logits):
    p = torch.sigmoid(logits).clamp(1e-7, 1 - 1e-7)
    return (x * torch.log(p) + (1 - x) * torch.log(1 - p)).sum(-1)
'''),
    dict(name="bernoulli_mean_over_pixels", exercise="bernoulli_log_likelihood",
         misconception="vae-mean-instead-of-sum", also=("train_vae",), code='''
import torch.nn.functional as F
def bernoulli_log_likelihood(x, logits):
    return -F.binary_cross_entropy_with_logits(logits, x, reduction="none").mean(-1)
'''),
    dict(name="bernoulli_returns_cross_entropy", exercise="bernoulli_log_likelihood",
         misconception="vae-log-likelihood-sign", also=("train_vae",), code='''
import torch.nn.functional as F
def bernoulli_log_likelihood(x, logits):
    return F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(-1)
'''),
    # -- elbo ---------------------------------------------------------------------
    dict(name="elbo_adds_kl", exercise="elbo", misconception="elbo-kl-added",
         also=("train_vae",), code='''
def elbo(x, logits, mu, logvar):
    return bernoulli_log_likelihood(x, logits) + kl_standard_normal(mu, logvar)
'''),
    dict(name="elbo_returns_the_loss", exercise="elbo", misconception="elbo-sign-flipped",
         also=("train_vae",), code='''
def elbo(x, logits, mu, logvar):
    return kl_standard_normal(mu, logvar) - bernoulli_log_likelihood(x, logits)
'''),
    # -- VAE ----------------------------------------------------------------------
    dict(name="vae_forward_samples_without_eps", exercise="VAE",
         misconception="vae-hidden-randomness", also=("train_vae",), code=_VAE_BASE + '''
    def decode(self, z):
        return self.decoder(z)
    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        if eps is None:
            eps = torch.randn_like(mu)               # hidden randomness
        return self.decode(mu + torch.exp(0.5 * logvar) * eps), mu, logvar
    def loss(self, x):
        logits, mu, logvar = self(x)
        return -elbo(x, logits, mu, logvar).mean()
'''),
    dict(name="vae_decoder_outputs_probabilities", exercise="VAE",
         misconception="vae-decoder-outputs-probabilities", also=("train_vae",),
         code=_VAE_BASE + '''
    def decode(self, z):
        return torch.sigmoid(self.decoder(z))
    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        z = mu if eps is None else mu + torch.exp(0.5 * logvar) * eps
        return self.decode(z), mu, logvar
    def loss(self, x):
        probs, mu, logvar = self(x)
        recon = F.binary_cross_entropy(probs, x, reduction="none").sum(-1)
        return (recon + kl_standard_normal(mu, logvar)).mean()
'''),
    dict(name="vae_loss_summed_over_batch", exercise="VAE",
         misconception="vae-loss-summed-over-batch", also=("train_vae",), code=_VAE_BASE + '''
    def decode(self, z):
        return self.decoder(z)
    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        z = mu if eps is None else mu + torch.exp(0.5 * logvar) * eps
        return self.decode(z), mu, logvar
    def loss(self, x):
        logits, mu, logvar = self(x)
        return -elbo(x, logits, mu, logvar).sum()
'''),
    dict(name="vae_forward_logvar_as_std", exercise="VAE", misconception="logvar-as-std",
         code=_VAE_BASE + '''
    def decode(self, z):
        return self.decoder(z)
    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        z = mu if eps is None else mu + logvar * eps
        return self.decode(z), mu, logvar
    def loss(self, x):
        logits, mu, logvar = self(x)
        return -elbo(x, logits, mu, logvar).mean()
'''),
    # -- train_vae ----------------------------------------------------------------
    dict(name="train_vae_global_rng", exercise="train_vae",
         misconception="global-rng-instead-of-generator", code='''
import torch
def train_vae(model, data, epochs, lr, generator):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = []
    for _ in range(epochs):
        order = torch.randperm(len(data))                      # no generator
        total = 0.0
        for start in range(0, len(data), 64):
            batch = data[order[start:start + 64]]
            mu, logvar = model.encode(batch)
            z = reparameterize(mu, logvar, torch.randn_like(mu))  # no generator
            loss = -elbo(batch, model.decode(z), mu, logvar).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        history.append(total / len(data))
    return history
'''),
    dict(name="train_vae_without_sampling", exercise="train_vae",
         misconception="vae-trained-without-sampling", code='''
import torch
def train_vae(model, data, epochs, lr, generator):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = []
    for _ in range(epochs):
        order = torch.randperm(len(data), generator=generator)
        total = 0.0
        for start in range(0, len(data), 64):
            batch = data[order[start:start + 64]]
            loss = model.loss(batch)                              # z = mu: nothing sampled
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        history.append(total / len(data))
    return history
'''),
    # z = mu with small minibatches: an epoch's order changes which examples share a step,
    # so two runs differ through the shuffle alone, and a check comparing two generator
    # seeds on distinct digits is fooled; on copies of one digit the runs are identical.
    dict(name="train_vae_without_sampling_small_minibatches", exercise="train_vae",
         misconception="vae-trained-without-sampling", code='''
import torch
def train_vae(model, data, epochs, lr, generator):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = []
    for _ in range(epochs):
        total = 0.0
        for idx in torch.randperm(len(data), generator=generator).split(16):
            batch = data[idx]
            loss = model.loss(batch)                              # z = mu: nothing sampled
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        history.append(total / len(data))
    return history
'''),
    dict(name="train_vae_reports_sum_of_batch_losses", exercise="train_vae",
         misconception=None, code='''
import torch
def train_vae(model, data, epochs, lr, generator):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = []
    for _ in range(epochs):
        order = torch.randperm(len(data), generator=generator)
        total = 0.0
        for start in range(0, len(data), 64):
            batch = data[order[start:start + 64]]
            mu, logvar = model.encode(batch)
            eps = torch.randn(mu.shape, generator=generator, dtype=mu.dtype)
            loss = -elbo(batch, model.decode(reparameterize(mu, logvar, eps)), mu, logvar).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()                                   # sum of batch means
        history.append(total)
    return history
'''),
    dict(name="train_vae_total_carried_across_epochs", exercise="train_vae",
         misconception=None, code='''
import torch
def train_vae(model, data, epochs, lr, generator):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history, total = [], 0.0                                       # set once, not per epoch
    for _ in range(epochs):
        order = torch.randperm(len(data), generator=generator)
        for start in range(0, len(data), 64):
            batch = data[order[start:start + 64]]
            mu, logvar = model.encode(batch)
            eps = torch.randn(mu.shape, generator=generator, dtype=mu.dtype)
            loss = -elbo(batch, model.decode(reparameterize(mu, logvar, eps)), mu, logvar).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        history.append(total / len(data))
    return history
'''),
    # -- iwae_bound ---------------------------------------------------------------
    dict(name="iwae_plain_mean_of_log_weights", exercise="iwae_bound",
         misconception="iwae-plain-mean-of-log-weights", code='''
def iwae_bound(log_weights):
    return log_weights.mean(dim=-1)
'''),
    dict(name="iwae_missing_log_k", exercise="iwae_bound",
         misconception="iwae-missing-log-k", code='''
import torch
def iwae_bound(log_weights):
    return torch.logsumexp(log_weights, dim=-1)
'''),
    dict(name="iwae_exp_before_log", exercise="iwae_bound",
         misconception="log-mean-exp-overflow", code='''
import torch
def iwae_bound(log_weights):
    return torch.log(torch.exp(log_weights).mean(dim=-1))
'''),
    # -- inputs modified in place (right values otherwise) ----------------------------
    # the pytorch/examples habit std = logvar.mul(0.5).exp_() with mul_ for mul: in a VAE
    # logvar is a non-leaf, so autograd does not object, but the caller's logvar becomes
    # sigma (VAE.forward returns it, the KL reads it); on a leaf that requires grad
    # autograd refuses the in-place op (reparameterize/gradients)
    dict(name="reparameterize_logvar_mul_in_place", exercise="reparameterize",
         misconception="tensor-modified-in-place", also=("VAE", "train_vae"), code='''
import torch
def reparameterize(mu, logvar, eps):
    std = logvar.mul_(0.5).exp_()
    return mu + std * eps
'''),
    # NumPy's max-shift habit: right values, the caller's tensor shifted (and, for a leaf
    # that requires grad, no autograd: iwae_bound/gradients)
    dict(name="iwae_shifts_log_weights_in_place", exercise="iwae_bound",
         misconception="tensor-modified-in-place", code='''
import torch
def iwae_bound(log_weights):
    top = log_weights.max(dim=-1, keepdim=True).values
    log_weights -= top
    return top.squeeze(-1) + torch.log(torch.exp(log_weights).mean(dim=-1))
'''),
    # z built in the caller's eps (a leaf without grad: autograd allows it): only
    # VAE/inputs_unchanged can see it
    dict(name="vae_forward_builds_z_in_eps", exercise="VAE",
         misconception="tensor-modified-in-place", code=_VAE_BASE + '''
    def decode(self, z):
        return self.decoder(z)
    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        z = mu if eps is None else eps.mul_(torch.exp(0.5 * logvar)).add_(mu)
        return self.decode(z), mu, logvar
    def loss(self, x):
        logits, mu, logvar = self(x)
        return -elbo(x, logits, mu, logvar).mean()
'''),
]

ALTERNATIVES = [
    dict(name="torch_distributions_everywhere", code='''
import math
import torch
from torch.distributions import Bernoulli, Independent, Normal, kl_divergence

def _diag(mu, logvar):
    return Independent(Normal(mu, torch.exp(0.5 * logvar)), 1)

def reparameterize(mu, logvar, eps):
    return torch.addcmul(mu, torch.exp(0.5 * logvar), eps)

def kl_standard_normal(mu, logvar):
    return kl_divergence(_diag(mu, logvar), _diag(torch.zeros_like(mu), torch.zeros_like(logvar)))

def gaussian_kl(mu_q, logvar_q, mu_p, logvar_p):
    return kl_divergence(_diag(mu_q, logvar_q), _diag(mu_p, logvar_p))

def bernoulli_log_likelihood(x, logits):
    return Independent(Bernoulli(logits=logits), 1).log_prob(x)

def elbo(x, logits, mu, logvar):
    return bernoulli_log_likelihood(x, logits) - kl_standard_normal(mu, logvar)

def iwae_bound(log_weights):
    k = log_weights.shape[-1]
    return torch.logsumexp(log_weights, dim=-1) - math.log(k)
'''),
    dict(name="hand_written_formulas", code='''
import math
import numpy as np
import torch
import torch.nn.functional as F

def _vector(values, name):
    a = np.array(values, dtype=np.float64).ravel() if np.ndim(values) == 1 else None
    if a is None or a.size == 0 or not np.isfinite(a).all() or (a < 0).any():
        raise ValueError(f"{name}: need a non-empty vector of finite non-negative numbers")
    return a

def _model(prior, likelihood_x):
    prior, lik = _vector(prior, "prior"), _vector(likelihood_x, "likelihood_x")
    if len(prior) != len(lik):
        raise ValueError("prior and likelihood_x differ in length")
    if abs(math.fsum(prior) - 1.0) > 1e-6:
        raise ValueError("prior does not sum to 1")
    return prior, lik

def log_evidence(prior, likelihood_x):
    prior, lik = _model(prior, likelihood_x)
    terms = [math.log(p) + math.log(l) for p, l in zip(prior, lik) if p > 0 and l > 0]
    if not terms:
        return -math.inf
    top = max(terms)
    return top + math.log(math.fsum(math.exp(t - top) for t in terms))

def discrete_elbo(q, prior, likelihood_x):
    prior, lik = _model(prior, likelihood_x)
    q = _vector(q, "q")
    if len(q) != len(prior) or abs(math.fsum(q) - 1.0) > 1e-6:
        raise ValueError("q must be a PMF over the same latent values")
    total = 0.0
    for qk, pk, lk in zip(q, prior, lik):
        if qk == 0:
            continue
        if pk == 0 or lk == 0:
            return -math.inf
        total += qk * (math.log(pk) + math.log(lk) - math.log(qk))
    return total

def reparameterize(mu, logvar, eps):
    return mu + eps * logvar.mul(0.5).exp()

def kl_standard_normal(mu, logvar):
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=-1)

def gaussian_kl(mu_q, logvar_q, mu_p, logvar_p):
    var_ratio = torch.exp(logvar_q - logvar_p)
    return 0.5 * torch.sum(var_ratio + (mu_q - mu_p) ** 2 / torch.exp(logvar_p)
                           - 1 - torch.log(var_ratio), dim=-1)

def bernoulli_log_likelihood(x, logits):
    return torch.sum(x * logits - F.softplus(logits), dim=-1)

def elbo(x, logits, mu, logvar):
    recon = -F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(-1)
    return recon - 0.5 * (mu * mu + logvar.exp() - 1 - logvar).sum(-1)

def iwae_bound(log_weights):
    top = log_weights.max(dim=-1, keepdim=True).values
    top = torch.where(torch.isfinite(top), top, torch.zeros_like(top)).detach()
    mean = torch.exp(log_weights - top).mean(dim=-1)
    return torch.log(mean) + top.squeeze(-1)
'''),
    dict(name="different_vae_architecture_and_training", code='''
import torch
import torch.nn.functional as F
from torch import nn

class VAE(nn.Module):
    """Two tanh layers each way, one encoder head producing mu and logvar together."""
    def __init__(self, input_dim, hidden_dim, latent_dim):
        super().__init__()
        self.latent_dim = latent_dim
        self.enc = nn.Sequential(nn.Linear(input_dim, hidden_dim), nn.Tanh(),
                                 nn.Linear(hidden_dim, hidden_dim), nn.Tanh(),
                                 nn.Linear(hidden_dim, 2 * latent_dim))
        self.dec = nn.Sequential(nn.Linear(latent_dim, hidden_dim), nn.Tanh(),
                                 nn.Linear(hidden_dim, hidden_dim), nn.Tanh(),
                                 nn.Linear(hidden_dim, input_dim))

    def encode(self, x):
        mu, logvar = torch.chunk(self.enc(x), 2, dim=-1)
        return mu, logvar

    def decode(self, z):
        return self.dec(z)

    def forward(self, x, eps=None):
        mu, logvar = self.encode(x)
        z = mu if eps is None else mu + torch.exp(0.5 * logvar) * eps
        return self.decode(z), mu, logvar

    def loss(self, x):
        logits, mu, logvar = self.forward(x)
        recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
        kl = 0.5 * torch.sum(logvar.exp() + mu ** 2 - 1 - logvar)
        return (recon + kl) / x.shape[0]

def train_vae(model, data, epochs, lr, generator):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    n, history = len(data), []
    for _ in range(epochs):
        losses, sizes = [], []
        for idx in torch.randperm(n, generator=generator).split(32):
            batch = data[idx]
            eps = torch.randn(len(idx), model.latent_dim, generator=generator)
            logits, mu, logvar = model(batch, eps)
            recon = F.binary_cross_entropy_with_logits(logits, batch, reduction="none").sum(1)
            kl = 0.5 * (logvar.exp() + mu ** 2 - 1 - logvar).sum(1)
            loss = (recon + kl).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            sizes.append(len(idx))
        history.append(sum(l * s for l, s in zip(losses, sizes)) / n)
    return history
'''),
    dict(name="full_batch_training", code='''
import torch
def train_vae(model, data, epochs, lr, generator):
    """Full-batch Adam: one step per epoch over all examples, one eps each."""
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = []
    for _ in range(epochs):
        mu, logvar = model.encode(data)
        eps = torch.randn(mu.shape, generator=generator, dtype=mu.dtype)
        loss = -elbo(data, model.decode(reparameterize(mu, logvar, eps)), mu, logvar).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        history.append(loss.item())
    return history
'''),
]
