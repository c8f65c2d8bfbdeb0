"""Benchmark: how long an explorer takes from a slider change to the new picture, against the naive way.

For every explorer: build it, then change its learning rate (``w`` for the guessing game, the momentum
for the momentum explorer) 50 times, sweeping the slider's range (from creeping to diverging), and time each
change from setting the control's ``.value`` to the PNG bytes being set on the Image widget, i.e. the frame
the browser receives. Run outside a kernel, the redraw happens at once (inside a kernel it runs on the event
loop right after the message handler, merged with any other change that arrived meanwhile).

The naive way, for comparison: ``ipywidgets.interactive`` around a function that re-creates the
figure with ``plt.subplots``, draws it with the plot functions and renders a full PNG the way the
inline backend does (``bbox_inches="tight"``), once per change.

With ``--ipympl`` the same explorer figure and artist updates are also timed through ipympl's frame
path: a full ``canvas.draw()`` + ``get_diff_image()``, what ``%matplotlib widget`` sends after
``draw_idle`` (no cached background).

With ``--memory`` it measures instead what re-running an explorer cell costs a live kernel: one
real ipykernel (through jupyter_client) runs the cell ``gdviz.explore_lr_1d()`` ``--reruns`` times,
sent as JupyterLab sends it (the cell's id in the request's metadata), and the kernel reports its
resident memory (RSS) before and after, and the widgets still alive. Each re-run closes the
explorer the cell made before, so the memory stays flat (before that: +446 MB for 100 re-runs).

Then every other control of each explorer (steps, batch size, b, the steepness, the race's memory...) is
moved through its range and timed the same way: p50 / p95 per explorer and per control.

Run: python benchmarks/bench_explorers.py [--changes 50] [--ipympl] [--memory [--reruns 100]]
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import time

import matplotlib

matplotlib.use("Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import gdviz  # noqa: E402

from sklearn.datasets import make_moons  # noqa: E402

#: The network explorer's data: lesson 12's two moons.
MOONS = make_moons(n_samples=200, noise=0.2, random_state=0)
BATCH_DATA = gdviz.sigmoid_fit(np.linspace(0.0, 3.0, 128),
                               gdviz.sigmoid(1.8 * np.linspace(0.0, 3.0, 128) - 2.3),
                               reduction="mean")



def _scaling_data() -> tuple:
    """Lesson 10's explorer objectives: diabetes progression against bmi, raw and standardized."""
    from sklearn.datasets import load_diabetes

    data = load_diabetes(scaled=False)
    bmi = data.data[:, 2]
    return (gdviz.linear_regression(bmi, data.target, feature_names=["bmi"]),
            gdviz.linear_regression(gdviz.standardize(bmi), data.target, feature_names=["bmi"]))


SCALING = _scaling_data()


def _training_data() -> tuple:
    """Lesson 11's explorer objectives: the breast-cancer data, split and standardized."""
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    X_train, X_val, y_train, y_val = gdviz.train_validation_split(data.data, data.target, 0.2, seed=0)
    return (gdviz.logistic_regression(gdviz.standardize(X_train), y_train),
            gdviz.logistic_regression(gdviz.standardize(X_val, like=X_train), y_val))


TRAINING = _training_data()


