"""What the widgets add for keyboards, screen readers and reduced motion: a focus ring, live regions, a style.

ipywidgets gives its controls no way to set ARIA attributes (jupyter-widgets/ipywidgets#2650), so gdviz
puts what it can in the markup it writes itself:

- :func:`live_region`: an explorer's sentence in a polite ``role="status"`` region, visually hidden;
- :func:`alert_html`: quiz feedback in a ``role="alert"`` (announced when it appears);
- :func:`style_sheet`: one hidden HTML widget holding a style sheet: a visible focus ring on every control of
  gdviz's widgets, and no "▶ play" button when the browser asks for reduced motion (the path then moves a
  step per press of "next step ▶").
"""
from __future__ import annotations

import html

import ipywidgets as widgets

__all__ = ["FOCUS_COLOUR", "STYLE", "alert_html", "live_region", "style_sheet"]

#: The focus ring's colour: Okabe–Ito blue, 3:1 or more against white and the light grey of the buttons.
FOCUS_COLOUR = "#0072B2"

_ROOTS = (".gdviz-explorer", ".gdviz-exercise", ".gdviz-predict", ".gdviz-challenge")

#: The style sheet: a focus ring on keyboard focus inside gdviz's widgets; no Play under reduced motion.
STYLE = (
    ", ".join(f"{root} :focus-visible" for root in _ROOTS)
    + f" {{ outline: 3px solid {FOCUS_COLOUR} !important; outline-offset: 2px; }}\n"
    + "@media (prefers-reduced-motion: reduce) { .gdviz-player .gdviz-play { display: none !important; } }"
)

_HIDDEN = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
           "clip:rect(0,0,0,0);white-space:nowrap;border:0")


def style_sheet() -> widgets.HTML:
    """A widget that shows nothing and holds :data:`STYLE` (one per explorer or question: harmless twice).

    >>> style_sheet().value.startswith("<style>")
    True
    """
    sheet = widgets.HTML(value=f"<style>{STYLE}</style>",
                         layout=widgets.Layout(height="0px", margin="0", overflow="hidden"))
    sheet.add_class("gdviz-style")
    return sheet


def live_region(sentence: str) -> str:
    """The sentence in a polite live region, visually hidden (screen readers read it, eyes see the picture).

    >>> live_region("w < 1")[:60]
    '<div role="status" aria-live="polite" aria-atomic="true" sty'
    >>> live_region("w < 1").endswith(">w &lt; 1</div>")
    True
    """
    return (f'<div role="status" aria-live="polite" aria-atomic="true" style="{_HIDDEN}">'
            f'{html.escape(sentence)}</div>')


def alert_html(markup: str) -> str:
    """``markup`` (already HTML) in an alert: a screen reader reads it out as soon as it appears.

    >>> alert_html("<b>✓</b> Correct!")
    '<div role="alert"><b>✓</b> Correct!</div>'
    """
    return f'<div role="alert">{markup}</div>'
