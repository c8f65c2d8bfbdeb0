"""gdviz.plaintext: LaTeX to plain Unicode, on a table of cases, every bank item and every stored fallback."""
from __future__ import annotations

import json
import pkgutil
import re
from importlib import import_module
from pathlib import Path

import pytest

import gdviz.lessons.bank as bank
from gdviz.lessons.items import Choice
from gdviz.plaintext import plain

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))

#: What must never reach a reader of plain text: a LaTeX command, an escaped quote, a script mark after a
#: symbol (``w^2``, ``x_i``; not a name like ``max_steps``), or the name of a command that lost its backslash.
LEFTOVER = re.compile(r"\\[a-zA-Z]+|\\[\"{} ,;:!]|\b[td]?frac(?![a-z])|[\w)}\]]\^|\^[{(\w]|(?<!\w)[a-zA-Z]_[{\w]|[)}]_[{\w]|\b(?:gg|ast|"
                      r"sqrt|epsilon|varepsilon|mathrm|cdot|leftarrow|eta|lambda|sigma|theta|kappa)\b")
#: Code is code: `max_steps`, <code>drop_last</code> and w**2 are what they say.
CODE = re.compile(r"`[^`]*`|<code>.*?</code>")


def leftover(text: str) -> re.Match | None:
    """The first piece of LaTeX markup in ``text`` outside its code spans, or ``None``."""
    return LEFTOVER.search(CODE.sub("", text))


@pytest.mark.parametrize("tex, text", [
    # the leaks of issue 21, each as a reader should see it
    (r"Near $\tfrac12(0.8^2 + 0.1^2) = 0.325$", "Near ½(0.8² + 0.1²) = 0.325"),
    (r"For large gradients, $|g| \gg 1$.", "For large gradients, |g| ≫ 1."),
    (r"The Hessian $X^\top X/n$, or $A^{\intercal} A$.", "The Hessian Xᵀ X/n, or Aᵀ A."),
    (r"the exact weight $w^\ast$?", "the exact weight w*?"),
    (r"$\partial L/\partial b = (-0.2,\ 0.6,\ 0,\ 0.1)$", "∂L/∂b = (-0.2, 0.6, 0, 0.1)"),
    (r'a friend picks $\eta = 0.25$: \"right at the limit\".', 'a friend picks η = 0.25: "right at the limit".'),
    (r"inside it ($\sqrt{v + \epsilon}$, $\epsilon = 10^{-6}$)", "inside it (√(v + ε), ε = 10⁻⁶)"),
    (r"outside it ($\sqrt{v} + \epsilon$)", "outside it (√v + ε)"),
    # scripts, roots and fractions
    (r"$\theta_{12}^{-1}$", "θ₁₂⁻¹"), (r"$e^{-z}$", "e⁻ᶻ"), (r"$b_{j+1}$", "bⱼ₊₁"), (r"$w^{(k)}$", "w⁽ᵏ⁾"),
    (r"$\lambda_{\max}/\lambda_{\min}$", "λₘₐₓ/λₘᵢₙ"), (r"$m_t$, $\hat m_t$", "mₜ, m̂ₜ"),
    (r"$w_{\text{new}}$", "w(new)"), (r"$x^{q}$", "xq"), (r"$x^{qq}$", "x(qq)"),
    (r"$(1 - \sqrt{\eta\lambda})^2$", "(1 - √(ηλ))²"), (r"$\sqrt{100}$, $\sqrt{0.95}$, $\sqrt\kappa$", "√100, √0.95, √κ"),
    (r"$\frac{dL}{dw}$", "dL/dw"), (r"$\frac{1}{1 - \mu}$", "1/(1 - μ)"), (r"$\tfrac14$, $\frac{3}{4}$", "¼, ¾"),
    (r"$\ln\frac{0.9}{0.1}$", "ln(0.9/0.1)"), (r"$-\ln 4 - \tfrac12\ln 6$", "-ln 4 - ½ ln 6"),
    (r"$\frac{\partial L}{\partial w}$", "∂L/∂w"), (r"$\nabla L \approx 0$", "∇L ≈ 0"),
    # symbols, spacing, fonts and delimiters
    (r"$\eta \le 1$, $\eta \leq 1$", "η ≤ 1, η ≤ 1"), (r"$v \leftarrow \beta v$, $\eta\lambda$", "v ← β v, ηλ"),
    (r"$\mathrm{d}w$ and $\left(a\right)$", "dw and (a)"), (r"$\big(\tfrac12\big)$", "(½)"),
    (r"$L(w_1, w_2) = w_1^2 + 10\, w_2^2$", "L(w₁, w₂) = w₁² + 10 w₂²"), (r"$20\,g$", "20g"),
    (r"$\|\theta\|$, $\lVert g \rVert$", "‖θ‖, ‖ g ‖"), (r"$g(1 + \mu + \mu^2 + \dots)$", "g(1 + μ + μ² + …)"),
    (r"$$\sum_i x_i$$", "Σᵢ xᵢ"), (r"$\sigma'(z)$", "σ'(z)"),
    # what is not a formula stays as it is
    ("no maths, $5", "no maths, $5"), ("<i>emphasis</i> and <b>bold</b>", "emphasis and bold"),
    ("`code` and *markdown*", "`code` and *markdown*"), ("", ""),
])
def test_table(tex, text):
    assert plain(tex) == text
    assert not leftover(plain(tex))


