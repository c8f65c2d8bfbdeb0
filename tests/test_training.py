"""The training explorer (explore_training, epoch_curves): curves per epoch, early stopping, controls."""
import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer

import gdviz

D = load_breast_cancer()
X_TRAIN, X_VAL, Y_TRAIN, Y_VAL = gdviz.train_validation_split(D.data, D.target, 0.2, seed=0)
TRAIN = gdviz.logistic_regression(gdviz.standardize(X_TRAIN), Y_TRAIN)
VAL = gdviz.logistic_regression(gdviz.standardize(X_VAL, like=X_TRAIN), Y_VAL)


def test_epoch_curves_are_the_losses_and_accuracies_at_each_epochs_end():
    path = gdviz.optimize(TRAIN, np.zeros(31), gdviz.adam(0.05), 3 * (455 // 64), batch_size=64, seed=0)
    curves = gdviz.epoch_curves(path, TRAIN, VAL)
    assert curves["epoch"].tolist() == [0.0, 1.0, 2.0, 3.0]
    theta = path.params[2 * 7]  # the end of epoch 2: seven batches of 64 per epoch
    p = 1 / (1 + np.exp(-(VAL.X @ theta[:30] + theta[30])))
    expected = -np.mean(Y_VAL * np.log(p) + (1 - Y_VAL) * np.log(1 - p))
    assert curves["validation_loss"][2] == pytest.approx(expected, rel=1e-10)
    assert curves["validation_accuracy"][2] == pytest.approx(np.mean((p > 0.5) == (Y_VAL == 1)))
    assert curves["train_loss"][0] == pytest.approx(np.log(2))


def test_the_explorer_marks_the_lowest_validation_loss_and_follows_its_controls():
    ex = gdviz.explore_training(TRAIN, VAL, lr=0.05, epochs=60, batch_size=64)
    curves = ex.scene.curves
    best = int(np.argmin(curves["validation_loss"]))
    assert ex.scene.stops[0].get_xdata()[0] == best and 0 < best < 60
    assert f"early stop</b> at epoch {best}" in ex.readout.value
    assert curves["validation_loss"][-1] > curves["validation_loss"][best]  # it overfits after the best epoch
    ex.controls["l2"].value = 0.01
    assert ex.scene.objective.l2 == 0.01 and ex.path.optimizer.label.startswith("Adam")
    ex.controls["rule"].value = "SGD"
    ex.controls["batch_size"].value = 455
    assert ex.path.batch_size == 455 and ex.path.n_steps == 60 and ex.error is None
    ex.controls["lr"].value = 3.0
    assert "lowest at epoch" in repr(ex)
    ex.close()


@pytest.mark.parametrize("kwargs, message", [
    ({"train": gdviz.bowl()}, "train must be a logistic regression"),
    ({"validation": gdviz.logistic_regression(X_VAL[:, :3], Y_VAL)}, "validation must have the same features"),
    ({"rule": "adam"}, "rule must be 'SGD' or 'Adam'. Got 'adam' instead"),
    ({"batch_size": 32}, "batch_size must be one of 64, 128 or 455. Got 32 instead"),
    ({"l2": 0.5}, "l2 must be one of"),
    ({"epochs": 61}, "epochs must be between 1 and max_epochs"),
    ({"lr": -1.0}, "lr must be a positive finite number"),
])
def test_bad_arguments_name_themselves(kwargs, message):
    args = {"train": TRAIN, "validation": VAL, **kwargs}
    with pytest.raises((ValueError, TypeError), match=message):
        gdviz.explore_training(**args)


def test_lesson_11_challenge_asks_for_no_late_rise_at_60_epochs():
    ex = gdviz.explore_training(TRAIN, VAL)              # Adam 0.2, batches of 128: it overfits
    task = gdviz.challenge("11", 1, ex)
    passed, message = task.submit()
    assert not passed and "overfitting" in message
    ex.controls["rule"].value = "SGD"
    ex.controls["lr"].value = 1.0
    ex.controls["batch_size"].value = 64
    passed, message = task.submit()
    assert passed, message
    ex.controls["epochs"].value = 30
    assert "set epochs to 60" in task.submit()[1]
    ex.close()
