#!/usr/bin/env python3
"""Reference figures for tests/unit/optimizers_test.cpp, computed independently of ctnn: the
update rules of PyTorch's torch.optim.SGD (momentum, dampening 0, with and without Nesterov)
and torch.optim.Adam (no weight decay), as documented, in plain Python floats (IEEE double).
Run: python3 tests/reference/optimizers.py"""
import math

# Six parameters: a 2x2 weight matrix (row-major) and a bias of 2, and three steps' gradients.
W0 = [0.5, -0.3, 0.8, 0.1, 0.2, -0.4]
GRADS = [
    [0.10, -0.20, 0.05, 0.30, -0.15, 0.02],
    [-0.40, 0.10, 0.25, -0.05, 0.20, 0.07],
    [0.30, 0.30, -0.10, 0.15, -0.35, -0.01],
]


def momentum(lr, mu, nesterov):
    w, v = list(W0), [0.0] * 6
    for g in GRADS:
        for k in range(6):
            v[k] = mu * v[k] + g[k]
            step = g[k] + mu * v[k] if nesterov else v[k]
            w[k] -= lr * step
    return w


def adam(lr, b1=0.9, b2=0.999, eps=1e-8):
    w, m, v = list(W0), [0.0] * 6, [0.0] * 6
    for t, g in enumerate(GRADS, start=1):
        for k in range(6):
            m[k] = b1 * m[k] + (1 - b1) * g[k]
            v[k] = b2 * v[k] + (1 - b2) * g[k] ** 2
            m_hat = m[k] / (1 - b1**t)
            v_hat = v[k] / (1 - b2**t)
            w[k] -= lr * m_hat / (math.sqrt(v_hat) + eps)
    return w


def show(name, w):
    print(f"{name}: {{{', '.join(repr(x) for x in w)}}}")


show("momentum lr 0.1 mu 0.9", momentum(0.1, 0.9, False))
show("nesterov lr 0.1 mu 0.9", momentum(0.1, 0.9, True))
show("adam lr 0.01", adam(0.01))
show("adam lr 0.05 b1 0.8 b2 0.99 eps 1e-6", adam(0.05, 0.8, 0.99, 1e-6))
