r"""Maps: a sweep over two hyperparameters as a picture of their plane (e.g. learning rate and momentum).

Each cell of the grid is one run of :func:`gdviz.sweep`, coloured by the steps it took to
converge; runs that diverged or ran out of steps are grey.
"""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap, LogNorm
from matplotlib.patches import Patch
from numpy.typing import ArrayLike, NDArray

from ..core.records import Sweep
from .style import PALETTE, label_axes, new_axes, set_title_once

__all__ = ["plot_sweep_map"]

DIVERGED_GREY, STUCK_GREY = "0.88", "0.55"


def plot_sweep_map(sweep: Sweep, *, marks: Mapping[str, tuple[float, float]] | None = None,
                   lines: Mapping[str, tuple[ArrayLike, ArrayLike]] | None = None,
                   fastest: bool = True, legend: str | None = "best",
                   ax: Axes | None = None) -> Axes:
    r"""Steps to converge over a grid of two hyperparameters, one coloured cell per run.

    The colour (log scale, its bar beside the map) is the number of steps until a step moved
    less than the sweep's ``tol``; light grey cells diverged, dark grey ones did not converge
    within the sweep's steps. The first hyperparameter of the grid goes across, the second up;
    an axis whose values are geometrically spaced is logarithmic.

    Parameters
    ----------
    sweep : Sweep
        From :func:`gdviz.sweep` over exactly two hyperparameters, with ``tol``
        (``gdviz.sweep(L, start, gdviz.sgd, 300, tol=1e-8, lr=lrs, momentum=mus)``).
    marks : mapping of str to (float, float), optional
        Points to mark with a star, by legend label (``{"Goh's optimum": (lr, mu)}``).
    lines : mapping of str to (array_like, array_like), optional
        Curves to draw dashed, by legend label: ``(x values, y values)`` (a stability edge).
    fastest : bool
        Ring the fastest converged cell ("fastest cell (34 steps)").
    legend : str or None
        Where the legend goes (matplotlib's ``loc``); None: no legend.
    ax : Axes, optional

    Returns
    -------
    Axes

    Raises
    ------
    TypeError
        ``sweep`` is not a Sweep, or ``marks`` / ``lines`` are not mappings.
    ValueError
        The sweep is not over two hyperparameters, or has no ``tol``; a mark is not a pair, a
        line's two arrays differ in length.

    Examples
    --------
    >>> import numpy as np, gdviz
    >>> grid = gdviz.sweep(gdviz.bowl((1, 10)), (-9, 2), gdviz.sgd, 200, tol=1e-6,
    ...                    lr=np.geomspace(0.01, 0.25, 12), momentum=np.linspace(0, 0.9, 10))
    >>> ax = gdviz.plot_sweep_map(grid, marks={"a guess": (0.1, 0.3)})
    >>> ax.get_xscale(), ax.get_xlabel(), ax.get_ylabel()
    ('log', 'learning rate η (log scale)', 'momentum μ')
    """
    if not isinstance(sweep, Sweep):
        raise TypeError(f"sweep must be a Sweep from gdviz.sweep. Got {sweep!r} instead.")
    if len(sweep.shape) != 2:
        raise ValueError("sweep must run a grid of exactly two hyperparameters, e.g. "
                         "gdviz.sweep(..., lr=lrs, momentum=mus). Got a grid of "
                         f"{list(sweep.hyperparams)} instead.")
    if sweep.tol is None:
        raise ValueError("sweep must have a tolerance (gdviz.sweep(..., tol=1e-8)) to count steps "
                         "to converge. Got tol=None instead.")
    marks = _check_mapping(marks, "marks")
    lines = _check_mapping(lines, "lines")
    names = list(sweep.hyperparams)
    xs, ys = (np.asarray(sweep.grid(sweep.hyperparams[n]), dtype=float) for n in names)
    across, up = xs[:, 0], ys[0, :]
    logs = [_geometric(across), _geometric(up)]
    status = sweep.grid(sweep.status)
    steps = sweep.grid(sweep.steps_taken).astype(float)
    cap = int(np.asarray(sweep.losses).shape[1] - 1)
    ax = new_axes(ax, (8.4, 5.2))

    done = status == "converged"
    edges = [_edges(across, logs[0]), _edges(up, logs[1])]
    low = _round_down(steps[done].min()) if done.any() else 1.0
    norm = LogNorm(vmin=low, vmax=max(cap, low * 1.01))
    shown = np.ma.masked_where(~done, steps)
    mesh = ax.pcolormesh(*edges, shown.T, cmap="viridis", norm=norm, shading="flat", gid="steps")
    other = np.ma.masked_where(done, np.where(status == "diverged", 0.0, 1.0))
    ax.pcolormesh(*edges, other.T, cmap=ListedColormap([DIVERGED_GREY, STUCK_GREY]), vmin=0,
                  vmax=1, shading="flat", gid="not-converged")
    bar = ax.figure.colorbar(mesh, ax=ax, label=f"steps to converge (a step shorter than "
                                                f"{_tex_number(sweep.tol)}), log scale")
    bar.ax.minorticks_off()
    ticks = _ticks(norm.vmin, norm.vmax)
    bar.set_ticks(ticks, labels=[f"{t:g}" for t in ticks])

    for label, (x, y) in lines.items():
        ax.plot(x, y, "--", color="black", lw=1.2, label=label)
    for label, (x, y) in marks.items():
        ax.plot(x, y, "*", ms=17, color="white", mec="black", label=label, zorder=4)
    if fastest and done.any():
        i, j = np.unravel_index(np.argmin(np.where(done, steps, np.inf)), steps.shape)
        ax.plot(across[i], up[j], "o", ms=14, mfc="none", mec=PALETTE[3], mew=2.5, zorder=3.5,
                label=f"fastest cell ({int(steps[i, j])} steps)")
    for log, setter in zip(logs, (ax.set_xscale, ax.set_yscale)):
        if log:
            setter("log")
    ax.set_xlim(edges[0][0], edges[0][-1])
    ax.set_ylim(edges[1][0], edges[1][-1])
    first = sweep.rule(0)
    symbols = {**first.symbols, **sweep.rule(len(sweep) - 1).symbols}  # row 0: maybe μ = 0
    label_axes(ax, *(_axis_label(first.words_for(n), n, symbols, log) for n, log in zip(names, logs)))
    pair = ", ".join(symbols.get(n, n) for n in names)
    set_title_once(ax, f"steps to converge for every ({pair})", fontsize=10)
    if legend is not None:
        handles = ax.get_legend_handles_labels()[0]
        handles += [Patch(color=grey, label=label) for grey, label, present in (
            (DIVERGED_GREY, "diverged", np.any(status == "diverged")),
            (STUCK_GREY, f"not converged in {cap} steps", np.any(status == "max_steps"))) if present]
        ax.legend(handles=handles, loc=legend, fontsize=8.5, framealpha=0.92)
    return ax


