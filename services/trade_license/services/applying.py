"""Applying for a new licence. The licence row is made at once (status pending) so its number is
fixed from the first day; it becomes active when the first term is paid and issued.

Body (JSON): pourashava, category, business_name_en, business_name_bn, ownership_kind,
paid_up_capital?, floor_area_sqft?, signboard_sqft?, signboard_illuminated?, years (1-5),
premises: {holding: id} or {address_en, address_bn, rent_agreement: upload id},
owners?: [{mobile, share}] (default: the applicant alone), tin?, bin?, documents?: [upload ids].
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from backend.common.errors import AppError, NotFound
from backend.common.numbering import next_number
from backend.identity.models import Citizen
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.uploads.services import uploads_for
from backend.workflow.services import start_application, take_action
from services.property.models import Holding
from services.property.selectors import holdings_of
from services.trade_license import messages as m
from services.trade_license.models import (
    ApplicationKind,
    LicenceOwner,
    OwnershipKind,
    TradeApplication,
    TradeLicence,
)
from services.trade_license.quote import MAX_YEARS
from services.trade_license.rates import category_of
from services.trade_license.services.payment import charge
from services.trade_license.services.quoting import quote_for_new, quote_out
from services.trade_license.workflow import (
    KIND,
    LICENCE_SERIES,
    ROUTE_APPROVAL,
    ROUTE_INSPECTION,
    SERIES,
)


def bad(detail: str, field: str = "") -> AppError:
    return AppError(
        "invalid",
        m.BAD_INPUT,
        params={"detail": detail},
        fields={field: ["invalid"]} if field else None,
    )


def decimal_or_none(data: dict, key: str) -> Decimal | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise bad(f"{key} is not a number", key) from None
    if number < 0:
        raise AppError("negative_measure", m.NEGATIVE_MEASURE, fields={key: ["min_value"]})
    return number


def years_of(data: dict) -> int:
    try:
        years = int(data.get("years", 1))
    except (TypeError, ValueError):
        years = 0
    if not 1 <= years <= MAX_YEARS:
        raise AppError(
            "years_out_of_range", m.YEARS_OUT_OF_RANGE, fields={"years": [m.YEARS_OUT_OF_RANGE]}
        )
    return years


def pourashava_of(data: dict) -> Pourashava:
    found = Pourashava.objects.filter(
        code=str(data.get("pourashava") or "").strip().upper(), is_active=True
    ).first()
    if found is None:
        raise NotFound("pourashava_not_found", m.POURASHAVA_NOT_FOUND)
    return found


def premises_of(pourashava: Pourashava, citizen: Citizen, premises: object) -> dict:
    """The premises fields: a holding of this pourashava's register, or an address with the
    applicant's uploaded rent agreement."""
    if not isinstance(premises, dict):
        raise AppError("premises_required", m.PREMISES_REQUIRED, fields={"premises": ["required"]})
    if premises.get("holding") not in (None, ""):
        try:
            holding = Holding.objects.select_related("ward").get(pk=int(premises["holding"]))
        except (Holding.DoesNotExist, TypeError, ValueError):
            raise AppError(
                "holding_not_found", m.HOLDING_NOT_FOUND, fields={"premises": ["not_found"]}
            ) from None
        if holding.pourashava_id != pourashava.pk:
            raise AppError(
                "premises_other_pourashava",
                m.PREMISES_OTHER_POURASHAVA,
                fields={"premises": [m.PREMISES_OTHER_POURASHAVA]},
            )
        # A holding is named only by someone who owns it (or has an approved claim); a tenant
        # gives the address and the rent agreement instead.
        if not holdings_of(citizen).filter(pk=holding.pk).exists():
            raise AppError(
                "holding_not_found", m.HOLDING_NOT_FOUND, fields={"premises": ["not_found"]}
            )
        return {"premises_holding": holding, "ward": holding.ward}
    address_en = str(premises.get("address_en") or "").strip()[:300]
    address_bn = str(premises.get("address_bn") or "").strip()[:300]
    agreement = premises.get("rent_agreement")
    if not (address_en and address_bn and agreement):
        raise AppError("premises_required", m.PREMISES_REQUIRED, fields={"premises": ["required"]})
    [upload] = uploads_for(citizen=citizen, public_ids=[agreement])
    return {
        "premises_address_en": address_en,
        "premises_address_bn": address_bn,
        "rent_agreement": upload,
        "ward": None,
    }


