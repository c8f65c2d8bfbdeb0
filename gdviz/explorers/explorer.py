"""Explorer: the widget class, controls, one precomputed path, a picture updated in place, a readout.

How a change flows (see :class:`Explorer`):

1. a setting (learning rate, steps, start, batch size) changes -> the path is marked stale;
   the step control changes -> nothing is recomputed;
2. either way one redraw is *requested*; requests arriving before it runs are merged
   (:class:`gdviz.explorers.frames.Coalescer`), so a burst of slider messages costs one redraw that
   shows the latest values;
3. the redraw recomputes the path once if it is stale, indexes it at the current step, moves
   the views' artists, rewrites the readout and sets the Image widget to the new PNG frame.

Errors inside a redraw (a start typed as "nan", a loss that raises) are shown in the widget's
message line in red; the previous picture stays.

An explorer holds a figure and a few dozen widgets (several megabytes). :meth:`Explorer.close`
gives them back, and running the same notebook cell again closes the explorer that the cell
made last time (:func:`cell_slot`), so re-running a cell does not pile up memory in the kernel.
"""
from __future__ import annotations

import base64
import html
import sys
import weakref
from typing import Any, Callable, Iterator

import ipywidgets as widgets
import traitlets
from ipywidgets.widgets.widget import _instances as _live_widgets
from ipywidgets.widgets.widget_link import Link

from ..accessibility import live_region, style_sheet
from .frames import Coalescer, FigureFrames, call_later
from .scene import Scene, check_scene
from .text import error_line

__all__ = ["Explorer"]


