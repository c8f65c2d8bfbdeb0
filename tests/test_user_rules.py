"""A rule a user writes (Lion, defined here only) goes where the package's rules go; nothing keys on a rule's name."""
from __future__ import annotations

import ast
import pathlib
import re

import matplotlib
import numpy as np
import pytest

import gdviz
from gdviz.core.rules import check_hyper

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def lion(lr=1e-4, beta1=0.9, beta2=0.99):
    """Lion (Chen et al. 2023) without weight decay (``update`` is not given θ), built as the Rule docstring says."""
    lr = check_hyper(lr, "lr", low_open=True)
    beta1 = check_hyper(beta1, "beta1", high=1.0)
    beta2 = check_hyper(beta2, "beta2", high=1.0)
    col = lambda v: np.asarray(v, float)[:, None] if np.ndim(v) else v  # noqa: E731

    def init(params):
        return {"m": np.zeros_like(params)}

    def update(grads, state, t):
        c = col(beta1) * state["m"] + (1 - col(beta1)) * grads
        return -col(lr) * np.sign(c), {"m": col(beta2) * state["m"] + (1 - col(beta2)) * grads}

    return gdviz.Rule("Lion", {"lr": lr, "beta1": beta1, "beta2": beta2},
                      r"c = \beta_1 m + (1 - \beta_1) g, \quad \theta \leftarrow \theta - \eta\, \mathrm{sign}(c)",
                      "c = β₁m + (1 − β₁)g;  θ ← θ − η·sign(c);  m ← β₂m + (1 − β₂)g", init, update,
                      symbols={"lr": "η", "beta1": "β₁"}, state_names={"m": "momentum m"},
                      factory=lion, memory=("beta1", "β₁"),
                      words={"lr": "learning rate", "beta1": "first decay"})


def lion_by_hand(grad, start, lr, beta1, beta2, steps):
    """The paper's equations, written out: c = b1 m + (1-b1) g; theta -= lr sign(c); m = b2 m + (1-b2) g."""
    theta, m, out = np.array(start, float), np.zeros(len(start)), [np.array(start, float)]
    for _ in range(steps):
        g = grad(theta)
        c = beta1 * m + (1 - beta1) * g
        theta = theta - lr * np.sign(c)
        m = beta2 * m + (1 - beta2) * g
        out.append(theta.copy())
    return np.array(out)


def test_lion_runs_through_optimize_against_the_paper():
    bowl = gdviz.bowl((1, 10))
    path = gdviz.optimize(bowl, (1.0, -1.0), lion(0.05), steps=30)
    np.testing.assert_allclose(path.params, lion_by_hand(lambda p: np.array([2, 20]) * p, (1.0, -1.0),
                                                         0.05, 0.9, 0.99, 30), atol=1e-12)
    assert repr(path.optimizer) == "lion(lr=0.05, beta1=0.9, beta2=0.99)"
    assert path.optimizer.label == "Lion, η = 0.05"
    assert lion(0.05, beta1=0.5).label == "Lion, η = 0.05, β₁ = 0.5"
    assert isinstance(gdviz.describe_run(path), str) and gdviz.describe_run(path)


def test_lion_sweeps_plots_and_maps():
    bowl = gdviz.bowl((1, 10))
    sweep = gdviz.sweep(bowl, (1.0, -1.0), lion, 40, lr=np.geomspace(1e-3, 0.1, 4), beta1=[0.0, 0.5, 0.9],
                        tol=1e-3)
    assert "Lion" in repr(sweep)
    row = sweep.rule(5)
    expected = lion_by_hand(lambda p: np.array([2, 20]) * p, (1.0, -1.0), row.lr, row.hyperparams["beta1"],
                            0.99, 40)
    np.testing.assert_allclose(sweep.params[5], expected, atol=1e-12)
    paths = [gdviz.optimize(bowl, (1.0, -1.0), lion(lr), steps=20) for lr in (0.01, 0.05)]
    try:
        ax = gdviz.plot_loss_curves(paths)
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Lion, η = 0.01", "Lion, η = 0.05"]
        gdviz.plot_path_2d(paths, bowl)
        gdviz.plot_lr_cases(paths, bowl)
        gdviz.plot_batch_paths(paths, bowl)
        gdviz.plot_path_1d(gdviz.optimize(gdviz.parabola(), 4.0, lion(0.5), steps=5), gdviz.parabola())
        gdviz.plot_sweep(gdviz.sweep(bowl, (1.0, -1.0), lion, 20, lr=np.geomspace(1e-3, 0.1, 5)))
        ax = gdviz.plot_sweep_map(sweep)  # the momentum phase map, with Lion's β₁ as the memory
        assert ax.get_xlabel() == "learning rate η (log scale)"
        assert ax.get_ylabel() == "first decay β₁"
    finally:
        plt.close("all")


