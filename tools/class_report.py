"""The class report: per graded question, how many learners got full marks, and per named misconception, how many
learners showed it.

``python tools/class_report.py course [--picture report.png]`` reads an nbgrader course after ``nbgrader autograde``:
the scores from its gradebook (``gradebook.db``), the misconceptions from the autograded notebooks (a failed test of
the course says ``(misconception: the sign)`` on its last line, see gdviz.lessons.grading). It prints one table per
assignment and, with ``--picture``, draws both as bars.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from nbgrader.api import Gradebook, MissingEntry  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # gdviz from this checkout, run from anywhere

from gdviz.lessons.grading import MISCONCEPTION  # noqa: E402
from gdviz.pictures.style import PALETTE  # noqa: E402


@dataclass
class Tally:
    """``questions[assignment, grade_id]``: learners graded and how many got full marks;
    ``misconceptions[assignment, grade_id]``: how many learners showed each named misconception."""

    questions: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    misconceptions: dict[tuple[str, str], Counter] = field(default_factory=dict)
    #: where each question stands in its notebook (the report lists them in that order)
    order: dict[tuple[str, str], int] = field(default_factory=dict)

    def keys(self) -> list[tuple[str, str]]:
        """The questions, by assignment and in notebook order."""
        return sorted(self.questions, key=lambda key: (key[0], self.order.get(key, len(self.order)), key[1]))


def _named(cell: dict) -> list[str]:
    """The misconceptions a graded cell's error output names."""
    return [match.group("name") for output in cell.get("outputs", []) if output.get("output_type") == "error"
            for match in MISCONCEPTION.finditer(output.get("evalue", ""))]


def tally(course: Path, course_id: str = "gdviz") -> Tally:
    """Count, over every autograded submission of ``course``, full marks per question and learners per named
    misconception."""
    course = Path(course)
    if not (course / "gradebook.db").exists():
        raise FileNotFoundError(f"{course / 'gradebook.db'} does not exist: run nbgrader autograde in {course} first")
    found = Tally()
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id=course_id) as gradebook:
        for assignment in gradebook.assignments:
            for notebook in assignment.notebooks:
                for cell in notebook.grade_cells:
                    if cell.cell_type != "code":
                        continue
                    row = found.questions.setdefault((assignment.name, cell.name), {"learners": 0, "full marks": 0})
                    found.misconceptions.setdefault((assignment.name, cell.name), Counter())
                    for student in gradebook.students:
                        try:
                            grade = gradebook.find_grade(cell.name, notebook.name, assignment.name, student.id)
                        except MissingEntry:
                            continue
                        row["learners"] += 1
                        row["full marks"] += int(grade.score == cell.max_score)
            for submitted in sorted((course / "autograded").glob(f"*/{assignment.name}/*.ipynb")):
                for position, cell in enumerate(json.loads(submitted.read_text(encoding="utf-8"))["cells"]):
                    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
                    found.order.setdefault((assignment.name, grade_id), position)
                    for name in set(_named(cell)):
                        found.misconceptions.setdefault((assignment.name, grade_id), Counter())[name] += 1
    return found


def table(found: Tally) -> str:
    """The tally as text: a line per question, and under it a line per misconception with its count."""
    lines = [f"{'assignment':<12} {'question':<24} {'full marks':>10}  misconceptions (learners)"]
    for assignment, question in found.keys():
        row = found.questions[assignment, question]
        seen = found.misconceptions.get((assignment, question), Counter())
        named = "; ".join(f"{name} ({count})" for name, count in seen.most_common()) or "-"
        lines.append(f"{assignment:<12} {_label(question):<24} {row['full marks']:>4} of {row['learners']:<3} {named}")
    return "\n".join(lines)


def _label(grade_id: str) -> str:
    """A test cell's id in words: ``test_q3`` is question 3, ``test_step`` the exercise ``step``."""
    name = grade_id.removeprefix("test_")
    return f"question {name[1:]}" if name[:1] == "q" and name[1:].isdigit() else f"exercise {name}"


def picture(found: Tally, path: Path) -> Path:
    """Two bar charts: the share of learners with full marks per question, and learners per named misconception."""
    questions = found.keys()
    named = [(key, name, count) for key in questions for name, count in found.misconceptions.get(key, {}).items()]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, max(3.0, 0.35 * max(len(questions), len(named), 1) + 1.5)),
                                      gridspec_kw={"width_ratios": [1, 1.4]})
    assignments = sorted({key[0] for key in questions})
    colour = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(assignments)}
    shares = [found.questions[key]["full marks"] / max(found.questions[key]["learners"], 1) for key in questions]
    left.barh(range(len(questions)), shares, color=[colour[key[0]] for key in questions])
    left.set_yticks(range(len(questions)), [f"{a} · {_label(q)}" for a, q in questions])
    left.invert_yaxis()
    left.set_xlim(0, 1)
    left.set_xlabel("share of learners with full marks")
    left.set_ylabel("graded question")
    left.set_title("Who got it")
    if named:
        right.barh(range(len(named)), [count for _, _, count in named], color=[colour.get(key[0], PALETTE[0])
                                                                                for key, _, _ in named])
        right.set_yticks(range(len(named)), [f"{key[0][-2:]} {_label(key[1])}: {name}" for key, name, _ in named],
                         fontsize=8)
        right.invert_yaxis()
        right.xaxis.get_major_locator().set_params(integer=True)
    else:
        right.text(0.5, 0.5, "no named misconception", ha="center", va="center", transform=right.transAxes)
        right.set_yticks([])
    right.set_xlabel("learners who showed it")
    right.set_ylabel("question: misconception")
    right.set_title("Named misconceptions")
    handles = [plt.Rectangle((0, 0), 1, 1, color=colour[name]) for name in assignments]
    fig.legend(handles, assignments, loc="lower center", ncols=max(len(assignments), 1), frameon=False)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("course", type=Path, help="the nbgrader course folder (with gradebook.db and autograded/)")
    parser.add_argument("--course-id", default="gdviz")
    parser.add_argument("--picture", type=Path, help="also draw the report into this PNG file")
    args = parser.parse_args(argv)
    try:
        found = tally(args.course, args.course_id)
    except FileNotFoundError as error:
        parser.error(str(error))
    print(table(found))
    if args.picture:
        print(f"picture: {picture(found, args.picture)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
