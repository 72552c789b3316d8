"""Applications on an existing licence: renewal (with or without change), transfer, cancellation
by the holder, duplicate copy; and cancellation ordered by the pourashava after a hearing.

Renewing is idempotent per (licence, fiscal year): the licence row is locked and one open
application per (licence, kind, year) is enforced by a unique key, so 20 concurrent renew calls
make one application and the others get it back."""

import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from backend.common.errors import AppError, Conflict, NotFound
from backend.common.text import Text
from backend.identity.audit import record_audit
from backend.identity.models import Citizen
from backend.municipality.fiscal_year import FiscalYear
from backend.notifications.services import send_sms
from backend.workflow.services import take_action
from services.trade_license import messages as m
from services.trade_license.models import (
    ApplicationKind,
    LicenceStatus,
    TradeApplication,
    TradeLicence,
)
from services.trade_license.services.applying import (
    decimal_or_none,
    route,
    start,
    years_of,
)
from services.trade_license.services.issuing import CHANGEABLE, cancel_licence
from services.trade_license.services.quoting import due_years, quote_for_licence, quote_out
from services.trade_license.workflow import (
    CONSENT,
    ROUTE_APPROVAL,
    ROUTE_CONSENT,
    ROUTE_INSPECTION,
    ROUTE_PAYMENT,
)

CONSENT_SMS = Text(
    en="Code {code}: {holder} asks to transfer trade licence {licence} ({business}) to you. If "
    "you agree, give this code in the app. Ignore this message if you do not.",
    bn="কোড {code}: {holder} ট্রেড লাইসেন্স {licence} ({business}) আপনার নামে হস্তান্তর করতে "
    "চান। সম্মত হলে অ্যাপে এই কোড দিন। সম্মত না হলে এই বার্তা উপেক্ষা করুন।",
)


def licence_of_holder(citizen: Citizen, licence_no: str, *, lock: bool = False) -> TradeLicence:
    queryset = TradeLicence.objects.select_related("category", "pourashava", "ward")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    licence = queryset.filter(licence_no=licence_no).first()
    if licence is None or licence.holder_id != citizen.pk:
        raise NotFound("licence_not_found", m.LICENCE_NOT_FOUND)
    return licence


def _renewable(licence: TradeLicence) -> None:
    if licence.status == LicenceStatus.CANCELLED:
        raise Conflict("licence_cancelled", m.LICENCE_CANCELLED)
    if licence.status == LicenceStatus.SUSPENDED:
        raise Conflict("licence_suspended", m.LICENCE_SUSPENDED)
    if licence.status == LicenceStatus.PENDING:
        raise Conflict("licence_not_issued", m.LICENCE_NOT_ISSUED)


def _open(licence: TradeLicence, key: str) -> TradeApplication | None:
    return (
        TradeApplication.objects.select_related("application", "licence")
        .filter(open_key=key)
        .first()
    )


def _changes_from(data: dict) -> dict:
    changes = {}
    for name in (*CHANGEABLE, "category"):
        if name in data:
            changes[name] = data[name]
    for name in ("paid_up_capital", "floor_area_sqft", "signboard_sqft"):
        if name in changes:
            value = decimal_or_none(changes, name)
            changes[name] = str(value) if value is not None else None
    return changes


