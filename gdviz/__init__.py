"""gdviz: see gradient descent. Objectives, descent, plots, explorers and self-checks."""
# the descent core
from .objectives import (DoubleWell, FunctionObjective, Quadratic, bowl, double_well,
                         from_function, parabola)
from .neuron import SigmoidNeuron, sigmoid, sigmoid_fit
from .descent import DIVERGENCE_FACTOR, Path, Sweep, gradient_descent, sweep_learning_rates
# pictures
from ._style import PALETTE
from ._grid import loss_grid
from .views import ContourView, CurveView, LossView
from .plots import plot_loss_curves, plot_path_1d, plot_path_2d
from .surface import plot_surface_3d
from .comparisons import describe_run, plot_batch_paths, plot_lr_cases, plot_sweep
# widgets
from .explorers import (Explorer, explore_batch_size, explore_guess, explore_lr_1d,
                        explore_lr_2d, explore_surface)
from .exercises import Exercise, choice, numeric

__version__ = "0.1.0"

__all__ = [
    "parabola", "bowl", "double_well", "sigmoid_fit", "from_function", "sigmoid",
    "Quadratic", "DoubleWell", "SigmoidNeuron", "FunctionObjective",
    "gradient_descent", "sweep_learning_rates", "Path", "Sweep", "DIVERGENCE_FACTOR",
    "PALETTE", "loss_grid", "CurveView", "ContourView", "LossView",
    "plot_loss_curves", "plot_path_1d", "plot_path_2d", "plot_surface_3d",
    "plot_lr_cases", "plot_sweep", "plot_batch_paths", "describe_run",
    "Explorer", "explore_lr_1d", "explore_lr_2d", "explore_surface", "explore_batch_size",
    "explore_guess",
    "choice", "numeric", "Exercise",
]
