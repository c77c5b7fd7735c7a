"""How a finished (or failed) translation reaches the pages that asked for it."""

from django.template.loader import render_to_string

from translation import services
from translation.models import Translation


def translation_ready(member, payload: dict) -> dict | None:
    translation = Translation.objects.filter(pk=payload["translation_id"]).first()
    if translation is None:
        return None
    element_ids = services.take_waiting_elements(translation=translation, member=member)
    if not element_ids:
        return None  # this member's page already has it (the follow-up request got there first)
    return {
        "targets": [
            {
                "id": element_id,
                "html": render_to_string(
                    "translation/_translation.html",
                    {
                        "translation": translation,
                        "state": translation.status,
                        "element_id": element_id,
                    },
                ),
            }
            for element_id in element_ids
        ]
    }
