"""The pictures (matplotlib): views updated in place, static plots, comparisons and 3-D surfaces.

They take the core's Path and Sweep records and never run descent themselves.
"""
from .boundaries import BoundaryView, plot_boundary
from .comparisons import describe_run, plot_batch_paths, plot_lr_cases, plot_sweep
from .curves import plot_curves
from .fits import plot_fit
from .maps import plot_sweep_map
from .grid import loss_grid
from .plots import plot_loss_curves, plot_path_1d, plot_path_2d, plot_schedule
from .style import PALETTE
from .surface import plot_surface_3d
from .views import ContourView, CurveView, LossView

__all__ = [
    "PALETTE", "loss_grid", "CurveView", "ContourView", "LossView",
    "plot_loss_curves", "plot_path_1d", "plot_path_2d", "plot_surface_3d",
    "plot_lr_cases", "plot_sweep", "plot_batch_paths", "describe_run", "plot_schedule",
    "plot_curves", "plot_sweep_map", "plot_fit", "plot_boundary", "BoundaryView",
]