def owners_of(citizen: Citizen, owners: object) -> list[tuple[Citizen, Decimal]]:
    if not owners:
        return [(citizen, Decimal(1))]
    if not isinstance(owners, list):
        raise bad("owners is a list", "owners")
    found: list[tuple[Citizen, Decimal]] = []
    for owner in owners:
        mobile = str((owner or {}).get("mobile") or "").strip()
        person = Citizen.objects.filter(mobile=mobile).first() if mobile else None
        if person is None:
            raise AppError("owner_not_found", m.OWNER_NOT_FOUND, fields={"owners": ["not_found"]})
        try:
            share = Decimal(str(owner.get("share")))
        except InvalidOperation:
            raise bad("share is not a number", "owners") from None
        if not Decimal(0) < share <= 1:
            raise AppError("shares_not_one", m.SHARES_NOT_ONE, fields={"owners": ["invalid"]})
        found.append((person, share))
    if sum(s for _, s in found) != 1 or len({p.pk for p, _ in found}) != len(found):
        raise AppError("shares_not_one", m.SHARES_NOT_ONE, fields={"owners": ["invalid"]})
    return found


def names_of(data: dict) -> tuple[str, str]:
    en = str(data.get("business_name_en") or "").strip()[:200]
    bn = str(data.get("business_name_bn") or "").strip()[:200]
    if not (en and bn):
        raise AppError("name_required", m.NAME_REQUIRED, fields={"business_name_en": ["required"]})
    return en, bn


def start(
    *, kind: str, licence: TradeLicence, citizen: Citizen, actor, fy: str, years: int, request=None
) -> TradeApplication:
    """A workflow application with its detail row (inside the caller's transaction)."""
    application = start_application(
        kind=KIND,
        series=SERIES,
        pourashava=licence.pourashava,
        actor=actor,
        applicant=citizen,
        ward=licence.ward,
        request=request,
    )
    return TradeApplication.objects.create(
        application=application,
        pourashava=licence.pourashava,
        ward=licence.ward,
        licence=licence,
        kind=kind,
        fiscal_year=fy,
        years=years,
        open_key=f"{licence.pk}:{kind}:{fy}",
    )


def route(detail: TradeApplication, action: str, actor, request=None) -> None:
    detail.application = take_action(
        application=detail.application, action=action, actor=actor, request=request
    )
    detail.application.refresh_from_db()  # a hook may have moved it on again (nothing to pay)


def apply_new(*, citizen: Citizen, actor, data: dict, request=None) -> TradeApplication:
    """Apply for a new licence: inspection first where the category needs it, then approval."""
    if not isinstance(data, dict):
        raise bad("the body is a JSON object")
    pourashava = pourashava_of(data)
    category = category_of(pourashava, str(data.get("category") or ""))
    years = years_of(data)
    en, bn = names_of(data)
    kind = str(data.get("ownership_kind") or OwnershipKind.PROPRIETOR)
    if kind not in OwnershipKind.values:
        raise bad("ownership_kind is proprietor, partnership, company or other", "ownership_kind")
    premises = premises_of(pourashava, citizen, data.get("premises"))
    owners = owners_of(citizen, data.get("owners"))
    documents = uploads_for(citizen=citizen, public_ids=list(data.get("documents") or []))
    fy = FiscalYear.of(timezone.localdate())
    licence = TradeLicence(
        pourashava=pourashava,
        holder=citizen,
        business_name_en=en,
        business_name_bn=bn,
        category=category,
        ownership_kind=kind,
        paid_up_capital=decimal_or_none(data, "paid_up_capital"),
        floor_area_sqft=decimal_or_none(data, "floor_area_sqft"),
        signboard_sqft=decimal_or_none(data, "signboard_sqft") or 0,
        signboard_illuminated=bool(data.get("signboard_illuminated")),
        tin=str(data.get("tin") or "").strip()[:12],
        bin=str(data.get("bin") or "").strip()[:13],
        first_fy=fy.label,
        **premises,
    )
    the_quote = quote_for_new(licence, years=years)  # refuses a missing capital or schedule
    with transaction.atomic():
        licence.licence_no = next_number(
            pourashava=pourashava, series=LICENCE_SERIES, fiscal_year=fy
        )
        licence.save()
        LicenceOwner.objects.bulk_create(
            LicenceOwner(licence=licence, citizen=p, share=s) for p, s in owners
        )
        detail = start(
            kind=ApplicationKind.NEW,
            licence=licence,
            citizen=citizen,
            actor=actor,
            fy=fy.label,
            years=years,
            request=request,
        )
        detail.quote = quote_out(the_quote)
        detail.save(update_fields=["quote"])
        detail.documents.set(documents)
        route(
            detail,
            ROUTE_INSPECTION if category.requires_inspection else ROUTE_APPROVAL,
            actor,
            request,
        )
    return detail


__all__ = ["apply_new", "charge"]
