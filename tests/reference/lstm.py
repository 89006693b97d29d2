#!/usr/bin/env python3
"""Reference figures for the LSTM tests, computed independently of ctnn from the equations of
Hochreiter and Schmidhuber (1997) with the forget gate (Gers et al. 2000), gates stacked in
PyTorch's order i, f, g, o, in plain Python floats. Run: python3 tests/reference/lstm.py"""
import math

H, N, STEPS = 2, 2, 3
# W: [4H x N], U: [4H x H], b: [4H], rows in gate order i, f, g, o.
W = [[0.5, -0.2], [0.1, 0.3], [-0.4, 0.2], [0.25, 0.15], [0.6, -0.5], [-0.3, 0.4], [0.2, 0.1], [-0.1, -0.35]]
U = [[0.3, -0.1], [0.2, 0.4], [-0.25, 0.05], [0.1, -0.3], [0.45, 0.2], [-0.15, 0.35], [0.05, -0.2], [0.3, 0.1]]
B = [0.1, -0.1, 1.0, 0.9, 0.0, 0.05, -0.2, 0.15]
X = [[1.0, -0.5], [0.3, 0.8], [-0.7, 0.2]]  # three steps of two values


def sigmoid(v):
    return 1.0 / (1.0 + math.exp(-v))


h, c = [0.0] * H, [0.0] * H
for x in X:
    pre = [sum(W[r][k] * x[k] for k in range(N)) + sum(U[r][k] * h[k] for k in range(H)) + B[r] for r in range(4 * H)]
    i = [sigmoid(pre[u]) for u in range(H)]
    f = [sigmoid(pre[H + u]) for u in range(H)]
    g = [math.tanh(pre[2 * H + u]) for u in range(H)]
    o = [sigmoid(pre[3 * H + u]) for u in range(H)]
    c = [f[u] * c[u] + i[u] * g[u] for u in range(H)]
    h = [o[u] * math.tanh(c[u]) for u in range(H)]
    print("c =", [repr(v) for v in c], " h =", [repr(v) for v in h])
