"""Certificate applications on the panel's home page: those with the councillor and with the
certificate officer, by SLA colour (sla.py), each a link to the applications list filtered to
exactly those rows. A councillor sees their ward's, the officer and the secretary or mayor
their pourashava's. One query."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.panel.home import (
    HomeCount,
    HomeRow,
    admin_queryset,
    changelist_url,
    holds,
    register_home_section,
)
from backend.workflow.home import claim_kinds
from services.certificates.admin.roles import COUNCILLORS, OFFICERS, OVERSEERS
from services.certificates.models import CertificateApplication
from services.certificates.sla import Colour, counts_by_state
from services.certificates.workflow import KIND, WITH_COUNCILLOR, WITH_OFFICER, state_label

COLOURS = (Colour.RED, Colour.AMBER, Colour.GREEN)
# Each state waiting on staff, and who sees its row: whoever it waits on, and the overseers.
ROWS = ((WITH_COUNCILLOR, COUNCILLORS | OVERSEERS), (WITH_OFFICER, OFFICERS | OVERSEERS))


def rows(request: HttpRequest) -> list[HomeRow]:
    shown = [(state, roles) for state, roles in ROWS if holds(request, roles)]
    if not shown:
        return []
    counts = counts_by_state(admin_queryset(request, CertificateApplication), timezone.now())
    return [
        HomeRow(
            label=state_label(state),
            cells=tuple(
                HomeCount(
                    key=f"certificates.{state}.{colour}",
                    value=counts.get((state, colour), 0),
                    url=changelist_url(CertificateApplication, state=state, sla=colour.value),
                    tone=colour.value,
                )
                for colour in COLOURS
            ),
        )
        for state, _roles in shown
    ]


def register() -> None:
    claim_kinds(KIND)  # counted here, with both clocks, not under "Other applications"
    register_home_section(
        "certificates.queue",
        title=_("Certificate applications"),
        roles=OFFICERS | COUNCILLORS | OVERSEERS,
        rows=rows,
        columns=(_("Late"), _("Due soon"), _("On time")),
        order=20,
    )