def renew(
    *, citizen: Citizen, actor, licence_no: str, data: dict, request=None
) -> tuple[TradeApplication, bool]:
    """Renew for `years` (1-5) from the first unpaid year, arrears included. With `changes`,
    the renewal goes through inspection and approval like a new licence; without, straight to
    payment. Returns (application, created)."""
    licence_of_holder(citizen, licence_no)  # someone else's licence: 404 before anything else
    years = years_of(data)
    changes = _changes_from(data.get("changes") or {}) if isinstance(data, dict) else {}
    today = timezone.localdate()
    with transaction.atomic():
        licence = licence_of_holder(citizen, licence_no, lock=True)
        _renewable(licence)
        due = due_years(licence, today)
        kind = ApplicationKind.RENEWAL_WITH_CHANGE if changes else ApplicationKind.RENEWAL
        fy = due.first_unpaid.label
        existing = _open(licence, f"{licence.pk}:{ApplicationKind.RENEWAL}:{fy}") or _open(
            licence, f"{licence.pk}:{ApplicationKind.RENEWAL_WITH_CHANGE}:{fy}"
        )
        if existing is not None:
            return existing, False
        the_quote = quote_for_licence(
            licence, years=years, today=today, changes=_resolve(licence, changes)
        )
        try:
            with transaction.atomic():
                detail = start(
                    kind=kind,
                    licence=licence,
                    citizen=citizen,
                    actor=actor,
                    fy=fy,
                    years=years,
                    request=request,
                )
        except IntegrityError:  # lost a race the lock did not cover (another kind's key)
            found = _open(licence, f"{licence.pk}:{kind}:{fy}")
            if found is None:
                raise
            return found, False
        detail.changes = changes
        detail.quote = quote_out(the_quote)
        detail.save(update_fields=["changes", "quote"])
        if not changes:
            route(detail, ROUTE_PAYMENT, actor, request)
        elif licence.category.requires_inspection:
            route(detail, ROUTE_INSPECTION, actor, request)
        else:
            route(detail, ROUTE_APPROVAL, actor, request)
    return detail, True


def _resolve(licence: TradeLicence, changes: dict) -> dict:
    if changes.get("category"):
        from services.trade_license.rates import category_of

        return {**changes, "category_obj": category_of(licence.pourashava, changes["category"])}
    return changes


def _code_hash(detail_pk: int, code: str) -> str:
    return salted_hmac("trade_license.transfer", f"{detail_pk}:{code}").hexdigest()


def transfer(
    *, citizen: Citizen, actor, licence_no: str, new_owner_mobile: str, request=None
) -> TradeApplication:
    """Ask to transfer the licence; the new owner gets a code by SMS and must consent."""
    licence_of_holder(citizen, licence_no)  # someone else's licence: 404 before anything else
    new_owner = Citizen.objects.filter(mobile=(new_owner_mobile or "").strip()).first()
    if new_owner is None:
        raise AppError("owner_not_found", m.OWNER_NOT_FOUND, fields={"new_owner": ["not_found"]})
    if new_owner.pk == citizen.pk:
        raise AppError("transfer_to_self", m.TRANSFER_TO_SELF)
    with transaction.atomic():
        licence = licence_of_holder(citizen, licence_no, lock=True)
        if licence.status in (LicenceStatus.CANCELLED, LicenceStatus.PENDING):
            raise Conflict("licence_not_transferable", m.LICENCE_CANCELLED)
        fy = "-"  # one open transfer per licence at a time
        existing = _open(licence, f"{licence.pk}:{ApplicationKind.TRANSFER}:{fy}")
        if existing is not None:
            raise Conflict(
                "open_application",
                m.OPEN_APPLICATION,
                params={"number": existing.application.number},
            )
        detail = start(
            kind=ApplicationKind.TRANSFER,
            licence=licence,
            citizen=citizen,
            actor=actor,
            fy=fy,
            years=1,
            request=request,
        )
        code = f"{secrets.randbelow(10**6):06d}"
        detail.new_owner = new_owner
        detail.consent_code_hash = _code_hash(detail.pk, code)
        detail.save(update_fields=["new_owner", "consent_code_hash"])
        route(detail, ROUTE_CONSENT, actor, request)
        send_sms(
            to=new_owner.mobile,
            text=CONSENT_SMS,
            params={
                "holder": citizen.name_en or citizen.mobile,
                "licence": licence.licence_no,
                "business": licence.business_name_en,
                "code": code,
            },
            sensitive=True,
        )
    return detail


