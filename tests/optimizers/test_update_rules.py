"""Each optimizer's first three steps against a NumPy reference of its update rule."""

import numpy as np
import pytest

import kbackend
from kbackend import ops, optimizers

W0 = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]], dtype="float32")
GRADS = [
    np.array([[0.1, -0.2, 0.3], [0.4, -0.5, 0.6]], dtype="float32"),
    np.array([[-0.3, 0.1, 0.2], [0.05, 0.5, -0.4]], dtype="float32"),
    np.array([[0.2, 0.2, -0.1], [-0.6, 0.3, 0.1]], dtype="float32"),
]


def sgd_ref(lr=0.1, momentum=0.9, nesterov=False):
    w, m = W0.astype("float64"), 0.0
    for g in GRADS:
        if momentum == 0:
            w = w - lr * g
            continue
        m = momentum * m - lr * g
        w = w + (momentum * m - lr * g if nesterov else m)
    return w


def rmsprop_ref(lr=0.1, rho=0.9, momentum=0.5, eps=1e-7, centered=True):
    w, v, a, mom = W0.astype("float64"), 0.0, 0.0, 0.0
    for g in GRADS:
        v = rho * v + (1 - rho) * g**2
        if centered:
            a = rho * a + (1 - rho) * g
            den = v - a**2 + eps
        else:
            den = v + eps
        inc = lr * g / np.sqrt(den)
        if momentum:
            mom = momentum * mom + inc
            w = w - mom
        else:
            w = w - inc
    return w


def adam_ref(lr=0.1, b1=0.9, b2=0.999, eps=1e-7, amsgrad=False, wd=None):
    w, m, v, vh = W0.astype("float64"), 0.0, 0.0, 0.0
    for t, g in enumerate(GRADS, 1):
        if wd:
            w = w - w * wd * lr
        m = m + (g - m) * (1 - b1)
        v = v + (g**2 - v) * (1 - b2)
        if amsgrad:
            vh = np.maximum(vh, v)
        alpha = lr * np.sqrt(1 - b2**t) / (1 - b1**t)
        w = w - m * alpha / (np.sqrt(vh if amsgrad else v) + eps)
    return w


def adadelta_ref(lr=1.0, rho=0.95, eps=1e-7):
    w, ag, ad = W0.astype("float64"), 0.0, 0.0
    for g in GRADS:
        ag = rho * ag + (1 - rho) * g**2
        delta = -np.sqrt(ad + eps) * g / np.sqrt(ag + eps)
        ad = rho * ad + (1 - rho) * delta**2
        w = w + lr * delta
    return w


def adagrad_ref(lr=0.1, init=0.1, eps=1e-7):
    w, acc = W0.astype("float64"), init
    for g in GRADS:
        acc = acc + g**2
        w = w - lr * g / np.sqrt(acc + eps)
    return w


def adamax_ref(lr=0.1, b1=0.9, b2=0.999, eps=1e-7):
    w, m, u = W0.astype("float64"), 0.0, 0.0
    for t, g in enumerate(GRADS, 1):
        m = m + (g - m) * (1 - b1)
        u = np.maximum(b2 * u, np.abs(g))
        w = w - lr * m / ((1 - b1**t) * (u + eps))
    return w


def adafactor_ref(lr=0.1, decay=-0.8, eps1=1e-30, eps2=1e-3, clip=1.0):
    w = W0.astype("float64")
    r, c = np.zeros(2), np.zeros(3)

    def rms(x):
        return np.sqrt(np.mean(x**2))

    for t, g in enumerate(GRADS, 1):
        rate = min(lr, 1 / np.sqrt(t))
        rho = min(rate, 1 / np.sqrt(t))
        alpha = max(eps2, rms(w)) * rho
        sq = g**2 + eps1
        b2 = 1 - t**decay
        r = b2 * r + (1 - b2) * sq.mean(-1)
        c = b2 * c + (1 - b2) * sq.mean(-2)
        v = (r / r.mean(-1, keepdims=True))[:, None] * c[None, :]
        u = g / np.sqrt(v)
        w = w - alpha * u / max(1.0, rms(u) / clip)
    return w


