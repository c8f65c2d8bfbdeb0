"""The colours gdviz draws, seen with each of the three kinds of colour blindness.

Each colour is passed through the simulation matrices of Machado, Oliveira and Fernandes, "A Physiologically-based
Model for Simulation of Color Vision Deficiency" (IEEE TVCG 15(6), 2009), at severity 1.0 (protanopia,
deuteranopia, tritanopia), applied to linear sRGB as the paper prescribes; colour differences are CIE76 ΔE in
CIELAB (D65). A ΔE of about 2.3 is just noticeable; two lines a reader must tell apart at a glance need far more.
"""
from __future__ import annotations

import itertools

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from gdviz import PALETTE
from gdviz.pictures import maps, style

# Machado et al. (2009), Table 1 (severity 1.0), for linear RGB.
SIMULATIONS = {
    "normal vision": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779],
                            [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
# Linear sRGB (D65) to CIE XYZ, IEC 61966-2-1, to seven digits (Lindbloom's table).
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
WHITE = np.array([0.95047, 1.0, 1.08883])
#: Colours drawn side by side (lines of a legend) must stay this far apart under every simulation.
APART = 15.0


def _linear(color: str) -> np.ndarray:
    c = np.array(to_rgb(color))
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(color: str, seen_by: str = "normal vision") -> np.ndarray:
    """CIELAB (L*, a*, b*) of ``color`` as a viewer with ``seen_by`` sees it."""
    rgb = np.clip(SIMULATIONS[seen_by] @ _linear(color), 0.0, 1.0)
    t = SRGB_TO_XYZ @ rgb / WHITE
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, seen_by: str) -> float:
    return float(np.linalg.norm(lab(a, seen_by) - lab(b, seen_by)))


def test_lab_matches_published_values():
    """Anchors of the conversion: white, black and sRGB's pure red (L* 53.24, a* 80.09, b* 67.20)."""
    np.testing.assert_allclose(lab("#ffffff"), [100, 0, 0], atol=0.01)
    np.testing.assert_allclose(lab("#000000"), [0, 0, 0], atol=0.01)
    np.testing.assert_allclose(lab("#ff0000"), [53.24, 80.09, 67.20], atol=0.05)


def test_simulations_keep_greys_grey():
    """Each matrix maps white to white (its rows sum to one), so greys look the same to every viewer."""
    for name, matrix in SIMULATIONS.items():
        np.testing.assert_allclose(matrix.sum(axis=1), 1.0, atol=1e-5, err_msg=name)
        np.testing.assert_allclose(lab("0.5", name), lab("0.5"), atol=0.01, err_msg=name)


@pytest.mark.parametrize("seen_by", SIMULATIONS)
def test_every_pair_of_palette_colours_stays_apart(seen_by):
    """Plots draw paths in PALETTE order; any two of its eight colours may share a legend."""
    close = [(a, b, round(delta_e(a, b, seen_by), 1)) for a, b in itertools.combinations(PALETTE, 2)
             if delta_e(a, b, seen_by) < APART]
    assert not close, f"palette colours too close for {seen_by} (ΔE < {APART}): {close}"


@pytest.mark.parametrize("seen_by", SIMULATIONS)
def test_the_named_colours_stand_apart_from_the_first_path(seen_by):
    """The loss curve (grey), tangents and the divergence cross are drawn over the first path's blue."""
    for color in (style.CURVE_COLOR, style.TANGENT_COLOR, style.DIVERGED_COLOR):
        assert delta_e(color, PALETTE[0], seen_by) >= APART, (color, seen_by)
    assert delta_e(style.CURVE_COLOR, style.TANGENT_COLOR, seen_by) >= APART


@pytest.mark.parametrize("seen_by", SIMULATIONS)
def test_sweep_maps_read_by_lightness(seen_by):
    """The steps-to-converge map (viridis) gets lighter at every step for every viewer, so its order reads
    without hue; its two greys (diverged, not converged) differ in lightness from each other."""
    colours = matplotlib.colormaps["viridis"](np.linspace(0, 1, 33))
    lightness = [lab(matplotlib.colors.to_hex(c), seen_by)[0] for c in colours]
    assert np.all(np.diff(lightness) > 0), f"viridis is not monotone in L* for {seen_by}"
    assert delta_e(maps.DIVERGED_GREY, maps.STUCK_GREY, seen_by) >= APART


def test_the_check_catches_a_palette_that_is_not_colour_blind_safe():
    """matplotlib's default tab10 red and green merge for deuteranopia, its orange and green for protanopia."""
    assert delta_e("tab:red", "tab:green", "deuteranopia") < APART
    assert delta_e("tab:orange", "tab:green", "protanopia") < APART
    assert delta_e("tab:red", "tab:green", "normal vision") > 100
