"""Render every gdviz plot function once to PNG, to look at them; optionally time the views.

Usage::

    python benchmarks/gallery.py [FOLDER]          # default artifacts/gallery/
    python benchmarks/gallery.py --timing          # also print view update + redraw timings
"""
from __future__ import annotations

import argparse
import io
import pathlib
import time
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import gdviz  # noqa: E402

PARABOLA, BOWL, NEURON = gdviz.parabola(), gdviz.bowl(), gdviz.sigmoid_fit()


def batch_data(n: int = 300, seed: int = 0) -> gdviz.SigmoidNeuron:
    """Noisy labels from a known neuron (w, b) = (1.5, -0.5), averaged loss."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3.0, 3.0, n)
    y = np.clip(gdviz.sigmoid(1.5 * x - 0.5) + rng.normal(0.0, 0.15, n), 0.0, 1.0)
    return gdviz.sigmoid_fit(x, y, reduction="mean")


def pictures() -> dict[str, callable]:
    """One drawing per plot function (and one per view), each returning its figure."""
    lrs = (0.05, 0.35, 0.9, 1.0, 1.1)
    data = batch_data()

    def path_1d():
        path = gdviz.gradient_descent(PARABOLA, 5.0, 0.1, 12)
        return gdviz.plot_path_1d(path, PARABOLA, tangents=True).figure

    def path_1d_double_well():
        well = gdviz.double_well()
        path = gdviz.gradient_descent(well, 2.0, 0.02, 40)
        return gdviz.plot_path_1d(path, well, tangents=True).figure

    def path_2d():
        path = gdviz.gradient_descent(BOWL, (5.0, -4.0), 0.1, 15)
        return gdviz.plot_path_2d(path, BOWL, gradient_at=(5.0, -4.0)).figure

    def path_2d_valley():
        valley = gdviz.bowl((1.0, 10.0))
        runs = [gdviz.gradient_descent(valley, (5.0, -4.0), lr, 30) for lr in (0.02, 0.095)]
        return gdviz.plot_path_2d(runs, valley).figure

    def loss_curves():
        runs = [gdviz.gradient_descent(PARABOLA, 4.0, lr, 40) for lr in (0.05, 0.35, 0.5, 1.5)]
        return gdviz.plot_loss_curves(runs, log=True).figure

    def loss_curves_linear():
        runs = [gdviz.gradient_descent(PARABOLA, 4.0, lr, 25) for lr in (0.05, 0.35, 1.5)]
        return gdviz.plot_loss_curves(runs, log=False).figure

    def surface():
        path = gdviz.gradient_descent(NEURON, (-2.0, -2.0), 0.3, 1000)
        return gdviz.plot_surface_3d(NEURON, path, xlim=(-4, 4), ylim=(-4, 4)).figure

    def lr_cases():
        runs = [gdviz.gradient_descent(PARABOLA, 4.0, lr, 10) for lr in lrs]
        return gdviz.plot_lr_cases(runs, PARABOLA)[0].figure

    def lr_cases_2d():
        valley = gdviz.bowl((1.0, 4.0))          # stable for lr < 1/4
        runs = [gdviz.gradient_descent(valley, (5.0, -4.0), lr, 15) for lr in (0.02, 0.1, 0.22, 0.26)]
        return gdviz.plot_lr_cases(runs, valley)[0].figure

    def sweep():
        result = gdviz.sweep_learning_rates(PARABOLA, 4.0, np.geomspace(0.01, 1.5, 80), 100, tol=1e-6)
        return gdviz.plot_sweep(result, stable_below=1.0)[0].figure

    def batch_paths():
        runs = [gdviz.gradient_descent(data, (-2.0, 2.0), 1.0, 150, batch_size=b, seed=0)
                for b in (data.n_samples, 32, 1)]
        return gdviz.plot_batch_paths(runs, data).figure

    def views():
        fig, (left, right) = explorer_figure()
        gdviz.CurveView(left, PARABOLA, xlim=(-5, 5)).update(
            gdviz.gradient_descent(PARABOLA, 4.0, 0.9, 20), upto=6)
        gdviz.LossView(right).update(gdviz.gradient_descent(PARABOLA, 4.0, 0.9, 20), upto=6)
        return fig

    def views_diverged():
        fig, (left, right) = explorer_figure()
        gdviz.ContourView(left, BOWL, xlim=(-6, 6), ylim=(-6, 6)).update(
            gdviz.gradient_descent(BOWL, (5.0, -4.0), 1.1, 200))
        gdviz.LossView(right).update(gdviz.gradient_descent(BOWL, (5.0, -4.0), 1.1, 200))
        return fig

    return {name: f for name, f in locals().items() if callable(f) and name not in ("data",)}


def explorer_figure() -> tuple[Figure, np.ndarray]:
    """A figure the size the explorers use: 9 x 3.5 inches at 100 dpi, two panels, Agg canvas."""
    fig = Figure(figsize=(9.0, 3.5), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.subplots(1, 2)


def _median_ms(action, cases) -> float:
    """Median CPU milliseconds of ``action(case)`` (CPU time: steadier than wall time on a busy machine)."""
    times = []
    for case in cases:
        start = time.process_time()
        action(case)
        times.append(time.process_time() - start)
    return 1e3 * float(np.median(times))


def timing(repeats: int = 30) -> list[str]:
    """Median CPU milliseconds per slider tick: views updated in place vs the figure built anew.

    "draw" is ``fig.canvas.draw()`` (what ipympl does); "png" renders and encodes the PNG an
    ``ipywidgets.Image`` would show; "frozen" fixes the constrained layout after the first draw.
    """
    rates = np.geomspace(0.01, 1.2, repeats)
    scenes = (
        ("CurveView", lambda ax: gdviz.CurveView(ax, PARABOLA, xlim=(-5, 5)),
         [gdviz.gradient_descent(PARABOLA, 4.0, lr, 30) for lr in rates]),
        ("ContourView", lambda ax: gdviz.ContourView(ax, BOWL, xlim=(-6, 6), ylim=(-6, 6)),
         [gdviz.gradient_descent(BOWL, (5.0, -4.0), lr, 30) for lr in rates]),
    )
    lines = []
    for name, make, runs in scenes:
        for log in (True, False):
            fig, (left, right) = explorer_figure()
            view, loss = make(left), gdviz.LossView(right, log=log)

            def tick(path, png=False):
                view.update(path)
                loss.update(path)
                if png:  # print_png renders the figure itself: no draw() before it
                    fig.canvas.print_png(io.BytesIO())
                else:
                    fig.canvas.draw()

            def scratch(path):
                fresh, (a, b) = explorer_figure()
                make(a).update(path)
                gdviz.LossView(b, log=log).update(path)
                fresh.canvas.draw()

            tick(runs[0])
            update_only = _median_ms(lambda p: (view.update(p), loss.update(p)), runs)
            drawn = _median_ms(tick, runs)
            png = _median_ms(lambda p: tick(p, png=True), runs)
            fig.set_layout_engine("none")
            frozen = _median_ms(tick, runs)
            new = _median_ms(scratch, runs[:10])
            lines.append(f"{name} + LossView(log={log}), 9x3.5 in @100 dpi: update {update_only:.1f} ms, "
                         f"update+draw {drawn:.0f} ms (frozen layout {frozen:.0f} ms), "
                         f"update+png {png:.0f} ms; new figure+draw {new:.0f} ms")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="artifacts/gallery")
    parser.add_argument("--timing", action="store_true", help="time view updates and redraws")
    args = parser.parse_args()
    folder = pathlib.Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    warnings.simplefilter("error")
    for name, draw in pictures().items():
        fig = draw()
        fig.savefig(folder / f"{name}.png", dpi=100)
        plt.close(fig)
        print(folder / f"{name}.png")
    if args.timing:
        print("\n".join(timing()))


if __name__ == "__main__":
    main()