def _check_mapping(value: Any, name: str) -> dict[str, tuple[NDArray, NDArray]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping of legend labels to (x, y). Got {value!r} instead.")
    pairs = {}
    for label, pair in value.items():
        if not isinstance(pair, (tuple, list, np.ndarray)) or len(pair) != 2:
            raise ValueError(f"{name}[{label!r}] must be a pair (x, y). Got {pair!r} instead.")
        x, y = (np.asarray(v, dtype=float) for v in pair)
        if x.shape != y.shape or (name == "marks" and x.ndim != 0):
            raise ValueError(f"{name}[{label!r}] must be " + (
                "one point (x, y)" if name == "marks" else "two arrays of the same length (x, y)")
                + f". Got {pair!r} instead.")
        pairs[str(label)] = (x, y)
    return pairs


def _geometric(values: NDArray) -> bool:
    """Whether the values are spaced by a constant factor (and span at least a factor of 10)."""
    if values.size < 3 or np.any(values <= 0):
        return False
    ratios = np.diff(np.log(values))
    return bool(np.allclose(ratios, ratios[0], rtol=1e-6) and values.max() / values.min() >= 10)


def _edges(centres: NDArray, log: bool) -> NDArray:
    """Cell edges halfway between centres (in log space on a log axis), the ends mirrored."""
    c = np.log(centres) if log else centres
    if c.size == 1:
        inner, first, last = np.empty(0), c[0] - 0.5, c[0] + 0.5
    else:
        inner = (c[1:] + c[:-1]) / 2
        first, last = c[0] - (c[1] - c[0]) / 2, c[-1] + (c[-1] - c[-2]) / 2
    edges = np.concatenate([[first], inner, [last]])
    return np.exp(edges) if log else edges


def _round_down(value: float) -> float:
    """The largest of 1, 2, 3, 5 times a power of ten that is at most ``value`` (at least 1)."""
    value = max(float(value), 1.0)
    power = 10.0 ** np.floor(np.log10(value))
    return max(m * power for m in (1, 2, 3, 5) if m * power <= value)


def _ticks(low: float, high: float) -> list[float]:
    """1, 2, 3, 5 times powers of ten from ``low`` to ``high``, with both ends."""
    powers = 10.0 ** np.arange(np.floor(np.log10(low)), np.floor(np.log10(high)) + 1)
    inside = sorted({float(m * p) for p in powers for m in (1, 2, 5) if low < m * p < high})
    return [low] + [t for t in inside if t > low * 1.15 and t < high / 1.15] + [high]


def _tex_number(value: float) -> str:
    """``1e-8`` as ``$10^{-8}$``, ``2.5e-6`` as ``$2.5 \\cdot 10^{-6}$``, ``0.01`` as ``0.01``."""
    exponent = int(np.floor(np.log10(value)))
    if -3 <= exponent <= 3:
        return f"{value:g}"
    mantissa = float(f"{value / 10**exponent:.3g}")
    power = f"10^{{{exponent}}}"
    return f"${power}$" if mantissa == 1 else f"${mantissa:g} \\cdot {power}$"


def _axis_label(words: str, name: str, symbols: Mapping[str, str], log: bool) -> str:
    label = f"{words} {symbols[name]}" if name in symbols else words
    return f"{label} (log scale)" if log else label
