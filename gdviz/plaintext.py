r"""LaTeX to plain Unicode: the text that shows where no formula is typeset.

Radio buttons and checkboxes cannot typeset LaTeX, and a stored text fallback (GitHub, a handout, a
terminal) shows its characters as they are. :func:`plain` turns the ``$...$`` parts of a lesson's text
into what a reader would write by hand: ``$\tfrac12 \ln 9$`` is ``½ ln 9``, ``$\sqrt{v + \epsilon}$`` is
``√(v + ε)``, ``$|g| \gg 1$`` is ``|g| ≫ 1``, ``$w^\ast$`` is ``w*``, ``$b_{j+1}$`` is ``bⱼ₊₁``.
No backslash command, brace, ``^`` or ``_`` is left: a super- or subscript without Unicode characters
for all its letters is written on the line, in parentheses when it is more than one character
(``e^{\text{big}}`` is ``e(big)``... rarely needed: the lessons' scripts all have Unicode forms).

Examples
--------
>>> plain(r"$L(w) = w^2$, step $\eta \cdot 2w$")
'L(w) = w², step η · 2w'
>>> plain(r"$\sqrt{v} + \epsilon$ against $\sqrt{v + \epsilon}$")
'√v + ε against √(v + ε)'
"""
from __future__ import annotations

import re

__all__ = ["plain"]

#: Commands that stand for one character (or a space).
SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "nabla": "∇", "partial": "∂", "cdot": "·", "times": "×", "pm": "±", "mp": "∓", "div": "÷",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ll": "≪", "gg": "≫", "approx": "≈", "neq": "≠", "ne": "≠",
    "equiv": "≡", "sim": "∼", "propto": "∝", "infty": "∞", "to": "→", "rightarrow": "→", "leftarrow": "←",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "mapsto": "↦", "in": "∈", "notin": "∉", "sum": "Σ", "prod": "Π",
    "int": "∫", "ast": "*", "star": "⋆", "circ": "∘", "dots": "…", "ldots": "…", "cdots": "⋯", "prime": "′",
    "lvert": "|", "rvert": "|", "vert": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖",
    "langle": "⟨", "rangle": "⟩", "{": "{", "}": "}", "%": "%", "$": "$", "#": "#", "&": "&",
    "top": "ᵀ", "intercal": "ᵀ",  # the transpose: X^\top is Xᵀ
    "quad": " ", "qquad": " ", ",": "", ";": "", ":": "", " ": " ", "!": "",
}
#: Commands written as their name (functions).
NAMES = ("ln", "log", "exp", "max", "min", "arg", "argmin", "argmax", "sin", "cos", "tan", "det", "lim", "sup",
         "inf")
#: Commands whose braced argument is kept as it is (fonts, text, sizes of delimiters dropped).
KEEP = ("text", "textrm", "textit", "textbf", "mathrm", "mathit", "mathbf", "mathsf", "mathcal", "boldsymbol",
        "operatorname", "mbox")
DROP = ("left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
        "displaystyle", "textstyle", "limits", "nolimits")
#: Accents, as combining characters after their letter.
ACCENTS = {"hat": "\u0302", "bar": "\u0304", "overline": "\u0304", "tilde": "\u0303", "dot": "\u0307",
           "ddot": "\u0308", "vec": "\u20d7"}
SUPERSCRIPT = dict(zip("0123456789+-=()nijkmtTabcdeghlopsuvwxyz*′",
                       "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱʲᵏᵐᵗᵀᵃᵇᶜᵈᵉᵍʰˡᵒᵖˢᵘᵛʷˣʸᶻ*′"))
SUBSCRIPT = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
SUBSCRIPT.update({"β": "ᵦ", "γ": "ᵧ", "ρ": "ᵨ", "φ": "ᵩ", "χ": "ᵪ"})
SUPERSCRIPT.update({"β": "ᵝ", "γ": "ᵞ", "δ": "ᵟ", "θ": "ᶿ", "φ": "ᵠ", "χ": "ᵡ"})
#: Fractions with a character of their own.
FRACTIONS = {("1", "2"): "½", ("1", "3"): "⅓", ("2", "3"): "⅔", ("1", "4"): "¼", ("3", "4"): "¾",
             ("1", "8"): "⅛"}


