r"""Update rules: plain descent, momentum, Nesterov, AdaGrad, RMSProp and Adam, on one seam.

An update rule is a small frozen :class:`Rule` holding two pure functions, optax-style:

* ``init(params) -> state``: the rule's memory (a dict of arrays shaped like ``params``);
* ``update(grads, state, t) -> (delta, state)``: the change to add to the parameters at
  update ``t`` (counting from 0) and the new memory. Nothing is changed in place.

Arrays carry a leading batch axis ``(k, d)``: one loop (:func:`gdviz.optimize`) runs a single
path (``k = 1``) or a whole sweep. A hyperparameter is a number, or an array of shape ``(k,)``
giving each row its own value (that is how :func:`gdviz.sweep` sweeps learning rate and
momentum in one pass). The learning rate may also be a schedule (:mod:`gdviz.core.schedules`).

The factories take torch.optim's names, defaults and semantics, so a number computed here can
be checked against ``torch.optim`` step for step. Each rule also knows how to present itself:
its ``name``, ``hyperparams``, its update equations in LaTeX (``equations``) and in plain
Unicode (``text``), and a short ``label`` for legends. Nothing outside this module knows how a
rule updates.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .constraints import BOOLEAN, FINITE_POSITIVE, NON_NEGATIVE, Interval

__all__ = ["Rule", "sgd", "adagrad", "rmsprop", "adam", "check_hyper"]

State = dict[str, NDArray[np.float64]]
#: Hyperparameters' names in words, a rule's :attr:`Rule.words` unless it gives its own.
#: Adam's betas: decay rates in [0, 1).
BETA = Interval(0.0, 1.0, high_open=True)

WORDS = {"lr": "learning rate", "betas": "betas", "eps": "ε", "weight_decay": "weight decay"}


# ---------------------------------------------------------------------------------------------
# Checks and helpers shared by the factories

def check_hyper(value: Any, name: str, *, low: float = 0.0, low_open: bool = False,
                high: float = np.inf, high_open: bool = False) -> float | NDArray[np.float64]:
    """A finite hyperparameter in ``[low, high]`` (ends open where asked): a number or a 1-D array.

    Strings, booleans and ``None`` are refused with a ``TypeError`` naming ``name``; values out of
    range with a ``ValueError`` saying what is accepted (:meth:`gdviz.core.constraints.Interval.check_many`).

    >>> check_hyper(0.5, "momentum"), check_hyper([0.1, 0.2], "lr").tolist()
    (0.5, [0.1, 0.2])
    """
    return Interval(low, high, low_open, high_open).check_many(value, name)


def _col(value: Any) -> Any:
    """A per-row hyperparameter ``(k,)`` as a column ``(k, 1)`` that broadcasts over ``(k, d)``."""
    array = np.asarray(value, dtype=float)
    return array[:, None] if array.ndim == 1 else array


def _rate(lr: Any, t: int) -> Any:
    """The learning rate of update ``t``: a schedule is asked, a number or array used as it is."""
    return _col(lr(t)) if callable(lr) else _col(lr)


def _check_lr(lr: Any) -> Any:
    """A positive finite learning rate, an array of them, or a schedule (checked when made)."""
    if callable(lr) and hasattr(lr, "base"):
        return lr
    return FINITE_POSITIVE.check_many(lr, "lr")


def _fmt(value: Any) -> str:
    """A hyperparameter for a label: ``0.1``, ``0.9``; a sweep's array as its range."""
    if callable(value):
        return str(value)
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        return f"{float(array):g}"
    low, high = float(array.min()), float(array.max())
    return f"{low:g}" if low == high else f"{low:g}…{high:g}"


