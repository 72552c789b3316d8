"""What happens as a trade-licence application moves (one transition hook, inside the engine's
transaction, so a refusal here undoes the move):

- entering payment_due raises the demand (payment.py);
- `paid` is refused unless the demand is paid in full (checked on the server, whatever called
  it), then the application's change is applied, the paid years become terms and the licence
  document is issued (superseding the previous one);
- `consent` is refused unless the new owner's code was checked; `inspect` unless an inspection
  report was recorded; `close` applies a holder's cancellation;
- a closed application frees its (licence, year) for a new one.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from backend.common.errors import Conflict
from backend.documents.models import DocumentStatus, IssuedDocument
from backend.documents.services import issue_document
from backend.workflow.definitions import Transition
from backend.workflow.models import Application
from backend.workflow.services import register_transition_hook
from services.trade_license import messages as m
from services.trade_license.models import (
    ApplicationKind,
    LicenceOwner,
    LicenceStatus,
    LicenceTerm,
    TradeApplication,
    TradeLicence,
)
from services.trade_license.printing import DOCUMENT_KIND, document_fields
from services.trade_license.services import payment
from services.trade_license.workflow import (
    APPROVE,
    CLOSE,
    CONSENT,
    INSPECT,
    KIND,
    PAID,
    PAYMENT_DUE,
    TERMINAL,
    WITHDRAWN,
)

CHANGEABLE = (
    "business_name_en",
    "business_name_bn",
    "paid_up_capital",
    "floor_area_sqft",
    "signboard_sqft",
    "signboard_illuminated",
    "tin",
    "bin",
)


def _detail(application: Application) -> TradeApplication:
    return (
        TradeApplication.objects.select_for_update(of=("self",))
        .select_related("licence", "licence__category", "application__applicant__user")
        .get(application=application)
    )


def on_transition(application: Application, transition: Transition, actor) -> None:
    detail = _detail(application)
    detail.application = application
    action = transition.action
    if action == INSPECT and not detail.inspections.exists():
        raise Conflict("inspection_required", m.INSPECTION_REQUIRED)
    if action == CONSENT and detail.consent_at is None:
        raise Conflict("consent_required", m.NO_CONSENT)
    if action == APPROVE and detail.kind == ApplicationKind.CANCELLATION:
        raise Conflict("use_close", m.BAD_INPUT, params={"detail": "close a cancellation"})
    if action == CLOSE:
        if detail.kind != ApplicationKind.CANCELLATION:
            raise Conflict("use_approve", m.BAD_INPUT, params={"detail": "approve instead"})
        cancel_licence(detail.licence, reason=detail.reason or "Closed by the holder.")
    if transition.target == PAYMENT_DUE:
        payment.charge(detail, actor)
    if action == PAID:
        if not payment.is_paid(detail):
            raise Conflict("not_paid", m.NOT_PAID)
        issue(detail, actor)
    if transition.target == WITHDRAWN:
        payment.cancel_open_demand(detail, actor)
    if transition.target in TERMINAL or application.state in TERMINAL:
        TradeApplication.objects.filter(pk=detail.pk).update(open_key=None)


def cancel_licence(licence: TradeLicence, *, reason: str) -> None:
    licence.status = LicenceStatus.CANCELLED
    licence.cancelled_reason = reason
    licence.save(update_fields=["status", "cancelled_reason"])
    IssuedDocument.objects.filter(
        kind=DOCUMENT_KIND, fields__licence_no=licence.licence_no, status=DocumentStatus.VALID
    ).update(status=DocumentStatus.REVOKED, revoked_at=timezone.now(), revoked_reason=reason)


def _apply_changes(detail: TradeApplication) -> None:
    licence = detail.licence
    changes = detail.changes or {}
    fields = []
    for name in CHANGEABLE:
        if name in changes:
            value = changes[name]
            if name in ("paid_up_capital", "floor_area_sqft", "signboard_sqft") and value not in (
                None,
                "",
            ):
                value = Decimal(str(value))
            setattr(licence, name, value)
            fields.append(name)
    if changes.get("category"):
        from services.trade_license.rates import category_of

        licence.category = category_of(licence.pourashava, changes["category"])
        fields.append("category")
    if detail.kind == ApplicationKind.TRANSFER and detail.new_owner_id:
        licence.holder_id = detail.new_owner_id
        fields.append("holder")
        LicenceOwner.objects.filter(licence=licence).delete()
        LicenceOwner.objects.create(licence=licence, citizen_id=detail.new_owner_id, share=1)
    if fields:
        licence.save(update_fields=fields)


def _terms(detail: TradeApplication) -> date | None:
    """The paid years as terms; returns the end of the last one."""
    quote = detail.quote or {}
    years = quote.get("fiscal_years") or []
    now = timezone.now()
    for fy in years:
        amounts = {"fee": 0, "vat": 0, "signboard": 0, "source_tax": 0, "surcharge": 0}
        for line in quote.get("lines", []):
            if line["fiscal_year"] == fy:
                amounts[line["component"]] = Decimal(amounts[line["component"]]) + Decimal(
                    line["amount"]
                )
        LicenceTerm.objects.create(
            licence=detail.licence,
            pourashava=detail.pourashava,
            fiscal_year=fy,
            application=detail,
            paid_at=now,
            **amounts,
        )
    return date.fromisoformat(quote["valid_to"]) if years else None


def issue(detail: TradeApplication, actor) -> IssuedDocument:
    licence = detail.licence
    if detail.kind in (ApplicationKind.RENEWAL_WITH_CHANGE, ApplicationKind.TRANSFER):
        _apply_changes(detail)
    valid_to = _terms(detail)
    today = timezone.localdate()
    if valid_to is not None:
        licence.valid_to = max(filter(None, [licence.valid_to, valid_to]))
        licence.valid_from = licence.valid_from or today
        licence.status = LicenceStatus.ACTIVE
        licence.expired_on = None
    licence.save()
    previous = (
        IssuedDocument.objects.filter(
            pourashava=licence.pourashava,
            kind=DOCUMENT_KIND,
            status=DocumentStatus.VALID,
            fields__licence_no=licence.licence_no,
        )
        .order_by("-issued_at")
        .first()
    )
    document = issue_document(
        kind=DOCUMENT_KIND,
        number=detail.application.number,
        pourashava=licence.pourashava,
        fields=document_fields(licence, duplicate=detail.kind == ApplicationKind.DUPLICATE),
        language="bn",
        holder=licence.holder,
        valid_until=licence.valid_to,
        supersedes=previous,
        actor=actor,
    )
    detail.document = document
    detail.save(update_fields=["document"])
    return document


def register() -> None:
    register_transition_hook(KIND, on_transition)
