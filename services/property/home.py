"""The holdings register on the panel's home page: register applications waiting on the user
(new holding, mutation, correction, split, merge; by state and SLA colour) and citizens' claims
on holdings waiting for a clerk's decision."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from backend.panel.home import admin_queryset, changelist_url, register_home_counter
from backend.workflow.home import register_queue_section
from services.property.admin import CLAIM_DECIDERS
from services.property.models import ClaimStatus, HoldingClaim
from services.property.services.applications import APPROVERS, ASSESSOR, CLERK, DEFINITIONS


def pending_claims(request: HttpRequest) -> int:
    return admin_queryset(request, HoldingClaim).filter(status=ClaimStatus.PENDING).count()


def register() -> None:
    register_queue_section(
        "property.applications",
        title=_("Holdings register applications"),
        kinds=[definition.kind for definition in DEFINITIONS.values()],
        roles=CLERK | ASSESSOR | APPROVERS,
        order=30,
    )
    register_home_counter(
        "property.claims.pending",
        label=_("Claims on holdings to decide"),
        roles=CLAIM_DECIDERS,
        count=pending_claims,
        link=lambda: changelist_url(HoldingClaim, status__exact=ClaimStatus.PENDING.value),
        group="property.claims",
        title=_("Holding claims"),
        order=35,
    )
