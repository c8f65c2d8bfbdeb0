r"""Curves: several named series on one axis (a quantity per step, per depth, per learning rate).

The lessons compare numbers that are not losses of a Path: a parameter per step, a sum of
squared gradients, a step length, a derivative against depth. :func:`plot_curves` draws them in
the palette's colours with the chores done (log axes fitted to the data, labels, a legend,
dotted reference levels, dashed reference curves), so that a lesson's cell shows only what is
compared.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike, NDArray

from ..core.constraints import Choice
from .limits import check_limits, log_range
from .style import LINESTYLES, MARKERS, PALETTE, label_axes, new_axes, set_title_once

__all__ = ["plot_curves"]

#: ``log=`` values and the axes they make logarithmic.
_LOG_AXES = {False: "", True: "y", "y": "y", "x": "x", "xy": "xy", "both": "xy"}
REF_COLOR = "0.3"


def plot_curves(curves: Mapping[str, ArrayLike], x: ArrayLike | None = None, *,
                log: bool | str = False, xlabel: str | None = None, ylabel: str = "",
                title: str | None = None, ref: float | Mapping[str, Any] | None = None,
                markers: bool | str = False, colors: Sequence[str] | None = None,
                xlim: ArrayLike | None = None, ylim: ArrayLike | None = None,
                legend: str | None = "best", ax: Axes | None = None) -> Axes:
    r"""Named curves on one axis, in :data:`gdviz.PALETTE`'s colours, with a legend.

    On a log axis, values that are not positive are left out (a gap in the curve) and the axis
    spans the drawn values (and reference levels) with a little headroom: no empty decades. The
    horizontal axis spans the drawn values exactly (a margin with markers).

    Parameters
    ----------
    curves : mapping of str to array_like, shape (n,)
        Legend label -> the values, in drawing order (``{"μ = 0": w, "μ = 0.9": w_ball}``).
    x : array_like, shape (n,), optional
        The horizontal positions shared by every curve; by default each curve's index
        ``0, 1, ..., n - 1`` (the step), and the curves may differ in length.
    log : {False, True, "y", "x", "xy"}
        Which axes are logarithmic (``True`` is ``"y"``). A log axis's label gets " (log scale)"
        unless it mentions "log" already.
    xlabel : str, optional
        Default "step" when ``x`` is None. Labels and title are set only where the axes have none.
    ylabel, title : str, optional
    ref : float or mapping, optional
        What the curves are measured against. A number is a dotted grey horizontal level
        (``ref=0``); a mapping names each reference: a number is a dotted level with its name
        written at its right end, an array (same length as the curves) a thin dashed black curve
        in the legend, drawn over the curves so that a match shows (``{"bound $(1/4)^n$": 0.25**n}``).
    markers : bool or "only"
        A dot on every value as well as the line; ``"only"``: dots without the line (measured
        values beside a reference curve). With dots the horizontal axis gets a little margin.
    colors : sequence of str, optional
        One colour per curve instead of the palette's.
    xlim, ylim : (float, float), optional
        Instead of the fitted ranges.
    legend : str or None
        Where the legend goes (matplotlib's ``loc``: "best", "lower left" ...); None: no legend.
    ax : Axes, optional

    Returns
    -------
    Axes

    Raises
    ------
    TypeError
        ``curves`` (or ``ref``) is not a mapping of labels to numbers.
    ValueError
        A curve is empty or not 1-D, ``x`` or a reference curve does not match the curves'
        length, ``log``, ``markers`` or ``colors`` is not one of the choices above.

    Examples
    --------
    >>> import numpy as np, gdviz
    >>> k = np.arange(30)
    >>> ax = gdviz.plot_curves({"0.8^k": 0.8**k, "0.5^k": 0.5**k}, log=True, ylabel="size",
    ...                        ref={"bound $0.9^k$": 0.9**k})
    >>> ax.get_yscale(), ax.get_ylabel(), ax.get_legend_handles_labels()[1]
    ('log', 'size (log scale)', ['0.8^k', '0.5^k', 'bound $0.9^k$'])
    """
    series = _series(curves)
    logs = _check_log(log)
    n = {len(y) for y in series.values()}
    xs = None if x is None else _column(x, "x")
    if xs is not None and n != {len(xs)}:
        raise ValueError(f"x must hold one position per value of every curve ({sorted(n)}). "
                         f"Got {len(xs)} instead.")
    levels, ref_curves = _refs(ref, n)
    colors = _check_colors(colors, len(series))
    xlim, ylim = check_limits(xlim, "xlim"), check_limits(ylim, "ylim")
    ax = new_axes(ax, (8.0, 3.8))

    Choice(False, True, "only").check(markers, "markers")
    style = dict(marker="o", ms=4.0 if markers == "only" else 3.5) if markers else {}
    style["ls"] = "none" if markers == "only" else "-"
    drawn_x, drawn_y = [], []
    several = len(series) > 1
    for i, ((label, y), color) in enumerate(zip(series.items(), colors)):
        px = np.arange(len(y), dtype=float) if xs is None else xs
        px, py = _visible(px, y, logs)
        own = dict(style)  # several curves differ in marker and line style too, not in colour alone
        if several:
            own.update(marker=MARKERS[i % len(MARKERS)], ms=style.get("ms", 5.0))
            own.setdefault("markevery", None if markers else 0.08)
            if markers != "only":
                own["ls"] = LINESTYLES[i % len(LINESTYLES)]
        ax.plot(px, py, color=color, lw=1.8, label=label, zorder=3, **own)
        drawn_x.append(px[np.isfinite(py)])   # the span of what is drawn, not of the gaps
        drawn_y.append(py)
    for label, y in ref_curves.items():
        px = np.arange(len(y), dtype=float) if xs is None else xs
        px, py = _visible(px, y, logs)
        ax.plot(px, py, "--", color="black", lw=1.1, label=label, zorder=3.5)  # seen over a match
        drawn_y.append(py)
    for name, level in levels.items():
        ax.axhline(level, color=REF_COLOR, ls=":", lw=1.0, zorder=1.5)
        if name:
            ax.annotate(name, (1.0, level), xycoords=("axes fraction", "data"), xytext=(-4, 3),
                        textcoords="offset points", ha="right", va="bottom", fontsize=8.5,
                        color=REF_COLOR)
    if "x" in logs:
        ax.set_xscale("log")
    if "y" in logs:
        ax.set_yscale("log")
    ax.set_xlim(xlim or _span(drawn_x, "x" in logs, pad=bool(markers)))
    shown_levels = [np.array(list(levels.values()), dtype=float)]
    if ylim or "y" in logs:
        ax.set_ylim(ylim or _span(drawn_y + shown_levels, True, pad=True))
    label_axes(ax, _scale_note(("step" if xs is None else "") if xlabel is None else xlabel,
                               "x" in logs),
               _scale_note(ylabel, "y" in logs))
    if title:
        set_title_once(ax, title)
    if legend is not None and ax.get_legend_handles_labels()[0]:
        ax.legend(loc=legend, fontsize=9, framealpha=0.9)
    return ax


def _series(curves: Any) -> dict[str, NDArray[np.float64]]:
    if not isinstance(curves, Mapping) or not curves:
        raise TypeError("curves must be a non-empty mapping of legend labels to values, e.g. "
                        f"{{'μ = 0.9': w}}. Got {curves!r} instead.")
    return {str(label): _column(y, f"curves[{label!r}]") for label, y in curves.items()}


def _column(values: Any, name: str) -> NDArray[np.float64]:
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers. Got {values!r} instead.") from None
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array. Got shape {array.shape} instead.")
    return array


def _check_log(log: Any) -> str:
    return _LOG_AXES[Choice(*_LOG_AXES).check(log, "log")]


def _refs(ref: Any, lengths: set[int]) -> tuple[dict[str, float], dict[str, NDArray]]:
    """Split ``ref`` into horizontal levels (name -> value; name "" unnamed) and curves."""
    if ref is None:
        return {}, {}
    if not isinstance(ref, Mapping):
        if isinstance(ref, (bool, str)) or np.ndim(ref) != 0:
            raise TypeError("ref must be a number (a dotted level) or a mapping of names to "
                            f"numbers or arrays. Got {ref!r} instead.")
        ref = {"": ref}
    levels, curves = {}, {}
    for name, value in ref.items():
        where = f"ref[{name!r}]"
        if np.ndim(value) == 0 and not isinstance(value, (bool, str)):
            level = float(value)
            if not np.isfinite(level):
                raise ValueError(f"{where} must be a finite number. Got {value!r} instead.")
            levels[str(name)] = level
        else:
            curve = _column(value, where)
            if lengths != {len(curve)}:
                raise ValueError(f"{where} must hold one value per value of the curves "
                                 f"({sorted(lengths)}). Got {len(curve)} instead.")
            curves[str(name)] = curve
    return levels, curves


def _check_colors(colors: Any, count: int) -> list[str]:
    if colors is None:
        return [PALETTE[i % len(PALETTE)] for i in range(count)]
    colors = [colors] if isinstance(colors, str) else list(colors)
    if len(colors) != count:
        raise ValueError(f"colors must hold one colour per curve ({count}). Got {len(colors)} instead.")
    return colors


def _visible(x: NDArray, y: NDArray, logs: str) -> tuple[NDArray, NDArray]:
    """The points a log axis can show: others become gaps (nan), never a warning."""
    x, y = x.astype(float), y.astype(float)
    with np.errstate(invalid="ignore"):
        if "x" in logs:
            x = np.where(x > 0, x, np.nan)
        if "y" in logs:
            y = np.where(y > 0, y, np.nan)
    return x, y


def _span(values: Sequence[NDArray], log: bool, *, pad: bool) -> tuple[float, float]:
    """The range of the finite values (positive ones on a log axis), padded by a few per cent."""
    flat = np.concatenate([np.ravel(v) for v in values]) if values else np.empty(0)
    flat = flat[np.isfinite(flat) & ((flat > 0) if log else True)]
    if not flat.size:
        return (0.1, 10.0) if log else (0.0, 1.0)
    if log:
        return log_range(flat, 0.04 if pad else 0.0)
    low, high = float(flat.min()), float(flat.max())
    if low == high:
        return low - 0.5, high + 0.5
    margin = 0.03 * (high - low) if pad else 0.0
    return low - margin, high + margin


def _scale_note(label: str, log: bool) -> str:
    return f"{label} (log scale)" if log and label and "log" not in label else label
