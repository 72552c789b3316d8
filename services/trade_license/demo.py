"""Trade-licence demo data (DEMO VALUES, marked is_demo: no pourashava fee table was found,
next-services.md §2): in every pilot pourashava three categories (a flat-fee grocery, an
area-slab restaurant, a capital-slab company), a signboard rule, this year's late policy
(grace to 30 September, 10% a month capped at 100%: a Dhaka secondary source), the licence
inspector covering wards 1-3, and in Natore an issued licence for demo citizen 01711000001's
shop on their holding 3/A. Idempotent."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from backend.identity.models import Citizen, User
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava, Ward
from services.trade_license.models import (
    ApplicationKind,
    BusinessCategory,
    FeeBasis,
    FeeSlab,
    InspectorWard,
    LateMode,
    LatePolicy,
    LicenceOwner,
    LicenceStatus,
    SignboardBasis,
    SignboardRule,
    TradeLicence,
)

D = Decimal
CATEGORIES = (
    # code, en, bn, basis, inspection, slabs (lower, upper, new fee, renewal fee)
    ("RETAIL.GROCERY", "Grocery shop", "মুদি দোকান", FeeBasis.FLAT, True, ((0, None, 500, 400),)),
    (
        "FOOD.RESTAURANT",
        "Restaurant",
        "রেস্তোরাঁ",
        FeeBasis.AREA_SLAB,
        True,
        ((0, 500, 1000, 800), (500, 1500, 2000, 1600), (1500, None, 3000, 2500)),
    ),
    (
        "COMPANY.GENERAL",
        "Limited company office",
        "লিমিটেড কোম্পানির কার্যালয়",
        FeeBasis.CAPITAL_SLAB,
        False,
        ((0, 1000000, 2000, 2000), (1000000, 10000000, 5000, 5000), (10000000, None, 10000, 10000)),
    ),
)
DEMO_CITIZEN = "01711000001"
DEMO_SHOP = ("NAT", "3/A")
FIRST_FY = "2023-24"


def _rates(pourashava: Pourashava) -> None:
    for code, en, bn, basis, inspection, slabs in CATEGORIES:
        category, _ = BusinessCategory.objects.get_or_create(
            pourashava=pourashava,
            code=code,
            defaults={
                "name_en": en,
                "name_bn": bn,
                "fee_basis": basis,
                "requires_inspection": inspection,
                "is_demo": True,
            },
        )
        if not FeeSlab.objects.filter(category=category).exists():
            FeeSlab.objects.bulk_create(
                FeeSlab(
                    pourashava=pourashava,
                    category=category,
                    fy_from=FIRST_FY,
                    lower=D(lower),
                    upper=D(upper) if upper is not None else None,
                    new_fee=D(new),
                    renewal_fee=D(renewal),
                    gazette_ref="DEMO VALUE",
                    is_demo=True,
                )
                for lower, upper, new, renewal in slabs
            )
    SignboardRule.objects.get_or_create(
        pourashava=pourashava,
        fy_from=FIRST_FY,
        defaults={
            "basis": SignboardBasis.PER_SQFT,
            "value": D(10),
            "illuminated_multiplier": D(2),
            "is_demo": True,
        },
    )
    fy = FiscalYear.of(timezone.localdate())
    for year in (fy.previous(), fy, fy.next()):
        LatePolicy.objects.get_or_create(
            pourashava=pourashava,
            fiscal_year=year.label,
            defaults={
                "grace_end_date": date(year.start_year, 9, 30),
                "mode": LateMode.PCT_PER_MONTH,
                "rate_pct": D(10),
                "cap_pct": D(100),
                "is_demo": True,
            },
        )
    inspector = User.objects.filter(username=f"{pourashava.code.lower()}.licence_inspector").first()
    if inspector is not None:
        for ward in Ward.objects.filter(pourashava=pourashava, number__lte=3):
            InspectorWard.objects.get_or_create(
                pourashava=pourashava, ward=ward, inspector=inspector
            )


def _demo_shop() -> str:
    from backend.common.numbering import next_number
    from services.property.models import Holding
    from services.trade_license.services.applying import start
    from services.trade_license.services.issuing import issue

    citizen = Citizen.objects.filter(mobile=DEMO_CITIZEN).first()
    holding = (
        Holding.objects.filter(pourashava__code=DEMO_SHOP[0], number=DEMO_SHOP[1])
        .select_related("pourashava", "ward")
        .first()
    )
    if citizen is None or holding is None:
        return "skipped (no demo citizen or holding)"
    if TradeLicence.objects.filter(holder=citizen, premises_holding=holding).exists():
        return "already there"
    category = BusinessCategory.objects.get(pourashava=holding.pourashava, code="RETAIL.GROCERY")
    fy = FiscalYear.of(timezone.localdate())
    licence = TradeLicence.objects.create(
        pourashava=holding.pourashava,
        ward=holding.ward,
        licence_no=next_number(pourashava=holding.pourashava, series="TL", fiscal_year=fy),
        holder=citizen,
        business_name_en="Demo General Store",
        business_name_bn="ডেমো জেনারেল স্টোর",
        category=category,
        ownership_kind="proprietor",
        signboard_sqft=D(12),
        premises_holding=holding,
        first_fy=fy.label,
        status=LicenceStatus.PENDING,
    )
    LicenceOwner.objects.create(licence=licence, citizen=citizen, share=1)
    detail = start(
        kind=ApplicationKind.NEW,
        licence=licence,
        citizen=citizen,
        actor=citizen.user,
        fy=fy.label,
        years=1,
    )
    # Issued as if paid at the counter (demo): one term for this year, no payment record.
    detail.quote = {
        "fiscal_years": [fy.label],
        "valid_to": fy.end.isoformat(),
        "lines": [{"fiscal_year": fy.label, "component": "fee", "amount": "500.00"}],
        "total": "500.00",
    }
    detail.paid_at = timezone.now()
    detail.open_key = None
    detail.save()
    from backend.workflow.models import Application

    Application.objects.filter(pk=detail.application_id).update(state="issued")
    issue(detail, citizen.user)
    return licence.licence_no


def load(out: Callable[[str], None]) -> None:
    count = 0
    for pourashava in Pourashava.objects.filter(is_active=True):
        with transaction.atomic():
            _rates(pourashava)
        count += 1
    with transaction.atomic():
        shop = _demo_shop()
    out(f"trade licence demo: rates in {count} pourashava(s) (DEMO VALUES); demo shop: {shop}")