def test_lion_races_with_the_memory_slider():
    ex = gdviz.explore_race(gdviz.bowl(), (1.0, -1.0), {"lion": lion(0.05), "adam": 0.05}, steps=6)
    expected = lion_by_hand(lambda p: 2 * p, (1.0, -1.0), 0.05, 0.9, 0.99, 6)
    np.testing.assert_allclose(ex.path.paths["lion"].params, expected, atol=1e-12)
    assert "Lion's β₁" in ex.scene.header
    assert "Lion, η = 0.05, β₁ = 0.9" in ex.scene.describe(ex.settings, ex.path)
    ex.controls["memory"].value = 0.5
    expected = lion_by_hand(lambda p: 2 * p, (1.0, -1.0), 0.05, 0.5, 0.99, 6)
    np.testing.assert_allclose(ex.path.paths["lion"].params, expected, atol=1e-12)
    plt.close("all")


# ---------------------------------------------------------------------------------------------
# No module keys its behaviour on a rule's name

RULE_NAMES = {"gradient descent", "momentum", "Nesterov", "AdaGrad", "RMSProp", "Adam"}
PACKAGE = pathlib.Path(gdviz.__file__).parent


def _rule_name(node: ast.AST, in_rule: bool) -> bool:
    """``rule.name``, ``path.optimizer.name``, ``self.name`` inside ``class Rule``: a rule's name."""
    if not (isinstance(node, ast.Attribute) and node.attr == "name"):
        return False
    owner = ast.unparse(node.value)
    return bool(re.search(r"rule|optimizer", owner, re.IGNORECASE)) or (in_rule and owner == "self")


def name_keyed(tree: ast.AST, in_rule: bool = False) -> list[int]:
    """Lines comparing with a rule's name (``x == "Adam"``, ``"Adam" in x``) or looking a rule's name up."""
    lines = []
    for node in ast.iter_child_nodes(tree):
        inside = in_rule or (isinstance(node, ast.ClassDef) and node.name == "Rule")
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(isinstance(o, ast.Constant) and o.value in RULE_NAMES for o in operands):
                lines.append(node.lineno)
        elif isinstance(node, ast.Subscript) and _rule_name(node.slice, inside):
            lines.append(node.lineno)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
                and node.args and _rule_name(node.args[0], inside):
            lines.append(node.lineno)
        lines += name_keyed(node, inside)
    return sorted(lines)


def test_the_scan_finds_name_keyed_code():
    old = ('if rule.name == "Adam":\n    pass\n'
           'class Rule:\n    def repr(self):\n        return _FACTORY_NAMES[self.name]\n'
           'x = self.name if self.name != "gradient descent" else ""\n'
           'w = table.get(path.optimizer.name)\n')
    assert name_keyed(ast.parse(old)) == [1, 5, 6, 7]
    assert name_keyed(ast.parse('if spec.name == "epoch":\n    pass\nx = counts[spec.name]\n')) == []


def test_no_module_keys_behaviour_on_a_rule_name():
    found = {str(path.relative_to(PACKAGE)): lines for path in sorted(PACKAGE.rglob("*.py"))
             if (lines := name_keyed(ast.parse(path.read_text(encoding="utf-8"))))}
    assert found == {}


def test_a_rule_without_factory_is_named_in_its_repr_and_refused_where_it_must_be_made_again():
    rule = lion(0.05)
    bare = gdviz.Rule("Lion", rule.hyperparams, rule.equations, rule.text, rule.init, rule.update)
    assert repr(bare) == "Lion(lr=0.05, beta1=0.9, beta2=0.99)"
    assert bare.label == "Lion"  # no symbols given: nothing to show beside the name
    with pytest.raises(TypeError, match="no factory"):
        bare.rebuilt(lr=0.1)
    with pytest.raises(ValueError, match=r"rules\['lion'\] must be a rule with a factory"):
        gdviz.explore_race(gdviz.bowl(), (1.0, -1.0), {"lion": bare}, steps=3)