def test_text_must_be_a_string():
    with pytest.raises(TypeError, match="text must be a string"):
        plain(3)


def _bank_texts():
    """Every text of every lesson in the bank (the lesson modules found on disk, not listed by hand)."""
    for module in pkgutil.iter_modules(bank.__path__):
        if not module.name.startswith("lesson_"):
            continue
        book = import_module(f"{bank.__name__}.{module.name}").LESSON
        for number, item in book.quizzes.items():
            yield f"{module.name} quiz {number}", [item.question, item.explanation, *(
                (*item.options, *item.feedback.values()) if isinstance(item, Choice)
                else (text for _, text in item.mistakes))]
        for number, item in book.predictions.items():
            yield f"{module.name} prediction {number}", [item.question, item.explanation, *item.options]
        for number, item in book.challenges.items():
            yield f"{module.name} challenge {number}", [item.task, item.explanation]


BANK = list(_bank_texts())


def test_the_bank_is_found():
    assert len({name.split()[0] for name, _ in BANK}) >= 10


@pytest.mark.parametrize("name, texts", BANK, ids=[name for name, _ in BANK])
def test_every_bank_item_reads_as_plain_text(name, texts):
    for text in texts:
        shown = plain(text)
        assert not leftover(shown), (name, shown)
        assert "$" not in shown or "$" not in text.replace("$", "", 1), (name, shown)


def _fallbacks(path: Path):
    """The stored text/plain and text/html of every output a reader without a kernel sees as text: not a
    figure's '<Figure ...>' line, not the repr of an object that also stores its LaTeX (an objective)."""
    for i, cell in enumerate(json.loads(path.read_text())["cells"]):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/latex" in data:
                continue
            for mime in ("text/plain", "text/html"):
                text = "".join(data.get(mime, ""))
                text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", text)
                if text and not text.startswith("<Figure size"):
                    yield i, mime, text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_stored_fallbacks_read_as_plain_text(path):
    for i, mime, text in _fallbacks(path):
        found = leftover(text)
        assert not found, f"cell {i} ({mime}): {found[0]!r} in {text[:300]!r}"


def test_parameter_names_in_sentences_keep_a_feature_name_apart():
    from gdviz.explorers.text import plain_name
    assert plain_name("w_1") == "w₁"
    assert plain_name("w_{12}") == "w₁₂"
    assert plain_name("w_t") == "wₜ"
    # "b" has no Unicode subscript: the name stays on the line in parentheses, never run in ("wbmi")
    assert plain_name("w_{bmi}") == "w(bmi)"
    assert plain_name("b") == "b"
