#!/usr/bin/env python3
"""Reference figures for tests/static/rectifiers_static.cpp, computed independently of ctnn:
60-digit decimal arithmetic from the textbook formulas (gelu from its tanh form).
Run: python3 tests/reference/rectifiers.py"""
from decimal import Decimal as D, getcontext

getcontext().prec = 60
PI = D("3.14159265358979323846264338327950288419716939937510582097494")


def tanh(x):
    e = (2 * x).exp()
    return (e - 1) / (e + 1)


def sigmoid(x):
    return 1 / (1 + (-x).exp())


K = (D(2) / PI).sqrt()
C = D("0.044715")


def gelu(x):
    return D("0.5") * x * (1 + tanh(K * (x + C * x**3)))


def gelu_slope(x):
    t = tanh(K * (x + C * x**3))
    return D("0.5") * (1 + t) + D("0.5") * x * (1 - t * t) * K * (1 + 3 * C * x * x)


def silu(x):
    return x * sigmoid(x)


def silu_slope(x):
    s = sigmoid(x)
    return s * (1 + x * (1 - s))


def elu(x, alpha=D(1)):
    return x if x > 0 else alpha * (x.exp() - 1)


for name, f in [("gelu", gelu), ("gelu'", gelu_slope), ("silu", silu), ("silu'", silu_slope), ("elu", elu)]:
    for x in ["1", "-1", "0.5", "-3", "2"]:
        print(f"{name}({x}) = {float(f(D(x)))!r}")
print(f"elu<1, 2>(-1) = {float(elu(D(-1), D('0.5')))!r}")
