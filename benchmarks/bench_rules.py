"""Benchmark: a race of five update rules, vectorized over learning rates against a loop of single runs.

Sigmoid neuron of "Understanding The What and Why of Gradient Descent" (Rajdeep Borgohain), start (-2, -2).
For each of plain descent, momentum, Nesterov, RMSProp and Adam: one call of ``gdviz.sweep`` over 200 learning
rates x 1,000 steps, against 200 calls of ``gdviz.optimize`` (best of three for both). The rows of each sweep are
checked against the single runs.

Run: python benchmarks/bench_rules.py [--rates 200] [--steps 1000] [--repeats 3]
"""
from __future__ import annotations

import argparse
import functools

import numpy as np

import gdviz
from _timing import best_of

RULES = {
    "gradient descent": (gdviz.sgd, (1e-2, 30.0)),
    "momentum 0.9": (functools.partial(gdviz.sgd, momentum=0.9), (1e-3, 3.0)),
    "Nesterov 0.9": (functools.partial(gdviz.sgd, momentum=0.9, nesterov=True), (1e-3, 3.0)),
    "RMSProp": (gdviz.rmsprop, (1e-4, 1.0)),
    "Adam": (gdviz.adam, (1e-4, 1.0)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", type=int, default=200)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    neuron = gdviz.sigmoid_fit()
    start = (-2.0, -2.0)
    print(f"sigmoid neuron, {args.rates} learning rates x {args.steps} steps per rule "
          f"(best of {args.repeats})")
    print(f"  {'rule':<18}{'sweep':>10}{'loop':>11}{'speed-up':>10}  rows agree  best rate   final loss")
    total_sweep = total_loop = 0.0
    for name, (factory, lr_range) in RULES.items():
        lrs = np.geomspace(*lr_range, args.rates)
        swept = best_of(args.repeats, lambda: gdviz.sweep(neuron, start, factory, args.steps, lr=lrs))
        looped = best_of(args.repeats, lambda: [gdviz.optimize(neuron, start, factory(lr=float(lr)),
                                                               args.steps) for lr in lrs])
        total_sweep, total_loop = total_sweep + swept, total_loop + looped
        result = gdviz.sweep(neuron, start, factory, args.steps, lr=lrs)
        agree = all(np.allclose(result.path(i).params,
                                gdviz.optimize(neuron, start, factory(lr=float(lrs[i])), args.steps).params,
                                rtol=1e-9, atol=1e-12) for i in (0, args.rates // 2, args.rates - 1))
        final = np.where(np.isfinite(result.final_losses), result.final_losses, np.inf)
        best = int(np.argmin(final))
        print(f"  {name:<18}{swept * 1e3:8.0f} ms{looped * 1e3:9.0f} ms{looped / swept:9.1f}x  "
              f"{str(agree):<11} {lrs[best]:<10.3g}  {final[best]:.3g}")
    print(f"  {'all five':<18}{total_sweep * 1e3:8.0f} ms{total_loop * 1e3:9.0f} ms"
          f"{total_loop / total_sweep:9.1f}x")


if __name__ == "__main__":
    main()
