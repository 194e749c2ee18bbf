"""Quizzes written as plain text, so a trainer can write one on a phone in a single text box.

    ? Which steps belong to case management?  [multiple]
    * Assessment
    * Case planning
    - Mediation in every case
    > Mediation is refused where the TPKS law forbids it.

``?`` starts a question (``[single]`` by default, ``[multiple]`` or ``[true_false]`` at the end),
``*`` a right answer, ``-`` a wrong one, ``>`` the feedback shown after the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sigap.learning.models import Question, QuestionKind

_KIND = re.compile(r"\s*\[(single|multiple|true_false)\]\s*$")


@dataclass
class ParsedQuestion:
    text: str
    kind: str = QuestionKind.SINGLE
    choices: list[tuple[str, bool]] = field(default_factory=list)
    feedback: str = ""


def parse(source: str) -> list[ParsedQuestion]:
    """The questions of ``source``; a translated ValidationError says which line is wrong."""
    questions: list[ParsedQuestion] = []
    for number, raw in enumerate((source or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        marker, rest = line[0], line[1:].strip()
        if marker == "?":
            kind = _KIND.search(rest)
            text = _KIND.sub("", rest) if kind else rest
            questions.append(ParsedQuestion(text=text, kind=kind.group(1) if kind else QuestionKind.SINGLE))
        elif marker in "*-" and questions:
            questions[-1].choices.append((rest, marker == "*"))
        elif marker == ">" and questions:
            questions[-1].feedback = f"{questions[-1].feedback} {rest}".strip()
        else:
            raise ValidationError(
                _("Line %(n)d: start it with ? (question), * (right answer), - (wrong answer) or > (feedback).")
                % {"n": number}
            )
    if not questions:
        raise ValidationError(_("Write at least one question."))
    for question in questions:
        right = sum(1 for _text, correct in question.choices if correct)
        if len(question.choices) < 2 or right == 0:
            raise ValidationError(
                _("“%(q)s” needs at least two answers, one of them marked right with *.") % {"q": question.text}
            )
        if question.kind != QuestionKind.MULTIPLE and right > 1:
            raise ValidationError(
                _("“%(q)s” has one right answer only; mark it [multiple] to allow more.") % {"q": question.text}
            )
    return questions


def to_text(questions: list[Question]) -> str:
    """The quiz's questions written back in the same format (to edit them)."""
    lines: list[str] = []
    for question in questions:
        suffix = "" if question.kind == QuestionKind.SINGLE else f" [{question.kind}]"
        lines.append(f"? {question.text}{suffix}")
        lines += [f"{'*' if c.is_correct else '-'} {c.text}" for c in question.choices.all()]
        if question.feedback:
            lines.append(f"> {question.feedback}")
        lines.append("")
    return "\n".join(lines).strip()
