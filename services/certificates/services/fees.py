"""The certificate fee, through the payment layer: applying raises a demand (head
`certificate_fee`), and when a payment settles it in full the application moves on to the
councillor, with the SLA clock starting at payment. A zero fee moves it on at once."""

from collections.abc import Sequence
from datetime import timedelta

from django.utils import timezone

from backend.common.money import ZERO
from backend.payments.models import Demand, DemandStatus, ReceiptLine
from backend.payments.registry import register_settlement_hook
from backend.payments.services import cancel_demand, raise_demand
from backend.workflow.definitions import Transition
from backend.workflow.models import Application
from backend.workflow.services import register_transition_hook, take_action
from services.certificates.models import CertificateApplication
from services.certificates.workflow import KIND, PAID, PAYMENT_DUE, WITHDRAWN

SERVICE_CODE = "certificates"
HEAD = "certificate_fee"
OBJECT_TYPE = "certificate_application"
# Days the applicant has to pay before the demand shows as overdue in their dues.
FEE_DUE_DAYS = 30


def natural_key(application_number: str) -> str:
    return f"certificate:{application_number}"


def charge_fee(detail: CertificateApplication) -> None:
    """Demand the application's fee from its applicant (inside the applying transaction)."""
    application = detail.application
    if detail.fee <= ZERO:
        _mark_paid(detail, comment="No fee for this certificate.")
        return
    detail.fee_demand = raise_demand(
        pourashava=detail.pourashava,
        service_code=SERVICE_CODE,
        natural_key=natural_key(application.number),
        lines={HEAD: detail.fee},
        due_date=timezone.localdate() + timedelta(days=FEE_DUE_DAYS),
        citizen=application.applicant,
        object_type=OBJECT_TYPE,
        object_id=application.number,
        object_label=f"{detail.certificate_type.name_en}, {application.number}",
        actor=application.applicant.user,
    )
    detail.save(update_fields=["fee_demand"])


def _mark_paid(detail: CertificateApplication, *, comment: str) -> None:
    """Move the application on to the councillor, as its applicant, and start the SLA."""
    application = Application.objects.select_related("applicant").get(pk=detail.application_id)
    take_action(
        application=application, action=PAID, actor=application.applicant.user, comment=comment
    )
    now = timezone.now()
    detail.paid_at = now
    detail.due_by = now + timedelta(days=detail.certificate_type.sla_days)
    detail.save(update_fields=["paid_at", "due_by"])


def _receipt_number(demand: Demand) -> str:
    return (
        ReceiptLine.objects.filter(demand=demand)
        .order_by("-id")
        .values_list("receipt__number", flat=True)
        .first()
        or ""
    )


def on_fee_paid(demands: Sequence[Demand]) -> None:
    """Settlement hook: each fully paid certificate fee moves its application on. Runs inside
    the settling transaction, so payment and move commit (or fail) together."""
    for demand in demands:
        if demand.object_type != OBJECT_TYPE:
            continue
        detail = (
            CertificateApplication.objects.select_for_update(of=("self",))
            .select_related("application", "certificate_type")
            .filter(fee_demand=demand)
            .first()
        )
        if detail is None or detail.application.state != PAYMENT_DUE:
            continue  # paid twice over, or moved on some other way: nothing left to do
        receipt = _receipt_number(demand)
        _mark_paid(detail, comment=f"Fee paid, receipt {receipt}." if receipt else "Fee paid.")


def cancel_unpaid_fee(application: Application, transition: Transition, actor) -> None:
    """Transition hook: a withdrawn application's open fee demand is cancelled (a payment under
    way for it becomes a refundable credit, as the payment layer does for any cancelled demand)."""
    if transition.target != WITHDRAWN:
        return
    demand = (
        CertificateApplication.objects.filter(application=application)
        .values_list("fee_demand", flat=True)
        .first()
    )
    if demand is None:
        return
    open_demand = Demand.objects.filter(pk=demand, status=DemandStatus.OPEN).first()
    if open_demand is not None:
        cancel_demand(demand=open_demand, actor=actor, reason=f"{application.number} withdrawn")


def register() -> None:
    register_settlement_hook(SERVICE_CODE, on_fee_paid)
    register_transition_hook(KIND, cancel_unpaid_fee)