def plain(text: str) -> str:
    r"""``text`` with every ``$...$`` (and ``$$...$$``) part in plain Unicode, and no emphasis tags.

    Outside the formulas only ``<i>``, ``<b>``, ``<em>``, ``<strong>`` and ``<code>`` tags go (emphasis is
    for the widget's HTML) and a stray ``\"`` becomes ``"``.

    Parameters
    ----------
    text : str
        Lesson text: prose with LaTeX between dollar signs.

    Returns
    -------
    str
        The same text with no LaTeX markup left.

    Examples
    --------
    >>> plain(r"Near $\tfrac12(0.8^2 + 0.1^2) = 0.325$")
    'Near ½(0.8² + 0.1²) = 0.325'
    >>> plain(r"$e^{-z}$, $b_{j+1}$, $w^\ast$ and $|g| \gg 1$")
    'e⁻ᶻ, bⱼ₊₁, w* and |g| ≫ 1'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string. Got {text!r} instead.")
    text = re.sub(r"</?(?:i|b|em|strong|code)>", "", text).replace('\\"', '"')
    parts = re.split(r"\$\$?", text)
    if len(parts) % 2 == 0:  # an unpaired dollar sign is a dollar sign
        parts[-2:] = ["$".join(parts[-2:])]
    return "".join(formula(p) if i % 2 else p for i, p in enumerate(parts))


def formula(tex: str) -> str:
    r"""One formula (the inside of ``$...$``) in plain Unicode.

    >>> formula(r"\theta \leftarrow \theta - \eta\, \frac{\partial L}{\partial \theta}")
    'θ ← θ - η ∂L/∂θ'
    """
    out = _Reader(tex).read()
    out = re.sub(r"(?<=[\d½⅓⅔¼¾⅛)])(?=(?:ln|log|exp)\b)", " ", out)  # ½ ln 6, not ½ln 6
    return re.sub(r" {2,}", " ", out).strip()


class _Reader:
    """A small recursive reader of the LaTeX the lessons use: commands, groups, scripts."""

    def __init__(self, tex: str) -> None:
        self.tex, self.i = tex, 0

    def read(self, stop: str = "") -> str:
        out = []
        while self.i < len(self.tex):
            char = self.tex[self.i]
            if char in stop:
                break
            out.append(self.item())
        return "".join(out)

    def item(self) -> str:
        """The next character, command or group, with the scripts that follow it."""
        base = self.atom()
        while self.i < len(self.tex) and self.tex[self.i] in "^_":
            mark = self.tex[self.i]
            self.i += 1
            base += _script(self.argument(), mark)
        return base

    def atom(self) -> str:
        char = self.tex[self.i]
        if char == "{":
            return self.group()
        if char == "}":  # an unmatched brace: nothing to show
            self.i += 1
            return ""
        if char == "\\":
            return self.command()
        if char in "^_":  # a script with no base
            return ""
        self.i += 1
        return char

    def group(self) -> str:
        self.i += 1
        inside = self.read(stop="}")
        self.i += 1
        return inside

    def argument(self) -> str:
        """A command's or script's argument: a group, a command or one character (spaces skipped)."""
        while self.i < len(self.tex) and self.tex[self.i] == " ":
            self.i += 1
        if self.i >= len(self.tex):
            return ""
        return self.atom()

    def command(self) -> str:
        found = re.compile(r"\\([a-zA-Z]+|.)").match(self.tex, self.i)
        if found is None:  # a final backslash
            self.i += 1
            return ""
        name = found[1]
        self.i = found.end()
        if name in ("frac", "tfrac", "dfrac"):
            return _fraction(self.argument(), self.argument())
        if name == "sqrt":
            body = self.argument().strip()
            return "√" + (body if re.fullmatch(r"\d+(?:\.\d+)?|[^\W\d_]", body) or _enclosed(body) else f"({body})")
        if name in ACCENTS:
            body = self.argument()
            return body[:1] + ACCENTS[name] + body[1:] if body else ""
        if name in KEEP:
            return self.argument()
        if name in DROP:
            return ""
        if name in ("partial", "nabla"):  # an operator on what follows: ∂L, ∇L
            while self.i < len(self.tex) and self.tex[self.i] == " ":
                self.i += 1
        if name in SYMBOLS:
            return SYMBOLS[name]
        if name in NAMES:
            if self.tex.startswith("\\", self.i):  # \ln\frac{a}{b}: the argument in parentheses
                return f"{name}{_wrapped(self.item())}"
            return name
        return name  # an unknown command: its name, without the backslash


def _fraction(top: str, bottom: str) -> str:
    if (top, bottom) in FRACTIONS:
        return FRACTIONS[(top, bottom)]
    return f"{_wrapped(top)}/{_wrapped(bottom)}"


def _wrapped(body: str) -> str:
    """``body`` as one unit: as it is when it is a single symbol, number or bracketed whole, else in parentheses."""
    body = body.strip()
    if re.fullmatch(r"[\w.′]+|[∂∇]\w+", body) or _enclosed(body):
        return body
    return f"({body})"


def _script(body: str, mark: str) -> str:
    """A super- (``^``) or subscript in Unicode script characters, else on the line (in parentheses if long)."""
    table = SUPERSCRIPT if mark == "^" else SUBSCRIPT
    body = body.strip().replace("−", "-")
    if body in ("*", "∗"):
        return "*"
    if body and all(c in table for c in body):
        return "".join(table[c] for c in body)
    return f"({body})" if len(body) > 1 and not _enclosed(body) else body


def _enclosed(text: str) -> bool:
    """True for ``(...)`` (or ``[...]``, ``|...|``) whose first bracket closes at the very end."""
    pairs = {"(": ")", "[": "]", "|": "|", "‖": "‖"}
    if len(text) < 2 or text[0] not in pairs or text[-1] != pairs[text[0]]:
        return False
    if text[0] in "|‖":
        return text[0] not in text[1:-1]
    depth = 0
    for char in text[:-1]:
        depth += (char == text[0]) - (char == pairs[text[0]])
        if depth == 0:
            return False
    return True
