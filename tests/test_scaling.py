"""The feature-scaling explorer (explore_scaling): raw units against standardized, one toggle apart."""
import numpy as np
import pytest
from sklearn.datasets import load_diabetes

import gdviz

D = load_diabetes(scaled=False)
BMI, Y = D.data[:, 2], D.target
RAW = gdviz.linear_regression(BMI, Y, feature_names=["bmi"])
STD = gdviz.linear_regression(gdviz.standardize(BMI), Y, feature_names=["bmi"])


def test_the_toggle_swaps_the_objective_and_the_readout_states_kappa_and_the_limit():
    ex = gdviz.explore_scaling(RAW, STD, lr=2e-3, steps=50)
    m1, m2 = BMI.mean(), np.mean(BMI ** 2)  # the Hessian [[E x², E x], [E x, 1]] from moments, not from the model
    root = np.sqrt(((m2 - 1) / 2) ** 2 + m1 ** 2)
    top, bottom = (m2 + 1) / 2 + root, (m2 + 1) / 2 - root
    assert f"κ = {top / bottom:.3e}" in ex.readout.value  # 2.633e+04
    assert f"= {2 / top:.3g}" in ex.readout.value
    assert np.linalg.norm(ex.path.final - RAW.minimizer) > 100  # crawls along the valley floor
    ex.controls["standardize"].value = True
    ex.controls["lr"].value = 1.0
    assert ex.error is None and "κ = 1<" in ex.readout.value
    np.testing.assert_allclose(ex.path.params[1], STD.minimizer, atol=1e-9)  # round bowl, rate 1/λ: one step
    assert "standardized features" in repr(ex)
    ex.controls["standardize"].value = False
    assert ex.path.status == "diverged"  # rate 1 on raw units: far above 2/λmax
    ex.close()


@pytest.mark.parametrize("kwargs, message", [
    ({"raw": gdviz.bowl()}, "raw must be a least-squares objective"),
    ({"standardize": "yes"}, "standardize must be True or False"),
    ({"lr": 5.0}, "lr"),
])
def test_bad_arguments_name_themselves(kwargs, message):
    args = {"raw": RAW, "standardized": STD, **kwargs}
    with pytest.raises((ValueError, TypeError), match=message):
        gdviz.explore_scaling(**args)


def test_lesson_10_challenge_passes_near_the_limit_only_in_raw_units():
    ex = gdviz.explore_scaling(RAW, STD, lr=2e-3, steps=100)
    task = gdviz.challenge("10", 1, ex)
    limit = 2 / np.linalg.eigvalsh(RAW.hessian)[-1]
    assert not task.submit()[0]                       # 0.002 is only 72 % of the limit
    ex.controls["lr"].value = 0.9 * limit
    passed, message = task.submit()
    assert passed, message
    ex.controls["lr"].value = 1.1 * limit
    assert "diverges" in task.submit()[1]
    ex.controls["lr"].value = 0.9 * limit
    ex.controls["standardize"].value = True
    assert "switch it back to raw units" in task.submit()[1]
    ex.close()