def explorers() -> dict[str, tuple]:
    """name -> (make explorer, control to move, values to move it through, naive function)."""
    par, bowl, neuron = gdviz.parabola(), gdviz.bowl(), gdviz.sigmoid_fit()

    def naive_1d(lr):
        path = gdviz.gradient_descent(par, 4.0, lr, 20)
        fig, (a, b) = plt.subplots(1, 2, figsize=(7.2, 3.0), layout="constrained")
        gdviz.plot_path_1d(path, par, tangents=True, xlim=(-5, 5), ax=a)
        gdviz.plot_loss_curves(path, log=True, ax=b)
        return fig

    def naive_2d(lr, objective=bowl, start=(5.0, -4.0), steps=30, **kwargs):
        path = gdviz.gradient_descent(objective, start, lr, steps, **kwargs)
        fig, (a, b) = plt.subplots(1, 2, figsize=(7.2, 3.0), layout="constrained")
        gdviz.plot_path_2d(path, objective, ax=a)
        gdviz.plot_loss_curves(path, log=True, ax=b)
        return fig

    def naive_guess(w):
        return naive_2d(1.0, objective=neuron, start=(w, 0.0), steps=0)

    def naive_momentum(mu, valley=gdviz.bowl((1, 10))):
        path = gdviz.optimize(valley, (1.0, 1.0), gdviz.sgd(0.05, momentum=mu), 60)
        fig, (a, b) = plt.subplots(1, 2, figsize=(7.2, 3.0), layout="constrained")
        gdviz.plot_path_2d(path, valley, xlim=(-1.5, 1.5), ylim=(-1.5, 1.5), ax=a)
        gdviz.plot_loss_curves(path, log=True, ax=b)
        return fig

    def naive_race(lr, rosen=gdviz.rosenbrock()):
        rules = [gdviz.sgd(1e-3), gdviz.sgd(1e-3, momentum=0.9), gdviz.rmsprop(0.01), gdviz.adam(lr)]
        paths = [gdviz.optimize(rosen, (-1.2, 1.0), rule, 300) for rule in rules]
        fig, (a, b) = plt.subplots(1, 2, figsize=(7.6, 3.2), layout="constrained")
        gdviz.plot_path_2d(paths, rosen, xlim=(-2, 2), ylim=(-1, 3), ax=a)
        gdviz.plot_loss_curves(paths, log=True, ax=b)
        return fig

    def naive_network(lr, net=gdviz.two_layer_net(*MOONS, width=8)):
        path = gdviz.optimize(net, net.initial(0), gdviz.sgd(lr), 300)
        fig, (a, b) = plt.subplots(1, 2, figsize=(7.2, 3.0), layout="constrained")
        gdviz.plot_boundary(net, path.final, ax=a)
        gdviz.plot_loss_curves(path, log=True, ax=b)
        return fig

    def naive_training(lr):
        path = gdviz.optimize(TRAINING[0], np.zeros(31), gdviz.adam(lr), 60 * 3, batch_size=128, seed=0)
        curves = gdviz.epoch_curves(path, *TRAINING)
        fig, (a, b) = plt.subplots(1, 2, figsize=(7.2, 3.0), layout="constrained")
        gdviz.plot_curves({"training": curves["train_loss"], "validation": curves["validation_loss"]},
                          log=True, ax=a)
        gdviz.plot_curves({"training": curves["train_accuracy"], "validation": curves["validation_accuracy"]},
                          ax=b)
        return fig

    return {
        "explore_lr_1d": (gdviz.explore_lr_1d, "lr", np.geomspace(1e-3, 2.0, 50), naive_1d),
        "explore_lr_2d": (gdviz.explore_lr_2d, "lr", np.geomspace(1e-3, 1.5, 50), naive_2d),
        "explore_surface": (gdviz.explore_surface, "lr", np.geomspace(1e-2, 30, 50),
                            lambda lr: naive_2d(lr, neuron, (-2.0, -2.0), 300)),
        "explore_batch_size": (
            lambda: gdviz.explore_batch_size(BATCH_DATA, (-2.0, -2.0), 1.0, 100),
            "lr", np.geomspace(0.01, 10.0, 50),
            lambda lr: naive_2d(lr, BATCH_DATA, (-2.0, -2.0), 100, batch_size=32, seed=0)),
        "explore_guess": (gdviz.explore_guess, "w", np.linspace(-2.0, 5.0, 50), naive_guess),
        "explore_momentum": (gdviz.explore_momentum, "momentum", np.linspace(0.0, 0.99, 50), naive_momentum),
        "explore_race": (gdviz.explore_race, "lr_adam", np.geomspace(1e-4, 10.0, 50), naive_race),
        "explore_network": (lambda: gdviz.explore_network(*MOONS), "lr", np.geomspace(1e-3, 10.0, 50),
                            naive_network),
        "explore_scaling": (lambda: gdviz.explore_scaling(*SCALING, lr=1e-3, steps=100), "lr",
                            np.geomspace(1e-4, 2.0, 50),
                            lambda lr: naive_2d(lr, SCALING[0], (0.0, 0.0), 100)),
        "explore_training": (lambda: gdviz.explore_training(*TRAINING), "lr",
                             np.geomspace(1e-3, 3.0, 50), naive_training),
    }


