"""gdviz: see gradient descent. Objectives, descent, plots, explorers and self-checks.

Three layers, each a subpackage: :mod:`gdviz.core` (objectives, the descent loop, its records),
:mod:`gdviz.pictures` (views, plots, limits) and :mod:`gdviz.explorers` (widgets); plus
:mod:`gdviz.lessons` (self-checks, the question bank, progress). Every public name is re-exported here.
"""
# the descent core
from .core import (DIVERGENCE_FACTOR, DoubleWell, FunctionObjective, Path, Quadratic, SigmoidNeuron,
                   Sweep, bowl, double_well, from_function, gradient_descent, parabola, sigmoid,
                   sigmoid_fit, sweep_learning_rates, TwoLayerNet, two_layer_net)
from .core import (Rule, Schedule, adagrad, adam, cosine_decay, inverse_time_decay, optimize,
                   rmsprop, sgd, step_decay, sweep)
from .core import (Beale, Himmelblau, Objective, Rosenbrock, Saddle, beale, himmelblau,
                   measured_rate, predicted_rate, rosenbrock, saddle)
from .core import (LeastSquares, LogisticRegression, linear_regression, logistic_regression,
                   standardize, train_validation_split)
# pictures
from .pictures import (PALETTE, ContourView, CurveView, LossView, describe_run, loss_grid,
                       plot_batch_paths, plot_loss_curves, plot_lr_cases, plot_path_1d,
                       plot_path_2d, plot_schedule, plot_surface_3d, plot_sweep, plot_curves,
                       plot_sweep_map, plot_fit, plot_boundary, BoundaryView)
# widgets
from .explorers import (Explorer, explore_batch_size, explore_guess, explore_lr_1d,
                        explore_lr_2d, explore_momentum, explore_surface)
from .explorers import Race, explore_network, explore_race, explore_scaling, explore_steepness
from .explorers import epoch_curves, explore_training, set_motion
from .lessons import (Exercise, Verdict, challenge, check_adam_step, check_descent, check_epoch,
                      check_linear_step, check_logistic_step,
                      check_momentum_step, check_neuron_step, check_step, check_step_2d, predict,
                      progress, quiz, check_hidden_backward, choice, numeric)

__version__ = "0.1.0"

__all__ = [
    "parabola", "bowl", "double_well", "sigmoid_fit", "from_function", "sigmoid",
    "Quadratic", "DoubleWell", "SigmoidNeuron", "FunctionObjective", "TwoLayerNet", "two_layer_net",
    "gradient_descent", "sweep_learning_rates", "Path", "Sweep", "DIVERGENCE_FACTOR",
    "optimize", "sweep", "Rule", "sgd", "adagrad", "rmsprop", "adam",
    "Schedule", "step_decay", "cosine_decay", "inverse_time_decay",
    "Objective", "rosenbrock", "beale", "himmelblau", "saddle",
    "Rosenbrock", "Beale", "Himmelblau", "Saddle", "measured_rate", "predicted_rate",
    "LeastSquares", "LogisticRegression", "linear_regression", "logistic_regression",
    "standardize", "train_validation_split",
    "PALETTE", "loss_grid", "CurveView", "ContourView", "LossView",
    "plot_loss_curves", "plot_path_1d", "plot_path_2d", "plot_surface_3d",
    "plot_lr_cases", "plot_sweep", "plot_batch_paths", "describe_run", "plot_schedule",
    "plot_curves", "plot_sweep_map", "plot_fit", "plot_boundary", "BoundaryView",
    "Explorer", "explore_lr_1d", "explore_lr_2d", "explore_surface", "explore_batch_size",
    "explore_guess", "explore_momentum", "explore_race", "Race", "explore_steepness", "explore_scaling",
    "explore_training", "epoch_curves", "explore_network", "set_motion",
    "choice", "numeric", "Exercise",
    "quiz", "predict", "challenge", "progress", "Verdict", "check_step", "check_descent",
    "check_step_2d", "check_neuron_step", "check_epoch", "check_momentum_step", "check_adam_step",
    "check_linear_step", "check_logistic_step", "check_hidden_backward",
]
