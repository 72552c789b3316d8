"""Loading the rates a quote needs from the dated tables (a few small indexed queries), and the
statutory defaults seeded by migration."""

from decimal import Decimal

from backend.common.errors import AppError
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from services.trade_license import messages as m
from services.trade_license.models import (
    BusinessCategory,
    FeeSlab,
    LatePolicy,
    LocalBodyClass,
    SignboardRule,
    SourceTaxRule,
    TradeSettings,
    VatRule,
)
from services.trade_license.quote import Late, Rates, Signboard, Slab

DEFAULT_VAT_PCT = Decimal(15)
# Income Tax Act 2023 s.131, effective 1 Jul 2023 (LAW): Tk 3,000 / 2,000 / 1,000 / 500.
SOURCE_TAX_DEFAULTS = {
    LocalBodyClass.DHAKA_CTG_CC: Decimal(3000),
    LocalBodyClass.OTHER_CC: Decimal(2000),
    LocalBodyClass.DISTRICT_HQ_PS: Decimal(1000),
    LocalBodyClass.OTHER_PS: Decimal(500),
}


def effective_slabs(category: BusinessCategory, fy: FiscalYear) -> list[FeeSlab]:
    """The category's slabs from the latest schedule that started on or before `fy`."""
    fy_from = (
        FeeSlab.objects.filter(category=category, fy_from__lte=fy.label)
        .order_by("-fy_from")
        .values_list("fy_from", flat=True)
        .first()
    )
    if fy_from is None:
        return []
    return list(FeeSlab.objects.filter(category=category, fy_from=fy_from).order_by("lower"))


def local_body_class(pourashava_id: int) -> str:
    found = (
        TradeSettings.objects.filter(pourashava_id=pourashava_id)
        .values_list("local_body_class", flat=True)
        .first()
    )
    return found or LocalBodyClass.OTHER_PS


def _late(row: LatePolicy) -> Late:
    return Late(row.grace_end_date, row.mode, row.rate_pct, row.cap_pct)


def load_rates(category: BusinessCategory, fy: FiscalYear) -> Rates:
    slabs = effective_slabs(category, fy)
    if not slabs:
        raise AppError("no_fee_schedule", m.NO_FEE_SCHEDULE, params={"fy": fy.label})
    signboard = (
        SignboardRule.objects.filter(pourashava_id=category.pourashava_id, fy_from__lte=fy.label)
        .order_by("-fy_from")
        .first()
    )
    vat = (
        VatRule.objects.filter(fy_from__lte=fy.label)
        .order_by("-fy_from")
        .values_list("rate_pct", flat=True)
        .first()
    )
    body = local_body_class(category.pourashava_id)
    source = (
        SourceTaxRule.objects.filter(local_body_class=body, fy_from__lte=fy.label)
        .order_by("-fy_from")
        .values_list("amount", flat=True)
        .first()
    )
    policies = list(
        LatePolicy.objects.filter(pourashava_id=category.pourashava_id, fiscal_year__lte=fy.label)
    )
    latest = max(policies, key=lambda p: p.fiscal_year) if policies else None
    return Rates(
        fiscal_year=fy,
        fee_basis=category.fee_basis,
        slabs=tuple(Slab(s.lower, s.upper, s.new_fee, s.renewal_fee) for s in slabs),
        signboard=Signboard(signboard.basis, signboard.value, signboard.illuminated_multiplier)
        if signboard
        else None,
        vat_pct=vat if vat is not None else DEFAULT_VAT_PCT,
        source_tax=source if source is not None else SOURCE_TAX_DEFAULTS[body],
        late={p.fiscal_year: _late(p) for p in policies},
        default_late=_late(latest) if latest else None,
    )


def category_of(pourashava: Pourashava, code: str) -> BusinessCategory:
    category = BusinessCategory.objects.filter(
        pourashava=pourashava, code=(code or "").strip(), is_active=True
    ).first()
    if category is None:
        raise AppError(
            "category_not_found",
            m.CATEGORY_NOT_FOUND,
            fields={"category": [m.CATEGORY_NOT_FOUND]},
            status_code=404,
        )
    return category