def time_explorer(make, control: str, values) -> list[float]:
    explorer = make()
    times = []
    for value in values:
        runs = explorer.coalescer.runs
        start = time.perf_counter()
        explorer.controls[control].value = float(value)  # no event loop here: redraws at once
        times.append(time.perf_counter() - start)
        if explorer.coalescer.runs != runs + 1 or explorer.error is not None:
            raise RuntimeError(f"no new picture after {control} = {value}: {explorer.error}")
    return times


def time_naive(draw, control: str, values) -> list[float]:
    slider = widgets.FloatSlider(min=-10.0, max=100.0, value=float(values[0]) + 1.0)
    times = []

    def callback(**kwargs):
        fig = draw(kwargs[control])
        out = io.BytesIO()
        fig.savefig(out, format="png", bbox_inches="tight")  # as the inline backend shows it
        plt.close(fig)
        stamp["t"] = time.perf_counter()

    stamp = {}
    widgets.interactive(callback, **{control: slider})
    for value in values:
        stamp.clear()
        start = time.perf_counter()
        slider.value = float(value)
        times.append(stamp["t"] - start)
    return times


def time_ipympl(make, control: str, values) -> list[float]:
    """The explorer's own figure and artist updates, but frames made the way ipympl makes them."""
    from ipympl.backend_nbagg import Canvas
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    explorer = make()
    for artist in explorer.frames.moving:  # ipympl's draw_idle draws the whole figure
        artist.set_animated(False)
    canvas = Canvas(explorer.figure)
    canvas._png_is_old = True
    canvas.get_diff_image()
    times = []
    for value in values:
        start = time.perf_counter()
        with explorer.hold_trait_notifications():
            explorer.coalescer.pending = True  # keep the Image path out of the timing
            explorer.controls[control].value = float(value)
        explorer.scene.show(explorer.path, explorer.step)
        canvas._png_is_old = True  # what ipympl's draw() does, minus sending the frame
        FigureCanvasAgg.draw(canvas)
        canvas.get_diff_image()
        times.append(time.perf_counter() - start)
        explorer.coalescer.pending = False
    return times


KERNEL_RSS = ("import gc, json; from ipywidgets.widgets.widget import _instances; gc.collect(); "
              "print(json.dumps([int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20, "
              "len(_instances)]))")


def kernel_memory(reruns: int, cell: str = "gdviz.explore_lr_1d()") -> dict[str, float]:
    """Kernel RSS (MB) and live widgets before and after running ``cell`` ``reruns`` more times."""
    import json

    from jupyter_client.manager import start_new_kernel

    kernel, client = start_new_kernel(kernel_name="python3")
    try:
        _execute(client, "import gdviz")
        _execute(client, cell, cell_id="soak")  # warm: fonts, mathtext, the first figure
        before, widgets_before = json.loads(_execute(client, KERNEL_RSS))
        start = time.perf_counter()
        for _ in range(reruns):
            _execute(client, cell, cell_id="soak")
        seconds = time.perf_counter() - start
        after, widgets_after = json.loads(_execute(client, KERNEL_RSS))
    finally:
        client.stop_channels()
        kernel.shutdown_kernel(now=True)
    return {"before": before, "after": after, "widgets_before": widgets_before,
            "widgets_after": widgets_after, "seconds": seconds}