def nadam_ref(lr=0.1, b1=0.9, b2=0.999, eps=1e-7):
    w, m, v, prod = W0.astype("float64"), 0.0, 0.0, 1.0
    for t, g in enumerate(GRADS, 1):
        u_t = b1 * (1 - 0.5 * 0.96**t)
        u_next = b1 * (1 - 0.5 * 0.96 ** (t + 1))
        prod = prod * u_t
        m = m + (g - m) * (1 - b1)
        v = v + (g**2 - v) * (1 - b2)
        m_hat = u_next * m / (1 - prod * u_next) + (1 - u_t) * g / (1 - prod)
        v_hat = v / (1 - b2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w


def ftrl_ref(lr=0.1, power=-0.5, init=0.1, l1=0.01, l2=0.02, shrink=0.03, beta=0.1):
    w, n, z = W0.astype("float64"), init, 0.0
    for g in GRADS:
        g2 = g + 2 * shrink * w
        n_new = n + g**2
        z = z + g2 - (n_new ** (-power) - n ** (-power)) / lr * w
        quad = n_new ** (-power) / lr + 2 * (l2 + beta / (2 * lr))
        w = (np.clip(z, -l1, l1) - z) / quad
        n = n_new
    return w


def lion_ref(lr=0.1, b1=0.9, b2=0.99):
    w, m = W0.astype("float64"), 0.0
    for g in GRADS:
        w = w - lr * np.sign(b1 * m + (1 - b1) * g)
        m = b2 * m + (1 - b2) * g
    return w


def lamb_ref(lr=0.1, b1=0.9, b2=0.999, eps=1e-7):
    w, m, v = W0.astype("float64"), 0.0, 0.0
    for t, g in enumerate(GRADS, 1):
        m = m + (g - m) * (1 - b1)
        v = v + (g**2 - v) * (1 - b2)
        update = (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
        ratio = np.linalg.norm(w) / np.linalg.norm(update)
        w = w - lr * ratio * update
    return w


def _newton_schulz(x, steps=6, a=3.4445, b=-4.7750, c=2.0315):
    transposed = x.shape[0] > x.shape[1]
    if transposed:
        x = x.T
    x = x / (np.linalg.norm(x) + 1e-7)
    for _ in range(steps):
        gram = x @ x.T
        x = a * x + (b * gram + c * gram @ gram) @ x
    return x.T if transposed else x


def muon_ref(lr=0.1, momentum=0.95):
    w, m = W0.astype("float64"), 0.0
    for g in GRADS:
        m = momentum * m + g
        d = g + momentum * m
        w = w - lr * _newton_schulz(d) * max(1.0, 2 / 3) ** 0.5
    return w


def schedule_free_ref(lr=0.1, b1=0.9, b2=0.999, eps=1e-8, wd=0.01):
    y = W0.astype("float64")
    z, x, v, weight_sum = y.copy(), y.copy(), 0.0, 0.0
    for t, g in enumerate(GRADS, 1):
        weight = lr**2
        weight_sum += weight
        c = weight / weight_sum
        v = b2 * v + (1 - b2) * g**2
        d = g / (np.sqrt(v / (1 - b2**t)) + eps) + wd * y
        z = z - lr * d
        x = (1 - c) * x + c * z
        y = (1 - b1) * z + b1 * x
    return y


CASES = {
    "sgd": (lambda: optimizers.SGD(0.1), lambda: sgd_ref(momentum=0.0)),
    "sgd_momentum": (lambda: optimizers.SGD(0.1, momentum=0.9), sgd_ref),
    "sgd_nesterov": (lambda: optimizers.SGD(0.1, momentum=0.9, nesterov=True),
                     lambda: sgd_ref(nesterov=True)),
    "rmsprop": (lambda: optimizers.RMSprop(0.1), lambda: rmsprop_ref(momentum=0.0,
                                                                     centered=False)),
    "rmsprop_centered_momentum": (
        lambda: optimizers.RMSprop(0.1, momentum=0.5, centered=True), rmsprop_ref),
    "adam": (lambda: optimizers.Adam(0.1), adam_ref),
    "adam_amsgrad": (lambda: optimizers.Adam(0.1, amsgrad=True),
                     lambda: adam_ref(amsgrad=True)),
    "adamw": (lambda: optimizers.AdamW(0.1, weight_decay=0.05), lambda: adam_ref(wd=0.05)),
    "adadelta": (lambda: optimizers.Adadelta(1.0), adadelta_ref),
    "adagrad": (lambda: optimizers.Adagrad(0.1), adagrad_ref),
    "adamax": (lambda: optimizers.Adamax(0.1), adamax_ref),
    "adafactor": (lambda: optimizers.Adafactor(0.1), adafactor_ref),
    "nadam": (lambda: optimizers.Nadam(0.1), nadam_ref),
    "ftrl": (lambda: optimizers.Ftrl(0.1, l1_regularization_strength=0.01,
                                     l2_regularization_strength=0.02,
                                     l2_shrinkage_regularization_strength=0.03, beta=0.1),
             ftrl_ref),
    "lion": (lambda: optimizers.Lion(0.1), lion_ref),
    "lamb": (lambda: optimizers.Lamb(0.1), lamb_ref),
    "muon": (lambda: optimizers.Muon(0.1, weight_decay=None), muon_ref),
    "schedule_free_adamw": (lambda: optimizers.ScheduleFreeAdamW(0.1, weight_decay=0.01),
                            schedule_free_ref),
}


def run_three_steps(optimizer, w0=W0):
    w = kbackend.Variable(w0.copy(), name="w")
    for g in GRADS:
        optimizer.apply([ops.convert_to_tensor(g)], [w])
    return w.numpy()


@pytest.mark.parametrize("case", sorted(CASES))
def test_three_steps_match_numpy_reference(case):
    make, reference = CASES[case]
    optimizer = make()
    result = run_three_steps(optimizer)
    np.testing.assert_allclose(result, reference(), rtol=2e-4, atol=2e-5)
    assert int(optimizer.iterations.numpy()) == 3


@pytest.mark.parametrize("case", ["sgd_momentum", "adam", "muon"])
def test_stateless_apply_matches_apply(case):
    make, reference = CASES[case]
    optimizer = make()
    w = kbackend.Variable(W0.copy(), name="w")
    optimizer.build([w])
    opt_values = [v.value for v in optimizer.variables]
    w_values = [w.value]
    for g in GRADS:
        w_values, opt_values = optimizer.stateless_apply(
            opt_values, [ops.convert_to_tensor(g)], w_values)
    np.testing.assert_allclose(ops.convert_to_numpy(w_values[0]), reference(),
                               rtol=2e-4, atol=2e-5)
    np.testing.assert_array_equal(w.numpy(), W0)  # nothing was mutated
    assert int(optimizer.iterations.numpy()) == 0


def test_slot_variable_names_and_order():
    w = kbackend.Variable(W0.copy(), name="kernel")
    optimizer = optimizers.Adam(name="adam")
    optimizer.build([w])
    assert [v.name for v in optimizer.variables] == [
        "iteration", "learning_rate", "kernel_momentum", "kernel_velocity"]
    assert optimizer.variables[0].dtype == "int64"
    assert optimizer.variables[2].path == "adam/kernel_momentum"
