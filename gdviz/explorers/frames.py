"""Frames: how an explorer's picture reaches the browser, coalesced redraws of a figure turned into PNG frames.

Nothing here knows about gradient descent; :mod:`gdviz.explorers.explorer` puts the pieces together.
"""
from __future__ import annotations

import asyncio
import io
import math
import time
from typing import Any, Callable, Sequence

from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.contour import ContourSet
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox, IdentityTransform
from PIL import Image


def call_later(callback: Callable[[], None], delay: float) -> bool:
    """Run ``callback`` on the running asyncio loop (the kernel's) after ``delay`` seconds.

    Returns ``False`` when the caller should rather work at once: when no loop runs (a plain
    script, a test) and while a notebook cell is running (code that sets a control sees the new
    picture at once, and the picture stored with the notebook is the right one). Inside a
    Jupyter kernel every message from the browser is handled inside the kernel's event loop, so
    the callback runs between messages, never in the middle of one.
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return False
    if _running_cell():
        return False
    if delay > 0:
        loop.call_later(delay, callback)
    else:
        loop.call_soon(callback)
    return True


def _running_cell() -> bool:
    """True while the kernel executes a cell (not while it handles a message from a widget)."""
    try:
        from IPython import get_ipython

        kernel = getattr(get_ipython(), "kernel", None)
        parent = kernel.get_parent() if kernel is not None else None
        return bool(parent) and parent["header"]["msg_type"] == "execute_request"
    except Exception:  # another kernel or an old ipykernel: treat it as a widget message
        return False


class Coalescer:
    """Turn a burst of requests into one call of ``work`` that sees the latest state.

    ``request()`` sets a pending flag and, unless a call is already scheduled, schedules one;
    requests arriving before it runs are absorbed. A call runs at once when the last one ended
    at least ``quiet`` seconds ago, else when that time is up. The pause matters inside a
    kernel: messages queued behind a redraw (a burst of slider values) are each handled in
    their own turn of the event loop, so a redraw scheduled straight away would run between
    every two of them; during the pause they are all handled and the next redraw shows the last.

    ``schedule(callback, delay)`` returns ``False`` when it cannot defer; ``work`` then runs at
    once (no event loop: tests, scripts, benchmarks).

    Examples
    --------
    >>> later = []
    >>> c = Coalescer(lambda: None, schedule=lambda cb, delay: later.append(cb) or True)
    >>> for _ in range(20):
    ...     c.request()
    >>> later[0](); c.runs, len(later)
    (1, 1)
    """

    def __init__(self, work: Callable[[], None],
                 schedule: Callable[[Callable[[], None], float], bool] = call_later, *,
                 quiet: float = 0.03, clock: Callable[[], float] = time.monotonic):
        self._work, self._schedule, self._clock = work, schedule, clock
        self.quiet = quiet
        self.pending = False
        self.requests = 0
        self.runs = 0
        self._ended = -math.inf

    def request(self) -> None:
        """Ask for one more run of ``work``, merged with any run that is already scheduled."""
        self.requests += 1
        if self.pending:
            return
        self.pending = True
        delay = max(0.0, self._ended + self.quiet - self._clock())
        if not self._schedule(self.flush, delay):
            self.flush()

    def flush(self) -> None:
        """Run ``work`` now if a run is pending (a scheduled run that finds nothing to do is a no-op)."""
        if not self.pending:
            return
        self.pending = False
        self.runs += 1
        try:
            self._work()
        finally:
            self._ended = self._clock()


class FigureFrames:
    """A matplotlib Figure (no pyplot) and its pictures as PNG bytes, the way a browser gets them.

    The first frame lays the figure out (``constrained``) and that layout is then kept, so a
    redraw never moves the axes. After :meth:`track`, frames are blitted: the still parts
    (axes, ticks, labels, contours, the loss curve of a 1-D objective) are drawn once into a
    cached background, and each frame only pastes it and draws the moving artists on top.

    Parameters
    ----------
    figsize : (float, float)
        Inches.
    dpi : float
        Pixels per inch of the frames.
    """

    def __init__(self, figsize: tuple[float, float], dpi: float):
        self.figure = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        self.canvas = FigureCanvasAgg(self.figure)
        self.moving: list[Artist] = []
        self._background: Any = None
        self._settled = False  # the layout is fixed after the first frame (or settle_layout)
        self._dirty: list[Any] = []  # axes whose region of the background must be drawn again
        self._regions: dict[int, Bbox] = {}  # the cell each axes may redraw alone (_cells)

    def track(self, still: Sequence[Artist] = ()) -> None:
        """Find the moving artists: everything plotted except contours and ``still`` ones.

        A still artist stacked above a moving one (higher zorder) moves too, and so do the
        axes' spines above it and a legend, so that blitted frames keep the stacking order of a
        full draw (a curve that ends on a spine is drawn under it).
        """
        moving = []
        for ax in self.figure.axes:
            content = [*ax.lines, *ax.collections, *ax.texts, *ax.patches, *ax.images]
            fixed = [a for a in content
                     if isinstance(a, ContourSet) or any(a is b for b in still)]
            movers = [a for a in content if not any(a is b for b in fixed)]
            if movers:
                lowest = min(a.get_zorder() for a in movers)
                movers += [a for a in fixed if a.get_zorder() >= lowest]
                movers += [s for s in ax.spines.values() if s.get_visible() and s.get_zorder() >= lowest]
                if ax.get_legend() is not None:
                    movers.append(ax.get_legend())
            moving += sorted(movers, key=lambda a: a.get_zorder())
        for artist in moving:
            artist.set_animated(True)
        self.moving = moving
        self.invalidate()

    def settle_layout(self) -> None:
        """Lay the figure out now, for what it holds now, and keep that layout from then on.

        Call it while the axes show their widest tick labels, so that later, narrower ones fit.
        After the first frame it does nothing (the layout is already fixed).
        """
        if self._settled:
            return
        engine = self.figure.get_layout_engine()
        if engine is not None:
            engine.execute(self.figure)
        self._settle()
        self.invalidate()

    def _settle(self) -> None:
        # "none" leaves a placeholder engine that does nothing, not None: remember instead
        self.figure.set_layout_engine("none")
        self._settled = True

    def release(self) -> None:
        """Empty the figure and drop the cached background and renderer (the explorer is closed)."""
        self.moving = []
        self._background = None
        self._dirty, self._regions = [], {}  # they hold the axes
        self.figure.clear()
        self.canvas = FigureCanvasAgg(self.figure)  # a fresh canvas: the old renderer's pixels go

    def invalidate(self, ax: Any = None) -> None:
        """Forget the cached background (after changing limits, ticks or other still parts).

        With ``ax`` only that axes changed (its limits, say): the next frame redraws just its
        region of the background, which is several times cheaper than the whole figure when
        another axes holds filled contours.
        """
        if ax is None or self._background is None:
            self._background = None
            self._dirty.clear()
        else:
            self._dirty.append(ax)

    def draw(self) -> None:
        """Bring the canvas up to date: paste the background and draw the moving artists."""
        if self._background is None or not self.moving:
            self.canvas.draw()  # animated (moving) artists are left out of this draw
            if not self._settled:
                self._settle()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            self._dirty.clear()
            self._regions = self._cells()
        else:
            self.canvas.restore_region(self._background)
            if self._dirty:
                self._redraw_regions()
        renderer = self.canvas.get_renderer()
        for artist in self.moving:
            if artist.get_visible():
                artist.draw(renderer)

    def _cells(self) -> dict[int, Bbox]:
        """The region of the figure each axes may redraw alone: its cell, between its neighbours.

        An axes' cell reaches left, right, up and down to the tick labels of the nearest axes on
        that side (one pixel short), or to the figure's edge: room for its own labels whatever
        its limits become, without touching another axes' pixels. Found once per full draw.
        """
        renderer = self.canvas.get_renderer()
        axes = self.figure.axes
        tight = [ax.get_tightbbox(renderer) for ax in axes]
        width, height = self.figure.bbox.width, self.figure.bbox.height
        cells = {}
        for ax, own in zip(axes, tight):
            x0 = max([t.x1 + 1 for t in tight if t.x1 <= own.x0] + [0.0])
            x1 = min([t.x0 - 1 for t in tight if t.x0 >= own.x1] + [width])
            y0 = max([t.y1 + 1 for t in tight if t.y1 <= own.y0] + [0.0])
            y1 = min([t.y0 - 1 for t in tight if t.y0 >= own.y1] + [height])
            cells[id(ax)] = Bbox.from_extents(x0, y0, x1, y1)
        return cells

    def _redraw_regions(self) -> None:
        """Draw the still parts of the changed axes again, over their cells, and keep the result.

        Each cell (:meth:`_cells`) is wiped with the figure's colour first, so labels that got
        narrower leave no trace.
        """
        renderer = self.canvas.get_renderer()
        for ax in dict.fromkeys(self._dirty):  # each once, in order
            box = self._regions.get(id(ax), self.figure.bbox)
            wipe = Rectangle((box.x0, box.y0), box.width, box.height, transform=IdentityTransform(),
                             facecolor=self.figure.get_facecolor(), edgecolor="none")
            wipe.set_figure(self.figure)
            wipe.draw(renderer)
            ax.draw(renderer)  # animated (moving) artists are left out of this draw too
        self._dirty.clear()
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)

    def png(self) -> bytes:
        """The current picture as PNG (fast zlib level: a few more bytes, much less time)."""
        self.draw()
        buffer = self.canvas.buffer_rgba()
        height, width = buffer.shape[:2]
        image = Image.frombuffer("RGBA", (width, height), buffer, "raw", "RGBA", 0, 1)
        out = io.BytesIO()
        image.convert("RGB").save(out, format="png", compress_level=1)
        return out.getvalue()

    @property
    def pixel_size(self) -> tuple[int, int]:
        """Width and height of a frame in pixels."""
        width, height = self.figure.get_size_inches() * self.figure.dpi
        return int(round(width)), int(round(height))
