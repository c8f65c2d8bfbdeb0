"""Self-check widgets (``choice``, ``numeric``), the lessons' questions, predictions, challenges and code
exercises, and the learner's progress.

A visible notebook cell asks (``gdviz.quiz("03", 2)``, ``gdviz.predict("03", 1)``,
``gdviz.challenge("03", 1, explorer)``, ``gdviz.check_step(step)``); the answers live in
:mod:`gdviz.lessons.bank`; :func:`gdviz.progress` counts what was passed, kept in the learner's own folder (never sent anywhere).
"""
from .ask import challenge, predict, quiz
from .checkers import (Verdict, check_adam_step, check_descent, check_epoch, check_momentum_step,
                       check_linear_step, check_logistic_step, check_neuron_step, check_step,
                       check_step_2d, check_hidden_backward)
from .session import progress
from .widgets import Exercise, choice, numeric

__all__ = ["Exercise", "choice", "numeric", "quiz", "predict", "challenge", "progress", "Verdict", "check_step", "check_descent",
           "check_step_2d", "check_neuron_step", "check_epoch", "check_momentum_step", "check_adam_step",
           "check_linear_step", "check_logistic_step", "check_hidden_backward"]
