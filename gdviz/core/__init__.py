"""The descent core (numpy only): objectives with a loss and a gradient, the descent loop and its records.

Nothing here draws; the pictures and explorers take the records this layer returns.
"""
from .loop import gradient_descent, optimize, sweep, sweep_learning_rates
from .neuron import SigmoidNeuron, sigmoid, sigmoid_fit
from .network import TwoLayerNet, two_layer_net
from .models import LeastSquares, LogisticRegression, linear_regression, logistic_regression
from .data import standardize, train_validation_split
from .landscapes import (Beale, Himmelblau, Rosenbrock, Saddle, beale, himmelblau, rosenbrock,
                         saddle)
from .objectives import (DoubleWell, FunctionObjective, Objective, Quadratic, bowl,
                         check_objective, default_param_names, double_well, from_function, parabola)
from .rates import measured_rate, predicted_rate
from .records import DIVERGENCE_FACTOR, Path, Sweep
from .rules import Rule, adagrad, adam, rmsprop, sgd
from .schedules import Schedule, cosine_decay, inverse_time_decay, step_decay

__all__ = [
    "parabola", "bowl", "double_well", "sigmoid_fit", "from_function", "sigmoid",
    "Quadratic", "DoubleWell", "SigmoidNeuron", "FunctionObjective", "TwoLayerNet", "two_layer_net",
    "gradient_descent", "sweep_learning_rates", "Path", "Sweep", "DIVERGENCE_FACTOR",
    "optimize", "sweep", "Rule", "sgd", "adagrad", "rmsprop", "adam",
    "Schedule", "step_decay", "cosine_decay", "inverse_time_decay",
    "Objective", "check_objective", "default_param_names", "rosenbrock", "beale", "himmelblau",
    "saddle", "Rosenbrock", "Beale", "Himmelblau", "Saddle", "measured_rate", "predicted_rate",
    "LeastSquares", "LogisticRegression", "linear_regression", "logistic_regression",
    "standardize", "train_validation_split",
]
