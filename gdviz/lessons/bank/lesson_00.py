"""Lesson 00 · Start here: one step by hand, and how to use the controls."""
from ..items import Choice, Lesson, Number, Prediction

LESSON = Lesson(
    title="Start here",
    summary=("How the lessons work: the sliders, Play and the Check buttons, and one step of descent tried by"
             " hand."),
    about=("What the suite teaches, how to work the sliders, Play and Check buttons, what to do when you see "
           "text instead of widgets, the map of lessons and credits; one gradient step on w² tried by hand, "
           "then one predicted; how the Predict, Check, code-exercise and challenge cells work."),
    quizzes={
        1: Number(
            r"Same loss $L(w) = w^2$, but start on the other side, at $w = -3$, with $\eta = 0.2$. "
            r"What is $w$ after one step?",
            -1.8,
            r"The slope at $w = -3$ is $2 \cdot (-3) = -6$, so $w_{\text{new}} = -3 - 0.2 \cdot (-6) = -3 + 1.2 = -1.8$.",
            mistakes=((-4.2, "you added the step instead of subtracting it: the slope is negative, so "
                             "subtracting η times it moves w to the right, towards 0."),
                      (-2.4, "you forgot the 2: the slope of w² is 2w = −6, not −3."),
                      (1.8, "right size, wrong side: one step of 1.2 from −3 does not cross 0."),
                      (-1.2, "that is the step η · slope (with its sign); the new w is w minus it.")),
        ),
        2: Choice(
            "You open a lesson on GitHub and, where a slider should be, you read a sentence instead. "
            "What should you do?",
            ("Nothing: the notebook is broken",
             "Open it in JupyterLab or on Binder and run the cells from the top",
             "Reload the GitHub page until the slider appears"),
            1,
            "Controls need a running Python kernel. GitHub shows the saved pictures and numbers, but runs nothing.",
            feedback={0: "the notebook is fine: the sentence is the saved stand-in for a control that needs "
                         "a running kernel.",
                      2: "GitHub never runs Python, however often you reload: it only shows the saved copy."},
        ),
    },
    predictions={
        1: Prediction(
            r"Keep stepping from $w = 5$ with $\eta = 0.1$. Do the steps get shorter, stay the same length, "
            r"or get longer?",
            ("Shorter: the slope shrinks as w nears 0", "The same length: η never changes",
             "Longer: descent speeds up"),
            0,
            r"Each step is $\eta \cdot 2w$, and $w$ shrinks (by a factor $0.8$ each time), so the steps do "
            r"too: $1, 0.8, 0.64, \dots$",
        ),
    },
)
