"""The licence's money, through the payment layer: entering `payment_due` raises one demand split
by head (fee, signboard tax, VAT, NBR source tax, surcharge) from a fresh quote; when a payment
settles it in full, the settlement hook takes `paid` for the applicant and the licence is issued
in the same transaction. A zero quote (a duplicate copy) moves on at once."""

from collections.abc import Sequence
from datetime import timedelta

from django.utils import timezone

from backend.payments.models import Demand, DemandStatus
from backend.payments.registry import register_settlement_hook
from backend.payments.services import cancel_demand, raise_demand
from backend.workflow.services import take_action
from services.trade_license.models import ApplicationKind, TradeApplication
from services.trade_license.quote import Quote
from services.trade_license.services.quoting import quote_for_licence, quote_for_new, quote_out
from services.trade_license.workflow import PAID, PAYMENT_DUE

SERVICE_CODE = "trade_license"  # the payment layer names services by app (api/labels.py)
OBJECT_TYPE = "trade_application"
DUE_DAYS = 30


def fresh_quote(detail: TradeApplication) -> Quote | None:
    licence = detail.licence
    if detail.kind == ApplicationKind.NEW:
        return quote_for_new(licence, years=detail.years)
    if detail.kind in (ApplicationKind.RENEWAL, ApplicationKind.RENEWAL_WITH_CHANGE):
        return quote_for_licence(licence, years=detail.years, changes=_changes(detail))
    return None  # transfer, duplicate copy: no fee in this version (a pourashava fee: TODO data)


def _changes(detail: TradeApplication) -> dict:
    changes = dict(detail.changes or {})
    code = changes.get("category")
    if code:
        from services.trade_license.rates import category_of

        changes["category_obj"] = category_of(detail.pourashava, code)
    return changes


def charge(detail: TradeApplication, actor) -> None:
    """Raise the demand for `detail` (inside the transition's transaction)."""
    the_quote = fresh_quote(detail)
    detail.quote = quote_out(the_quote) if the_quote else {"total": "0.00", "lines": []}
    detail.save(update_fields=["quote"])
    lines = the_quote.by_head() if the_quote else {}
    if not lines:
        _mark_paid(detail, comment="Nothing to pay.")
        return
    application = detail.application
    licence = detail.licence
    detail.demand = raise_demand(
        pourashava=detail.pourashava,
        service_code=SERVICE_CODE,
        natural_key=f"trade:{application.number}",
        lines=lines,
        due_date=timezone.localdate() + timedelta(days=DUE_DAYS),
        citizen=application.applicant,
        object_type=OBJECT_TYPE,
        object_id=application.number,
        object_label=f"{licence.business_name_en}, {licence.licence_no}",
        actor=actor,
    )
    detail.save(update_fields=["demand"])


def _mark_paid(detail: TradeApplication, *, comment: str) -> None:
    application = detail.application
    detail.paid_at = timezone.now()
    detail.save(update_fields=["paid_at"])
    take_action(
        application=application, action=PAID, actor=application.applicant.user, comment=comment
    )


def is_paid(detail: TradeApplication) -> bool:
    """Server-side: the demand is settled in full (or there was nothing to pay)."""
    if detail.demand_id is None:
        return detail.paid_at is not None
    return Demand.objects.filter(pk=detail.demand_id, status=DemandStatus.PAID).exists()


def on_paid(demands: Sequence[Demand]) -> None:
    """Settlement hook: each fully paid licence demand issues its application's licence."""
    for demand in demands:
        if demand.object_type != OBJECT_TYPE:
            continue
        detail = (
            TradeApplication.objects.select_for_update(of=("self",))
            .select_related("application__applicant__user", "licence")
            .filter(demand=demand)
            .first()
        )
        if detail is None or detail.application.state != PAYMENT_DUE:
            continue
        _mark_paid(detail, comment="Paid.")


def cancel_open_demand(detail: TradeApplication, actor) -> None:
    if detail.demand_id is None:
        return
    demand = Demand.objects.filter(pk=detail.demand_id, status=DemandStatus.OPEN).first()
    if demand is not None:
        cancel_demand(demand=demand, actor=actor, reason=f"{detail.application.number} withdrawn")


def register() -> None:
    register_settlement_hook(SERVICE_CODE, on_paid)
