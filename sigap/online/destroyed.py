"""A case file destroyed because it showed a sexual image (``sigap.cases.actions.records.destroy_attachment``,
through the case extension registry): the evidence item that held it loses the file, keeps the
tombstone as its destroyed file and is marked as showing a sexual image."""

from __future__ import annotations

from typing import Any

from sigap.cases.models import Attachment
from sigap.online.models import Evidence


def evidence_file_destroyed(attachment: Attachment, shows: str) -> dict[str, Any]:
    """Runs inside the destroying transaction; the details name the evidence item for the timeline."""
    evidence = Evidence.objects.select_for_update().filter(attachment=attachment).first()
    if evidence is None:
        return {}
    evidence.attachment = None
    evidence.destroyed_file = attachment
    evidence.sexual_content = shows
    evidence.no_sexual_image_confirmed = False
    evidence.save(
        update_fields=["attachment", "destroyed_file", "sexual_content", "no_sexual_image_confirmed", "updated_at"]
    )
    return {"evidence": str(evidence.pk)}
