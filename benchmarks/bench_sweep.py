"""Benchmark: a vectorized learning-rate sweep against the article's plain-Python loop.

Sigmoid neuron of "Understanding The What and Why of Gradient Descent" (Rajdeep Borgohain), start (-2, -2):
one call of ``gdviz.sweep_learning_rates`` with 1,000 learning rates x 1,000 steps, against a plain-Python
transcription of the same algorithm (the article's loop: 1,000 epochs over two points, ``math.exp``, no numpy)
run 1,000 times, once per learning rate. Best of three for both.

Run: python benchmarks/bench_sweep.py [--runs 1000] [--steps 1000]
"""
from __future__ import annotations

import argparse
import math

import numpy as np

import gdviz
from _timing import best_of

X, Y = (0.5, 2.5), (0.2, 0.9)


def plain_loop(w: float, b: float, eta: float, epochs: int) -> tuple[float, float]:
    """The article's algorithm in plain Python (one sample at a time, gradients summed)."""
    for _ in range(epochs):
        dw = db = 0.0
        for x, y in zip(X, Y):
            f = 1.0 / (1.0 + math.exp(-(w * x + b)))
            dw += (f - y) * f * (1 - f) * x
            db += (f - y) * f * (1 - f)
        w, b = w - eta * dw, b - eta * db
    return w, b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="learning rates (and plain-loop runs)")
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()
    neuron = gdviz.sigmoid_fit(X, Y)
    lrs = np.logspace(-2, 1, args.runs)

    sweep_time = best_of(3, lambda: gdviz.sweep_learning_rates(neuron, (-2.0, -2.0), lrs, args.steps))
    loop_time = best_of(3, lambda: [plain_loop(-2.0, -2.0, lr, args.steps) for lr in lrs])

    sweep = gdviz.sweep_learning_rates(neuron, (-2.0, -2.0), lrs, args.steps)
    check = [0, args.runs // 2, args.runs - 1]
    agree = all(np.allclose(sweep.params[i, -1], plain_loop(-2.0, -2.0, lrs[i], args.steps), rtol=1e-10)
                for i in check)
    print(f"sigmoid neuron, {args.runs} learning rates x {args.steps} steps")
    print(f"  vectorized sweep (best of 3): {sweep_time * 1e3:9.1f} ms")
    print(f"  plain-Python loop x {args.runs} (best of 3): {loop_time * 1e3:9.1f} ms")
    print(f"  speed-up: {loop_time / sweep_time:.1f}x   (results agree: {agree})")
    print(f"  per run: sweep {sweep_time / args.runs * 1e6:.1f} us, loop {loop_time / args.runs * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