def _arg(value: Any) -> str:
    """A hyperparameter as a factory's argument in a repr: ``0.1``, ``True``, ``(0.9, 0.999)``."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, tuple):
        return "(" + ", ".join(_arg(v) for v in value) + ")"
    return repr(value) if callable(value) else _fmt(value)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, tuple) or isinstance(b, tuple):
        return (isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b)
                and all(_same(x, y) for x, y in zip(a, b)))
    if callable(a) or callable(b):
        return a == b
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and bool(np.array_equal(a, b))


@dataclass(frozen=True, eq=False)
class Rule:
    r"""One update rule: pure ``init`` / ``update`` functions and how the rule presents itself.

    Attributes
    ----------
    name : str
        For people only (legends, readouts): ``"gradient descent"``, ``"momentum"``, ``"Nesterov"``,
        ``"AdaGrad"``, ``"RMSProp"``, ``"Adam"``, or a name of your own. No code looks a rule up by it.
    hyperparams : mapping of str to number, array or schedule
        The factory's arguments, as given (``{"lr": 0.1, "momentum": 0.9, ...}``).
    equations : str
        The update equations in LaTeX (display style, without dollar signs).
    text : str
        The same in plain Unicode, for one-line readouts.
    init : callable
        ``init(params (k, d)) -> state``.
    update : callable
        ``update(grads (k, d), state, t) -> (delta (k, d), state)``; new params = params + delta.
    symbols : mapping of str to str
        Unicode names of the hyperparameters for labels (``{"lr": "η", "momentum": "μ"}``).
    state_names : mapping of str to str
        What each entry of the state means, in words (``{"b": "velocity (momentum buffer)"}``).
    worked : callable, optional
        ``worked(rule, what, slope, theta, grad, t)``: see :meth:`worked_step`.
    factory : callable, optional
        The function that made the rule (``gdviz.sgd``): its name is the repr's, its defaults are
        the settings a label leaves out, and :func:`gdviz.sweep` could rebuild the rule with it.
    memory : (str, str), optional
        The hyperparameter that sets how long the rule remembers past gradients, and its symbol:
        ``("momentum", "μ")``; for a pair such as Adam's ``betas`` its first entry
        (``("betas", "β₁")``). A race's memory slider sets it. ``None``: no such setting.
    words : mapping of str to str
        Hyperparameters' names in words for axis labels (``{"lr": "learning rate"}``); others
        are written as they are named, underscores as spaces.
    named : bool
        Whether :attr:`label` starts with the name when it shows only the learning rate (plain
        descent's legend reads ``"η = 0.1"``).

    Examples
    --------
    A rule of your own needs only a name, its settings, its equations and the two functions
    (here: descent along the gradient's sign):

    >>> import numpy as np, gdviz
    >>> def sign_descent(lr=0.1):
    ...     return gdviz.Rule("sign descent", {"lr": lr}, r"\theta \leftarrow \theta - \eta\, \mathrm{sign}(g)",
    ...                       "θ ← θ − η·sign(g)", lambda p: {},
    ...                       lambda g, s, t: (-lr * np.sign(g), s), symbols={"lr": "η"},
    ...                       factory=sign_descent)
    >>> sign_descent(0.5), sign_descent(0.5).label
    (sign_descent(lr=0.5), 'sign descent, η = 0.5')
    """

    name: str
    hyperparams: Mapping[str, Any]
    equations: str
    text: str
    init: Callable[[NDArray[np.float64]], State] = field(repr=False)
    update: Callable[[NDArray[np.float64], State, int], tuple[NDArray[np.float64], State]] = field(
        repr=False)
    symbols: Mapping[str, str] = field(default_factory=dict, repr=False)
    state_names: Mapping[str, str] = field(default_factory=dict, repr=False)
    worked: Callable[..., str | None] | None = field(default=None, repr=False)
    factory: Callable[..., Rule] | None = field(default=None, repr=False)
    memory: tuple[str, str] | None = field(default=None, repr=False)
    words: Mapping[str, str] = field(default_factory=lambda: dict(WORDS), repr=False)
    named: bool = field(default=True, repr=False)

    @property
    def lr(self) -> Any:
        """The learning rate (a number, a sweep's array, or a schedule)."""
        return self.hyperparams["lr"]

    @property
    def label(self) -> str:
        """A short legend label: ``"momentum, η = 0.1, μ = 0.9"`` (defaults left out)."""
        defaults = {} if self.factory is None else {
            k: p.default for k, p in inspect.signature(self.factory).parameters.items()}
        parts = [f"{self.symbols[k]} = {_fmt(v)}" for k, v in self.hyperparams.items()
                 if k in self.symbols and (k == "lr" or not _same(v, defaults.get(k)))]
        return ", ".join([self.name if self.named or len(parts) > 1
                          else "", *parts]).lstrip(", ")

    def words_for(self, hyperparameter: str) -> str:
        """``hyperparameter`` in words for an axis label: ``"learning rate"``, ``"weight decay"``."""
        return self.words.get(hyperparameter, hyperparameter.replace("_", " "))

    def memory_value(self) -> Any:
        """The value of the :attr:`memory` hyperparameter (``None`` for a rule without one)."""
        if self.memory is None:
            return None
        value = self.hyperparams[self.memory[0]]
        return value[0] if isinstance(value, tuple) else value

    def rebuilt(self, **changes: Any) -> Rule:
        """The rule made again by its factory with some settings changed; ``memory=`` sets :attr:`memory`.

        >>> import gdviz
        >>> gdviz.adam(0.1).rebuilt(lr=0.5, memory=0.8)
        adam(lr=0.5, betas=(0.8, 0.999), eps=1e-08, amsgrad=False)
        """
        if self.factory is None:
            raise TypeError(f"the rule {self.name!r} has no factory to be made again with; "
                            "give Rule(..., factory=your_factory).")
        hyper = dict(self.hyperparams)
        if "memory" in changes:
            value = changes.pop("memory")
            if self.memory is not None:
                key = self.memory[0]
                hyper[key] = (value, *hyper[key][1:]) if isinstance(hyper[key], tuple) else value
        return self.factory(**{**hyper, **changes})

    def worked_step(self, what: str, slope: str, theta: str, grad: str,
                    t: int) -> list[str] | None:
        """Update ``t`` with its numbers written in, as phrases a readout joins (where it is short).

        ``what`` and ``slope`` name the parameters and the gradient (``"w"``, ``"dL/dw"``),
        ``theta`` and ``grad`` are their values already formatted. Plain descent gives
        ``["w − η · dL/dw", "= 4", "− 0.1 × 8"]``; rules whose step needs their memory give
        ``None`` (a readout then shows the memory instead).
        """
        return None if self.worked is None else self.worked(self, what, slope, theta, grad, t)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rule):
            return NotImplemented
        return (self.name == other.name and self.hyperparams.keys() == other.hyperparams.keys()
                and all(_same(v, other.hyperparams[k]) for k, v in self.hyperparams.items()))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={_arg(v)}" for k, v in self.hyperparams.items())
        maker = self.name if self.factory is None else self.factory.__name__
        return f"{maker}({args})"


# ---------------------------------------------------------------------------------------------
# SGD: plain descent, heavy-ball momentum and Nesterov

def sgd(lr: Any, momentum: Any = 0.0, dampening: Any = 0.0, nesterov: bool = False) -> Rule:
    r"""Gradient descent, with heavy-ball or Nesterov momentum: torch.optim.SGD.

    Plain descent (``momentum=0``): :math:`\theta \leftarrow \theta - \eta\, g`.

    With momentum :math:`\mu > 0` a buffer (the velocity) remembers past gradients. It starts
    as the first gradient, :math:`b_1 = g_1`, then

    .. math:: b_t = \mu\, b_{t-1} + (1 - \tau)\, g_t, \qquad
              \theta \leftarrow \theta - \eta\, b_t

    (:math:`\tau` is ``dampening``). Nesterov's variant steps along :math:`g_t + \mu b_t`: the
    gradient plus a look at where the velocity is about to carry the parameters.

    Other conventions: d2l and distill write :math:`v \leftarrow \beta v + g`, the same rule.
    Ng's deep-learning course averages, :math:`v \leftarrow \beta v + (1 - \beta) g`,
    :math:`\theta \leftarrow \theta - \alpha v`: that is this rule with :math:`\mu = \beta` and
    :math:`\eta = \alpha (1 - \beta)` (its :math:`v` is :math:`(1 - \beta) b` at every step).
    So a course rate :math:`\alpha` becomes ``sgd(lr=alpha * (1 - beta), momentum=beta)``.
    (``dampening=beta`` gives the course's update from the second step on, but torch does
    not dampen the first one.)

    Parameters
    ----------
    lr : float, array or schedule
        Learning rate :math:`\eta > 0`.
    momentum : float or array
        :math:`\mu \ge 0`; 0 is plain descent.
    dampening : float or array
        :math:`\tau \in [0, 1]`, a factor taken off each new gradient in the buffer.
    nesterov : bool
        Nesterov momentum (needs ``momentum > 0`` and ``dampening = 0``, as in torch).

    Returns
    -------
    Rule

    Examples
    --------
    >>> import gdviz
    >>> path = gdviz.optimize(gdviz.parabola(), 4.0, gdviz.sgd(0.1, momentum=0.5), steps=2)
    >>> path.params[:, 0].round(4).tolist()
    [4.0, 3.2, 2.16]
    """
    lr = _check_lr(lr)
    momentum = NON_NEGATIVE.check_many(momentum, "momentum")
    dampening = Interval(0.0, 1.0).check_many(dampening, "dampening")
    BOOLEAN.check(nesterov, "nesterov")
    if nesterov and (np.any(np.asarray(momentum) <= 0) or np.any(np.asarray(dampening) != 0)):
        raise ValueError("nesterov=True needs momentum > 0 and dampening = 0 (as in torch.optim.SGD). "
                         f"Got momentum={momentum!r}, dampening={dampening!r}.")
    plain = not np.any(np.asarray(momentum) != 0)
    hyper = {"lr": lr, "momentum": momentum, "dampening": dampening, "nesterov": bool(nesterov)}

    def init(params: NDArray) -> State:
        return {} if plain else {"b": np.zeros_like(params)}

    def update(grads: NDArray, state: State, t: int) -> tuple[NDArray, State]:
        rate = _rate(lr, t)
        if plain:
            return -rate * grads, state
        mu = _col(momentum)
        b = grads.copy() if t == 0 else mu * state["b"] + (1.0 - _col(dampening)) * grads
        direction = grads + mu * b if nesterov else b
        if np.ndim(momentum) and not nesterov:  # rows with momentum 0 are plain descent
            direction = np.where(mu == 0, grads, direction)
        return -rate * direction, {"b": b}

    if plain:
        return Rule("gradient descent", hyper, r"\theta \leftarrow \theta - \eta\, g",
                    "θ ← θ − η·g", init, update, symbols={"lr": "η"}, worked=_worked_plain,
                    factory=sgd, named=False)
    if nesterov:
        equations = (r"b \leftarrow \mu\, b + g, \quad "
                     r"\theta \leftarrow \theta - \eta\,(g + \mu\, b)")
        text = "b ← μb + g;  θ ← θ − η·(g + μb)"
        name = "Nesterov"
    else:
        damp = r"(1 - \tau)\, " if np.any(np.asarray(dampening) != 0) else ""
        equations = rf"b \leftarrow \mu\, b + {damp}g, \quad \theta \leftarrow \theta - \eta\, b"
        text = f"b ← μb + {'(1 − τ)·' if damp else ''}g;  θ ← θ − η·b"
        name = "momentum"
    symbols = {"lr": "η", "momentum": "μ"}
    if np.any(np.asarray(dampening) != 0):
        symbols["dampening"] = "τ"
    return Rule(name, hyper, equations, text, init, update, symbols=symbols,
                state_names={"b": "velocity b (momentum buffer)"}, factory=sgd,
                memory=("momentum", "μ"))


def _worked_plain(rule: Rule, what: str, slope: str, theta: str, grad: str,
                  t: int) -> list[str] | None:
    lr = rule.lr
    rate = lr(t) if callable(lr) else lr
    if np.ndim(rate):
        return None
    return [f"{what} − η · {slope}", f"= {theta}", f"− {float(rate):.3g} × {grad}"]


# ---------------------------------------------------------------------------------------------
# AdaGrad

def adagrad(lr: Any = 0.01, lr_decay: Any = 0.0, eps: Any = 1e-10,
            initial_accumulator_value: Any = 0.0) -> Rule:
    r"""AdaGrad (Duchi, Hazan and Singer 2011): torch.optim.Adagrad.

    Each parameter gets its own step size, shrinking as its squared gradients add up:

    .. math:: s \leftarrow s + g^2, \qquad
              \theta \leftarrow \theta - \frac{\eta_t}{\sqrt{s} + \epsilon}\, g, \qquad
              \eta_t = \frac{\eta}{1 + t\,\delta}

    (:math:`s` starts at ``initial_accumulator_value``, :math:`\delta` is ``lr_decay``, update
    :math:`t` counts from 0). As :math:`s` only grows, the steps shrink forever.

    Other conventions: d2l puts :math:`\epsilon` inside the root, :math:`g / \sqrt{s + \epsilon}`;
    the two agree once :math:`s \gg \epsilon^2`, and differ most on the first steps of a tiny
    gradient.

    Examples
    --------
    >>> import gdviz
    >>> path = gdviz.optimize(gdviz.parabola(), 4.0, gdviz.adagrad(lr=1.0), steps=1)
    >>> round(float(path.final[0]), 6)   # 4 - 1 * 8 / sqrt(64)
    3.0
    """
    lr = _check_lr(lr)
    lr_decay = NON_NEGATIVE.check_many(lr_decay, "lr_decay")
    eps = NON_NEGATIVE.check_many(eps, "eps")
    initial = NON_NEGATIVE.check_many(initial_accumulator_value, "initial_accumulator_value")
    hyper = {"lr": lr, "lr_decay": lr_decay, "eps": eps,
             "initial_accumulator_value": initial}

    def init(params: NDArray) -> State:
        return {"s": np.zeros_like(params) + _col(initial)}

    def update(grads: NDArray, state: State, t: int) -> tuple[NDArray, State]:
        clr = _rate(lr, t) / (1.0 + t * _col(lr_decay))
        s = state["s"] + grads * grads
        return -clr * grads / (np.sqrt(s) + _col(eps)), {"s": s}

    return Rule("AdaGrad", hyper,
                r"s \leftarrow s + g^2, \quad "
                r"\theta \leftarrow \theta - \frac{\eta}{\sqrt{s} + \epsilon}\, g",
                "s ← s + g²;  θ ← θ − η·g / (√s + ε)", init, update,
                symbols={"lr": "η"}, state_names={"s": "sum of squared gradients s"}, factory=adagrad)


# ---------------------------------------------------------------------------------------------
# RMSProp

def rmsprop(lr: Any = 0.01, alpha: Any = 0.99, eps: Any = 1e-8, momentum: Any = 0.0,
            centered: bool = False) -> Rule:
    r"""RMSProp (Tieleman and Hinton 2012, lecture 6.5): torch.optim.RMSprop.

    AdaGrad that forgets: the squared gradients are averaged with decay :math:`\alpha`,

    .. math:: v \leftarrow \alpha v + (1 - \alpha) g^2, \qquad
              \theta \leftarrow \theta - \eta\, \frac{g}{\sqrt{v} + \epsilon}

    (:math:`v` starts at 0; :math:`\epsilon` is added *after* the square root). ``centered``
    also averages the gradient, :math:`\bar g \leftarrow \alpha \bar g + (1 - \alpha) g`, and
    divides by :math:`\sqrt{v - \bar g^2} + \epsilon` (an estimate of the gradient's spread).
    With ``momentum`` :math:`\mu > 0`: :math:`b \leftarrow \mu b + g / (\sqrt{v} + \epsilon)`,
    :math:`\theta \leftarrow \theta - \eta\, b`.

    Other conventions: d2l writes :math:`\gamma` for :math:`\alpha` and puts :math:`\epsilon`
    inside the root, :math:`g / \sqrt{v + \epsilon}`; Keras' default :math:`\alpha` is 0.9.

    Examples
    --------
    >>> import gdviz
    >>> path = gdviz.optimize(gdviz.parabola(), 4.0, gdviz.rmsprop(lr=0.01), steps=1)
    >>> round(float(path.final[0]), 4)   # first step: lr / sqrt(1 - alpha)
    3.9
    """
    lr = _check_lr(lr)
    alpha = NON_NEGATIVE.check_many(alpha, "alpha")
    eps = NON_NEGATIVE.check_many(eps, "eps")
    momentum = NON_NEGATIVE.check_many(momentum, "momentum")
    BOOLEAN.check(centered, "centered")
    with_momentum = bool(np.any(np.asarray(momentum) != 0))
    hyper = {"lr": lr, "alpha": alpha, "eps": eps, "momentum": momentum,
             "centered": bool(centered)}

    def init(params: NDArray) -> State:
        state = {"v": np.zeros_like(params)}
        if centered:
            state["gbar"] = np.zeros_like(params)
        if with_momentum:
            state["b"] = np.zeros_like(params)
        return state

    def update(grads: NDArray, state: State, t: int) -> tuple[NDArray, State]:
        a = _col(alpha)
        new = {"v": a * state["v"] + (1.0 - a) * grads * grads}
        if centered:
            new["gbar"] = a * state["gbar"] + (1.0 - a) * grads
            denom = np.sqrt(np.maximum(new["v"] - new["gbar"] ** 2, 0.0)) + _col(eps)
        else:
            denom = np.sqrt(new["v"]) + _col(eps)
        if with_momentum:
            new["b"] = _col(momentum) * state["b"] + grads / denom
            return -_rate(lr, t) * new["b"], new
        return -_rate(lr, t) * grads / denom, new

    root = r"\sqrt{v - \bar g^2}" if centered else r"\sqrt{v}"
    if with_momentum:
        equations = (rf"v \leftarrow \alpha v + (1 - \alpha) g^2, \quad "
                     rf"b \leftarrow \mu b + \frac{{g}}{{{root} + \epsilon}}, \quad "
                     r"\theta \leftarrow \theta - \eta\, b")
        text = "v ← αv + (1 − α)g²;  b ← μb + g / (√v + ε);  θ ← θ − η·b"
    else:
        equations = (rf"v \leftarrow \alpha v + (1 - \alpha) g^2, \quad "
                     rf"\theta \leftarrow \theta - \eta\, \frac{{g}}{{{root} + \epsilon}}")
        text = "v ← αv + (1 − α)g²;  θ ← θ − η·g / (√v + ε)"
    symbols = {"lr": "η", "alpha": "α"}
    if with_momentum:
        symbols["momentum"] = "μ"
    names = {"v": "average squared gradient v", "gbar": "average gradient ḡ",
             "b": "velocity b (momentum buffer)"}
    return Rule("RMSProp", hyper, equations, text, init, update, symbols=symbols,
                state_names={k: names[k] for k in init(np.zeros((1, 1)))}, factory=rmsprop)


# ---------------------------------------------------------------------------------------------
# Adam

def adam(lr: Any = 0.001, betas: tuple[Any, Any] = (0.9, 0.999), eps: Any = 1e-8,
         amsgrad: bool = False) -> Rule:
    r"""Adam (Kingma and Ba 2015): torch.optim.Adam, momentum plus RMSProp plus bias correction.

    .. math:: m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad
              v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \quad
              \hat m = \frac{m}{1 - \beta_1^{t}}, \quad \hat v = \frac{v}{1 - \beta_2^{t}}, \quad
              \theta \leftarrow \theta - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}

    (:math:`m, v` start at 0; :math:`t = 1, 2, \dots` here). Both averages start at zero, so
    early on they are too small; dividing by :math:`1 - \beta^t` corrects that. On the first
    step :math:`\hat m = g` and :math:`\sqrt{\hat v} = |g|`: each coordinate moves by about
    :math:`\eta`, whatever the size of the gradient. ``amsgrad`` (Reddi, Kale and Kumar 2018)
    divides by the largest :math:`\hat v` so far instead.

    Other conventions: the paper and d2l write the same rule; some texts put :math:`\epsilon`
    inside the root or leave out the bias correction; without it the first step is
    :math:`(1 - \beta_1)/\sqrt{1 - \beta_2} \approx 3.16` times :math:`\eta` with the default
    betas, a start-up transient that the correction removes.

    Parameters
    ----------
    lr : float, array or schedule
    betas : (float, float)
        Decay rates :math:`\beta_1, \beta_2 \in [0, 1)` of the two averages (each may be an array).
    eps : float
    amsgrad : bool

    Examples
    --------
    >>> import gdviz
    >>> path = gdviz.optimize(gdviz.parabola(), 4.0, gdviz.adam(lr=0.1), steps=1)
    >>> round(float(path.final[0]), 6)   # the first step is lr long
    3.9
    """
    lr = _check_lr(lr)
    if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) != 2:
        raise TypeError(f"betas must be a pair (beta1, beta2). Got {betas!r} instead.")
    beta1 = BETA.check_many(betas[0], "betas[0]")
    beta2 = BETA.check_many(betas[1], "betas[1]")
    eps = NON_NEGATIVE.check_many(eps, "eps")
    BOOLEAN.check(amsgrad, "amsgrad")
    hyper = {"lr": lr, "betas": (beta1, beta2), "eps": eps, "amsgrad": bool(amsgrad)}

    def init(params: NDArray) -> State:
        state = {"m": np.zeros_like(params), "v": np.zeros_like(params)}
        if amsgrad:
            state["vmax"] = np.zeros_like(params)
        return state

    def update(grads: NDArray, state: State, t: int) -> tuple[NDArray, State]:
        b1, b2 = _col(beta1), _col(beta2)
        step = t + 1
        new = {"m": b1 * state["m"] + (1.0 - b1) * grads,
               "v": b2 * state["v"] + (1.0 - b2) * grads * grads}
        correction1 = 1.0 - b1 ** step
        root2 = np.sqrt(1.0 - b2 ** step)
        second = new["v"]
        if amsgrad:
            new["vmax"] = second = np.maximum(state["vmax"], new["v"])
        denom = np.sqrt(second) / root2 + _col(eps)
        return -(_rate(lr, t) / correction1) * new["m"] / denom, new

    equations = (r"m \leftarrow \beta_1 m + (1 - \beta_1) g, \quad "
                 r"v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \quad "
                 r"\theta \leftarrow \theta - \eta\, \frac{m / (1 - \beta_1^t)}"
                 r"{\sqrt{v / (1 - \beta_2^t)} + \epsilon}")
    text = "m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − η·m̂ / (√v̂ + ε)"
    names = {"m": "average gradient m", "v": "average squared gradient v",
             "vmax": "largest v so far"}
    return Rule("Adam", hyper, equations, text, init, update,
                symbols={"lr": "η"}, state_names={k: names[k] for k in init(np.zeros((1, 1)))},
                factory=adam, memory=("betas", "β₁"))