def consent(*, citizen: Citizen, actor, number: str, code: str, request=None) -> TradeApplication:
    """The new owner consents with the code sent to them; the transfer goes to the officer."""
    detail = (
        TradeApplication.objects.select_related("application__applicant__user", "licence")
        .filter(application__number=number, new_owner=citizen)
        .first()
    )
    if detail is None:
        raise NotFound("application_not_found", m.APPLICATION_NOT_FOUND)
    if detail.consent_at is not None or not detail.consent_code_hash:
        raise Conflict("consent_not_asked", m.CONSENT_NOT_ASKED)
    if not constant_time_compare(
        detail.consent_code_hash, _code_hash(detail.pk, str(code).strip())
    ):
        raise AppError("consent_code_wrong", m.CONSENT_WRONG, fields={"code": [m.CONSENT_WRONG]})
    with transaction.atomic():
        TradeApplication.objects.filter(pk=detail.pk).update(consent_at=timezone.now())
        detail.consent_at = timezone.now()
        applicant = detail.application.applicant
        take_action(
            application=detail.application,
            action=CONSENT,
            actor=applicant.user,
            comment=f"Consent by {citizen.mobile}.",
        )
        record_audit(
            actor=actor,
            action="trade_licence.transfer_consent",
            obj=detail.licence,
            pourashava=detail.pourashava,
            after={"application": number},
            request=request,
        )
    return detail


def request_cancellation(
    *, citizen: Citizen, actor, licence_no: str, reason: str, request=None
) -> TradeApplication:
    """The holder closes the business: the licence officer confirms and it is cancelled."""
    with transaction.atomic():
        licence = licence_of_holder(citizen, licence_no, lock=True)
        if licence.status == LicenceStatus.CANCELLED:
            raise Conflict("licence_cancelled", m.ALREADY_CANCELLED)
        key = f"{licence.pk}:{ApplicationKind.CANCELLATION}:-"
        existing = _open(licence, key)
        if existing is not None:
            return existing
        detail = start(
            kind=ApplicationKind.CANCELLATION,
            licence=licence,
            citizen=citizen,
            actor=actor,
            fy="-",
            years=1,
            request=request,
        )
        detail.reason = (reason or "").strip()[:2000] or "Business closed."
        detail.save(update_fields=["reason"])
        route(detail, ROUTE_APPROVAL, actor, request)
    return detail


def duplicate(*, citizen: Citizen, actor, licence_no: str, request=None) -> TradeApplication:
    """A fresh copy of the current licence, marked as a duplicate (no fee in this version)."""
    with transaction.atomic():
        licence = licence_of_holder(citizen, licence_no, lock=True)
        if licence.status not in (LicenceStatus.ACTIVE, LicenceStatus.EXPIRED):
            raise Conflict("licence_not_issued", m.LICENCE_NOT_ISSUED)
        detail = start(
            kind=ApplicationKind.DUPLICATE,
            licence=licence,
            citizen=citizen,
            actor=actor,
            fy=FiscalYear.of().label,
            years=1,
            request=request,
        )
        detail.open_key = None
        detail.save(update_fields=["open_key"])
        route(detail, ROUTE_PAYMENT, actor, request)
    return detail


def order_cancellation(
    *, licence: TradeLicence, actor, reasons: str, hearing_on: date | None, request=None
) -> TradeLicence:
    """The pourashava cancels a licence for a violation, only after a hearing (a date not in the
    future) and with reasons."""
    reasons = (reasons or "").strip()
    if hearing_on is None or hearing_on > timezone.localdate() or not reasons:
        raise AppError(
            "hearing_required", m.HEARING_REQUIRED, fields={"hearing_on": [m.HEARING_REQUIRED]}
        )
    with transaction.atomic():
        locked = TradeLicence.objects.select_for_update().get(pk=licence.pk)
        if locked.status == LicenceStatus.CANCELLED:
            raise Conflict("licence_cancelled", m.ALREADY_CANCELLED)
        before = {"status": locked.status}
        cancel_licence(locked, reason=f"{reasons} (hearing {hearing_on.isoformat()})")
        record_audit(
            actor=actor,
            action="trade_licence.cancelled_by_pourashava",
            obj=locked,
            pourashava=locked.pourashava,
            before=before,
            after={"status": locked.status, "reasons": reasons, "hearing_on": str(hearing_on)},
            request=request,
        )
    return locked
