"""The scene contract: what an :class:`~gdviz.explorers.explorer.Explorer` asks of the scene it drives.

Every explorer is the one :class:`Explorer` widget around a *scene* (the part that knows the
objective, the figure and the words); :mod:`gdviz.explorers.scenes`, :mod:`~gdviz.explorers.race`
and :mod:`~gdviz.explorers.training` hold the scenes gdviz ships. A new explorer is a new scene
that fulfils :class:`Scene`, plus an ``explore_*`` function that makes its controls; the explorer
checks the scene once, when it is made (:func:`check_scene`), and ``tests/test_conformance.py``
runs the common checks on every ``explore_*`` function it finds.
"""
from __future__ import annotations

import inspect
from typing import Any, Protocol, runtime_checkable

__all__ = ["Run", "Scene", "check_scene"]


@runtime_checkable
class Run(Protocol):
    """What a scene's ``compute`` returns: a :class:`~gdviz.core.records.Path`, a race, ...

    The explorer only asks how many steps it holds (the step slider goes from 0 to ``n_steps``);
    everything else about it is the scene's business.
    """

    n_steps: int


@runtime_checkable
class Scene(Protocol):
    """What an explorer's scene provides.

    Attributes
    ----------
    frames : FigureFrames
        The figure, made once, and its PNG frames (:class:`gdviz.explorers.frames.FigureFrames`).
    views : dict
        The updatable views drawing on the figure; emptied when the explorer closes.
    header : str
        The HTML line above the controls (title, formula, what to try).

    Methods
    -------
    compute(settings) -> Run
        The run for the controls' current values (``settings``: control name to value, step and
        Play left out). Raises for a bad value typed in: the explorer shows the message.
    show(run, step)
        Move the views' artists to ``step`` of ``run`` (no new artists, no drawing: the explorer
        takes the frame).
    readout(run, step) -> str
        The numbers at ``step`` as HTML (the panel beside the picture).
    describe(settings, run) -> str
        The sentence that stands for the live widget where there is no kernel (``run`` may be
        ``None``); plain Unicode, no LaTeX.
    """

    frames: Any
    views: dict
    header: str

    def compute(self, settings: dict[str, Any]) -> Run: ...

    def show(self, run: Any, step: int) -> None: ...

    def readout(self, run: Any, step: int) -> str: ...

    def describe(self, settings: dict[str, Any], run: Any | None) -> str: ...


#: The members of :class:`Scene`, read off the protocol itself: methods and attributes.
SCENE_METHODS = {name: f"{name}({', '.join(list(inspect.signature(member).parameters)[1:])})"
                 for name, member in vars(Scene).items()
                 if inspect.isfunction(member) and not name.startswith("_")}
SCENE_ATTRIBUTES = tuple(Scene.__annotations__)


def check_scene(scene: Any) -> Scene:
    """``scene`` itself, after checking that it has every member of :class:`Scene`.

    Raises
    ------
    TypeError
        Naming every member the scene lacks (or has but cannot call).

    Examples
    --------
    >>> class Half:
    ...     frames, views, header = None, {}, "half a scene"
    ...     def compute(self, settings): ...
    >>> check_scene(Half())
    Traceback (most recent call last):
    ...
    TypeError: scene must provide what gdviz.explorers.scene.Scene declares; Half lacks show(run, step), \
readout(run, step), describe(settings, run).
    """
    missing = [name for name in SCENE_ATTRIBUTES if not hasattr(scene, name)]
    missing += [call for name, call in SCENE_METHODS.items() if not callable(getattr(scene, name, None))]
    if missing:
        raise TypeError(f"scene must provide what gdviz.explorers.scene.Scene declares; "
                        f"{type(scene).__name__} lacks {', '.join(missing)}.")
    return scene
