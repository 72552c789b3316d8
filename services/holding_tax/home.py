"""Holding tax on the panel's home page: assessment review (objection) cases waiting on the
committee's secretary or mayor, by state and SLA colour."""

from django.utils.translation import gettext_lazy as _

from backend.workflow.home import register_queue_section
from services.holding_tax.services.reviews import COMMITTEE, KIND


def register() -> None:
    register_queue_section(
        "holding_tax.reviews",
        title=_("Assessment reviews"),
        kinds=[KIND],
        roles=COMMITTEE,
        order=40,
    )
