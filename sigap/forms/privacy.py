"""A response in a data subject's export, for the consumer's ``CaseExport`` (JSON items and PDF rows).

Retention is :func:`sigap.forms.actions.clear_response`, which the consumer calls from its
``clear_for_retention``.
"""

from __future__ import annotations

from typing import Any

from sigap.forms.models import FormResponse
from sigap.forms.rendering import display


def export_data(response: FormResponse) -> dict[str, Any]:
    """The response as the export's JSON: the form and version it was filled with, and each answer
    with its question as it was asked."""
    return {
        "form": response.version.definition.key,
        "title": response.version.title_text,
        "version": response.version.number,
        "completed_at": response.completed_at.isoformat() if response.completed_at else None,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "answers": [{"key": row.key, "question": row.label, "answer": row.answer} for row in section.rows],
            }
            for section in display(response)
        ],
    }


def pdf_rows(response: FormResponse) -> list[tuple[str, str]]:
    """(question, answer) rows for the export's PDF, the section's title before each question."""
    return [(f"{section.title}: {row.label}", row.answer) for section in display(response) for row in section.rows]