def _execute(client, code: str, cell_id: str | None = None) -> str:
    """Run ``code`` in the kernel (with JupyterLab's ``cellId`` metadata if given); its printed text."""
    msg = client.session.msg("execute_request", {
        "code": code, "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": False, "stop_on_error": True}, metadata={"cellId": cell_id} if cell_id else {})
    client.shell_channel.send(msg)
    text = []
    while True:
        reply = client.get_iopub_msg(timeout=120)
        if reply["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
            continue
        if reply["msg_type"] == "stream":
            text.append(reply["content"]["text"])
        elif reply["msg_type"] == "error":
            raise RuntimeError("\n".join(reply["content"]["traceback"]))
        elif reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
            return "".join(text)


def summary(times: list[float]) -> str:
    ms = np.asarray(times) * 1e3
    return f"median {np.median(ms):6.1f} ms   p95 {np.percentile(ms, 95):6.1f} ms"


def other_controls() -> dict[str, tuple]:
    """name -> (make explorer, {control: values}): every other slider, moved through its range."""
    return {
        "explore_lr_1d": (gdviz.explore_lr_1d, {"steps": np.arange(5, 65, 2)}),
        "explore_lr_2d": (gdviz.explore_lr_2d, {"steps": np.arange(5, 65, 2)}),
        "explore_surface": (gdviz.explore_surface, {"steps": np.arange(100, 400, 10)}),
        "explore_batch_size": (lambda: gdviz.explore_batch_size(BATCH_DATA, (-2.0, -2.0), 1.0, 100),
                               {"steps": np.arange(50, 200, 5), "batch_size": [1, 32, 64, 128] * 8}),
        "explore_guess": (gdviz.explore_guess, {"b": np.linspace(-2.0, 2.0, 30)}),
        "explore_momentum": (gdviz.explore_momentum, {"lr": np.geomspace(1e-3, 0.3, 30),
                                                      "steps": np.arange(30, 120, 3)}),
        "explore_steepness": (gdviz.explore_steepness, {"a": np.arange(0.25, 5.0, 0.25),
                                                        "lr": np.arange(0.05, 1.5, 0.05).round(2)}),
        "explore_scaling": (lambda: gdviz.explore_scaling(*SCALING, lr=1e-3, steps=100),
                            {"standardize": [True, False] * 5, "steps": np.arange(50, 200, 5)}),
        "explore_training": (lambda: gdviz.explore_training(*TRAINING),
                             {"epochs": np.arange(10, 60, 2), "l2": [0.0, 1e-4, 1e-3, 1e-2, 1e-1] * 4,
                              "batch_size": [64, 128, 455] * 5, "rule": ["SGD", "Adam"] * 5}),
        "explore_race": (gdviz.explore_race, {"memory": np.linspace(0.0, 0.99, 30),
                                              "lr_sgd": np.geomspace(1e-4, 1e-2, 30),
                                              "steps": np.arange(200, 350, 5)}),
        "explore_network": (lambda: gdviz.explore_network(*MOONS), {
            "width": [2, 4, 16, 32, 8] * 2, "optimizer": ["momentum", "adam", "sgd"] * 4,
            "step": np.arange(0, 300, 10)}),
    }


def time_values(make, control: str, values) -> list[float]:
    """Like :func:`time_explorer`, for any control and values (a batch size, steps...)."""
    explorer = make()
    times = []
    for value in values:
        value = value.item() if hasattr(value, "item") else value
        start = time.perf_counter()
        explorer.controls[control].value = value
        times.append(time.perf_counter() - start)
        if explorer.error is not None:
            raise RuntimeError(f"{control} = {value}: {explorer.error}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--ipympl", action="store_true")
    parser.add_argument("--memory", action="store_true",
                        help="kernel memory after re-running one explorer cell (see above)")
    parser.add_argument("--reruns", type=int, default=100)
    args = parser.parse_args()
    if args.memory:
        m = kernel_memory(args.reruns)
        print(f"kernel RSS {m['before']:.1f} MB -> {m['after']:.1f} MB after {args.reruns} re-runs of "
              f"one explorer cell: {m['after'] - m['before']:+.1f} MB; live widgets "
              f"{m['widgets_before']} -> {m['widgets_after']} ({m['seconds']:.1f} s)")
        return
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; "
          f"{args.changes} changes per explorer\n")
    for name, (make, control, values, naive) in explorers().items():
        values = np.resize(values, args.changes)
        time_explorer(make, control, values[:5])  # warm caches (fonts, mathtext)
        print(f"{name:20s} explorer  {summary(time_explorer(make, control, values))}")
        with contextlib.redirect_stdout(io.StringIO()):  # interactive's clear_output codes
            naive_times = time_naive(naive, control, values)
        print(f"{'':20s} naive     {summary(naive_times)}")

    print("\nEvery other control of each explorer, moved through its range:")
    for name, (make, controls) in other_controls().items():
        for control, values in controls.items():
            print(f"{name:20s} {control:10s} {summary(time_values(make, control, values))}")

    if args.ipympl:  # last: importing ipympl's backend changes what pyplot does afterwards
        print("\nThe same explorer figures, frames made the way ipympl makes them:")
        for name, (make, control, values, _) in explorers().items():
            values = np.resize(values, args.changes)
            print(f"{name:20s} ipympl    {summary(time_ipympl(make, control, values))}")


if __name__ == "__main__":
    main()