class Explorer(widgets.VBox):
    """An interactive picture: controls on top, the figure with a text readout beside it.

    Made by the ``explore_*`` functions; not usually created directly. Inside a kernel a change
    is drawn on the event loop once the current message (or notebook cell) is done; call
    :meth:`refresh` to draw at once. Without an event loop (scripts, tests) it is drawn at once.
    :meth:`close` gives its widgets and figure back; running the notebook cell that made it
    again closes it for you.

    Attributes
    ----------
    controls : dict of str to Widget
        ``"lr"``, ``"steps"``, ``"start"``, ``"step"`` (and ``"play"``, ``"batch_size"``,
        ``"w"``, ``"b"``, ``"width"``, ``"optimizer"`` where they apply). Set ``.value`` to drive
        the explorer from code.
    path : Path
        The current descent path (recomputed once per change of a setting).
    figure : matplotlib.figure.Figure
        The figure, created once; its artists move on every update.
    views : dict
        The updatable views drawing on the figure (``"main"``, ``"loss"``...).
    image : ipywidgets.Image
        The picture the browser shows (PNG bytes of the figure).
    readout, message : ipywidgets.HTML
        The numbers at the current step, and a line for problems (empty when all is well).
    error : Exception or None
        The last problem met while updating, ``None`` after a successful update.
    closed : bool
        True once :meth:`close` has run (by hand, or because its cell ran again).
    """

    closed = True  # until __init__ is through: an explorer refused half-made has nothing to close

    def __init__(self, scene: Scene, controls: dict[str, widgets.Widget], *,
                 rows: list[widgets.Widget], header: widgets.Widget | None = None,
                 schedule: Callable[[Callable[[], None], float], bool] = call_later):
        self.scene = check_scene(scene)  # a TypeError naming what a new scene lacks
        self.controls = controls
        self.frames: FigureFrames = scene.frames
        self.views = scene.views
        self.error: Exception | None = None
        self._path = None
        self._stale = True
        self._invalid: Exception | None = None
        self._syncing = False
        width, height = self.frames.pixel_size
        self.image = DescribedImage(format="png", layout=widgets.Layout(
            width=f"{width}px", max_width="100%", height="auto", flex="0 1 auto"))
        self.image.add_class("gdviz-figure")
        self.readout = widgets.HTML(layout=widgets.Layout(width="250px", flex="0 0 auto",
                                                          margin="0 0 0 8px"))
        self.readout.add_class("gdviz-readout")
        self.message = widgets.HTML()
        self.message.add_class("gdviz-message")
        # the picture's text alternative for screen readers: a polite live region, rewritten only once the
        # picture has stood still for ANNOUNCE_AFTER seconds (a drag is announced once, at its end)
        self.sentence = widgets.HTML(layout=widgets.Layout(height="0px", margin="0", overflow="hidden"))
        self.sentence.add_class("gdviz-sentence")
        self._schedule = schedule
        self._announced: tuple[int, str | None] = (0, None)
        self.coalescer = Coalescer(self._redraw, schedule)
        self._observed: list[tuple[widgets.Widget, Callable]] = []
        self.closed = False
        for name, control in controls.items():
            if name == "play":
                continue
            handler = self._on_step if name == "step" else self._on_setting
            control.observe(handler, names="value")
            self._observed.append((control, handler))
        picture = widgets.HBox([self.image, self.readout],
                               layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"))
        children = ([header] if header is not None else []) + list(rows) + [picture, self.sentence, self.message, style_sheet()]
        super().__init__(children)
        self.add_class("gdviz-explorer")
        self.coalescer.request()
        self.coalescer.flush()  # the first picture is there as soon as the widget is
        _replace_predecessor(self)

    # -- reacting to controls ------------------------------------------------------------
    def _on_setting(self, change: Any) -> None:
        self._stale = True
        self.coalescer.request()

    def _on_step(self, change: Any) -> None:
        if not self._syncing:
            self.coalescer.request()

    # -- state ---------------------------------------------------------------------------
    @property
    def figure(self):
        return self.frames.figure

    @property
    def settings(self) -> dict[str, Any]:
        """Current values of the controls that change the path (everything but step/play)."""
        return {name: c.value for name, c in self.controls.items() if name not in ("step", "play")}

    @property
    def path(self):
        """The path for the current settings (the last good one if the settings are invalid)."""
        if self._stale:
            self._recompute()
        return self._path

    def _recompute(self) -> None:
        """Compute the path for the current settings once; keep the old one if they are invalid."""
        self._stale = False
        try:
            path = self.scene.compute(self.settings)
        except Exception as exc:  # a bad value typed in, or a loss that raises
            if self._path is None:
                raise
            self._invalid = exc  # reported until a setting changes again
            return
        self._invalid = None
        following = "step" in self.controls and (
            self._path is None or self.controls["step"].value >= self._path.n_steps)
        self._path = path
        self._sync_step(path.n_steps, following)

    def _sync_step(self, n_steps: int, following: bool) -> None:
        """Fit the step controls to a path of ``n_steps`` (keeping the end in view if it was)."""
        step = self.controls.get("step")
        if step is None:
            return
        self._syncing = True
        try:
            for name in ("step", "play"):
                control = self.controls.get(name)
                if control is not None and (control.max != n_steps or (
                        (following or control.value > n_steps) and control.value != n_steps)):
                    with control.hold_sync():  # max and value in one message: one re-render
                        control.max = n_steps
                        if following or control.value > n_steps:
                            control.value = n_steps
        finally:
            self._syncing = False

    @property
    def step(self) -> int:
        """The step shown (the end of the path when there is no step control)."""
        n_steps = self.path.n_steps
        step = self.controls.get("step")
        return n_steps if step is None else min(int(step.value), n_steps)

    # -- drawing -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Draw now if a redraw is waiting (handy in a notebook cell or a test)."""
        self.coalescer.flush()

    def _redraw(self) -> None:
        if self.closed:  # a redraw scheduled before close()
            return
        try:
            path = self.path
            step = self.step
            self.scene.show(path, step)
            self.readout.value = f'<div style="line-height:1.45">{self.scene.readout(path, step)}</div>'
            self.image.value = self.frames.png()
        except Exception as exc:  # shown in the widget: a callback's traceback would be lost
            self._fail(exc)
            return
        self._announce_soon()
        self.error = self._invalid
        self.message.value = "" if self._invalid is None else _problem(self._invalid)

    def _announce_soon(self) -> None:
        """Rewrite the text alternative once the picture has stood still for :data:`ANNOUNCE_AFTER` s.

        Each redraw restarts the wait, so a drag over twenty notches is announced once. Without an
        event loop (a script, a cell being run) it is rewritten at once.
        """
        turn = self._announced[0] + 1
        self._announced = (turn, self._announced[1])
        if not self._schedule(lambda: self._announce(turn), ANNOUNCE_AFTER):
            self._announce(turn)

    def _announce(self, turn: int) -> None:
        """Give the picture its sentence: the image's ``title`` and the live region's text."""
        if self.closed or turn != self._announced[0]:  # closed, or a newer redraw waits its turn
            return
        sentence = repr(self)
        if sentence != self._announced[1]:
            self._announced = (turn, sentence)
            self.image.tooltip = sentence
            self.sentence.value = live_region(sentence)

    def _fail(self, exc: Exception) -> None:
        self.error = exc
        self.message.value = _problem(exc)

    # -- closing -------------------------------------------------------------------------
    def close(self) -> None:
        """Close the explorer and give its memory back: every widget, the figure, the cached frames.

        Closes each widget inside it (controls, their layouts and styles, the picture, the
        readout) and the browser-side links between them (Play and the step slider), removes the
        observers, empties the figure and drops the cached background and the last frame. The
        explorer still answers ``repr`` (its last sentence); it no longer draws, and its
        ``controls`` are gone.
        """
        if self.closed:
            return
        if sys.is_finalizing():  # ipywidgets' __del__ at interpreter exit: the process gives everything back
            self.closed = True
            return
        self._sentence = repr(self)
        self.closed = True
        self.coalescer.pending = False
        for control, handler in self._observed:
            control.unobserve(handler, names="value")
        self._observed.clear()
        inside = list(_descendants(self, set()))
        ids = {id(w) for w in inside}
        links = [w for w in list(_live_widgets.values()) if isinstance(w, Link)
                 and any(id(end[0]) in ids for end in (w.source, w.target) if end)]
        self.image.value = b""
        for widget in links + inside[1:]:
            widget.close()
        self.frames.release()
        self.scene.views.clear()
        super().close()
        # IPython's output history may keep the explorer itself: let go of what it still holds
        self.children, self.controls, self._stale, self.scene = (), {}, False, None

    # -- text fallback -------------------------------------------------------------------
    def __repr__(self) -> str:
        if self.closed:
            return self._sentence
        return self.scene.describe(self.settings, self.path)  # up to date even before a redraw

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        """The live widget, plus a still picture and a sentence for pages without a kernel.

        Besides the widget view the bundle holds the frame the widget shows when the cell runs
        (``image/png``), the sentence (``text/plain``) and both together (``text/html``: the
        picture with the sentence as its caption). A page that can't show the live widget shows
        one of these instead: ``jupyter nbconvert --to html`` takes the HTML when the notebook
        stores no widget state for it, JupyterLab shows it for a notebook that isn't trusted yet,
        and the lessons are committed with only these (``tools/store_lessons.py``).
        """
        data = super()._repr_mimebundle_(**kwargs)
        self.refresh()  # a redraw still waiting: the still picture shows the current settings
        sentence = repr(self)  # ipywidgets would cut it at 110 characters
        picture = base64.b64encode(bytes(self.image.value)).decode("ascii") if self.image.value else None
        if picture:  # base64 text, as notebooks store PNGs
            data["image/png"] = picture
        data["text/plain"] = sentence
        data["text/html"] = still_html(picture, sentence)
        return data


#: Seconds the picture must stand still before its sentence is rewritten for screen readers.
ANNOUNCE_AFTER = 0.8


def still_html(picture: str | None, sentence: str) -> str:
    """An explorer's still: its PNG frame (base64 text, or ``None``) captioned by its sentence.

    The sentence is also the picture's ``alt`` text. Plain markup a sanitizer keeps (no script, no
    style sheet), escaped.

    Examples
    --------
    >>> still_html(None, "w < 1 & falling")
    '<figure class="gdviz-still" style="margin: 0"><figcaption>w &lt; 1 &amp; falling</figcaption></figure>'
    >>> still_html("iVBO", 'w "falls"').split(" style")[0]
    '<figure class="gdviz-still"'
    >>> 'alt="w &quot;falls&quot;"' in still_html("iVBO", 'w "falls"')
    True
    """
    caption = html.escape(sentence).replace("\n", "<br>")
    alt = html.escape(" ".join(sentence.split()), quote=True)
    image = ("" if not picture else
             f'<img src="data:image/png;base64,{picture}" alt="{alt}" style="max-width: 100%">')
    return f'<figure class="gdviz-still" style="margin: 0">{image}<figcaption>{caption}</figcaption></figure>'


class DescribedImage(widgets.Image):
    """An Image whose ``tooltip`` is its text alternative (the ``title`` of the ``<img>``).

    ipywidgets' Image has no ``alt`` (jupyter-widgets/ipywidgets#2650) and its view reads the model's
    ``description`` before it sets a tooltip, which an Image model lacks (the view then fails): this
    one syncs an empty ``description`` so that the tooltip becomes the picture's ``title``.
    """

    description = traitlets.Unicode("").tag(sync=True)


def _descendants(widget: widgets.Widget, seen: set[int]) -> Iterator[widgets.Widget]:
    """``widget`` and every widget it holds (children, layouts, styles), each once, parents first."""
    if id(widget) in seen:
        return
    seen.add(id(widget))
    yield widget
    for name in widget.keys:
        value = getattr(widget, name, None)
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(item, widgets.Widget):
                yield from _descendants(item, seen)


#: The explorer each notebook cell made last (the n-th of its run, for cells that make several).
_MADE_BY_CELL: dict[tuple[str, int], weakref.ref] = {}
_THIS_RUN: dict[str, Any] = {"msg_id": None, "made": 0}


def cell_slot() -> tuple[str, int] | None:
    """Which cell is making an explorer, and the how-manieth of this run; ``None`` outside a cell.

    The cell is the ``cellId`` JupyterLab sends with each execution (in the request's
    metadata), else the cell's source text. Only a cell being executed counts: explorers
    made in a widget's callback or outside a kernel have no slot.
    """
    try:
        from IPython import get_ipython

        kernel = getattr(get_ipython(), "kernel", None)
        parent = kernel.get_parent() if kernel is not None else None
        if not parent or parent["header"]["msg_type"] != "execute_request":
            return None
        cell = parent.get("metadata", {}).get("cellId") or parent["content"]["code"]
        msg_id = parent["header"]["msg_id"]
    except Exception:  # another kernel, or an old ipykernel: no slots
        return None
    if _THIS_RUN["msg_id"] != msg_id:
        _THIS_RUN.update(msg_id=msg_id, made=0)
    _THIS_RUN["made"] += 1
    return str(cell), _THIS_RUN["made"]


def _replace_predecessor(explorer: Explorer) -> None:
    """Close the explorer this cell made in its last run (in the same place), remember this one."""
    slot = cell_slot()
    if slot is None:
        return
    previous = _MADE_BY_CELL.get(slot)
    previous = previous() if previous is not None else None
    if previous is not None and previous is not explorer:
        previous.close()
    _MADE_BY_CELL[slot] = weakref.ref(explorer)


def _problem(exc: Exception) -> str:
    """The message line for a problem: the error's own words (its type too if unexpected)."""
    kind = "" if isinstance(exc, (ValueError, TypeError)) else f"{type(exc).__name__}: "
    return error_line(f"{kind}{exc} The picture shows the last valid settings.")
