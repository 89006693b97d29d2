#!/usr/bin/env python3
"""Reference figures for tests/unit/batch_norm_test.cpp, computed independently of ctnn from
the definitions of Ioffe and Szegedy (2015) with PyTorch's conventions (biased batch variance
for normalising, unbiased for the running average; momentum 0.1, epsilon 1e-5), in plain
Python floats. Run: python3 tests/reference/batch_norm.py"""
import math

EPS, MOMENTUM = 1e-5, 0.1
# Three features (rows) over a batch of four samples (columns), and the layer's gamma and beta.
X = [[0.5, -1.0, 2.0, 0.25], [3.0, 3.5, 2.5, 4.0], [-0.2, 0.1, 0.0, -0.7]]
GAMMA, BETA = [1.5, 0.5, -2.0], [0.1, -0.3, 0.0]


def train_forward(x, gamma, beta):
    out, means, variances = [], [], []
    for row, g, b in zip(x, gamma, beta):
        m = sum(row) / len(row)
        v = sum((r - m) ** 2 for r in row) / len(row)
        out.append([g * (r - m) / math.sqrt(v + EPS) + b for r in row])
        means.append(m)
        variances.append(v)
    return out, means, variances


y, means, variances = train_forward(X, GAMMA, BETA)
print("training output:", [[repr(v) for v in row] for row in y])
running_mean, running_variance = [0.0] * 3, [1.0] * 3
for step in range(2):  # the same batch twice
    _, means, variances = train_forward(X, GAMMA, BETA)
    n = len(X[0])
    running_mean = [(1 - MOMENTUM) * r + MOMENTUM * m for r, m in zip(running_mean, means)]
    running_variance = [(1 - MOMENTUM) * r + MOMENTUM * v * n / (n - 1) for r, v in zip(running_variance, variances)]
print("running mean:", [repr(v) for v in running_mean])
print("running variance:", [repr(v) for v in running_variance])
# Inference on one sample with those running statistics.
sample = [1.0, 2.0, -1.0]
print("inference:", [repr(g * (s - m) / math.sqrt(v + EPS) + b)
                     for s, g, b, m, v in zip(sample, GAMMA, BETA, running_mean, running_variance)])
