"""How a finished (or failed) translation reaches the pages that asked for it."""

from django.template.loader import render_to_string

from translation import services
from translation.models import Translation


def translation_ready(member, payload: dict) -> dict | None:
    translation = Translation.objects.filter(pk=payload["translation_id"]).first()
    if translation is None:
        return None
    elements = services.take_waiting_elements(translation=translation, member=member)
    if not elements:
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
                        # A failure offers "Try again" in place, as the click's answer does.
                        "translate_url": translate_url,
                    },
                ),
            }
            for element_id, translate_url in elements.items()
        ]
    }
