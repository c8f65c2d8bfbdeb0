"""The explorers (ipywidgets): ready-made widgets that run descent and redraw the pictures in place.

Each ``explore_*`` function returns an :class:`Explorer` and never displays it.
"""
from .explore import (explore_batch_size, explore_guess, explore_lr_1d, explore_lr_2d, explore_momentum,
                      explore_network, explore_scaling, explore_steepness,
                      explore_surface)
from .controls import set_motion
from .explorer import Explorer
from .race import Race, explore_race
from .training import epoch_curves, explore_training

__all__ = ["Explorer", "explore_lr_1d", "explore_lr_2d", "explore_surface", "explore_batch_size",
           "explore_guess", "explore_momentum", "explore_race", "Race", "explore_steepness",
           "explore_scaling", "explore_training", "epoch_curves", "explore_network", "set_motion"]
