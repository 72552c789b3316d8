"""Market shop tenancies: a tenant is let a shop at a monthly rent; each month's rent is a
demand in the payment layer (head `shop_rent`, due in the first week of the month, as Jamalpur
collects it), raised by the monthly run (beat or command, safe to repeat); tenants with rent
overdue are listed with their arrears and sent a bilingual notice by SMS."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from backend.common.errors import AppError, Conflict
from backend.common.money import ZERO
from backend.common.text import Text
from backend.identity.audit import record_audit
from backend.identity.models import Citizen, User
from backend.municipality.models import Pourashava
from backend.notifications.services import send_sms
from backend.payments.models import OPEN_DEMAND_STATUSES, Demand, DemandLine
from backend.payments.services import raise_demand
from services.estate_leases import access, heads
from services.estate_leases.models import Property, PropertyKind, ShopTenancy, TenancyStatus

OBJECT_TYPE = "estate_shop_rent"
DUE_DAY = 7  # rent is paid in the first week of the month

NOT_A_SHOP = Text(en="Only a market shop is let by tenancy.", bn="কেবল মার্কেটের দোকান ভাড়া দেওয়া যায়।")
SHOP_TAKEN = Text(en="This shop already has a tenant.", bn="দোকানটিতে ইতিমধ্যে ভাড়াটিয়া আছেন।")
ARREARS_NOTICE = Text(
    en="{shop}: shop rent of Tk {amount} is overdue. Please pay at the pourashava or online "
    "to avoid cancellation of the allotment.",
    bn="{shop}: দোকান ভাড়া {amount} টাকা বকেয়া। বরাদ্দ বাতিল এড়াতে পৌরসভায় বা অনলাইনে পরিশোধ করুন।",
)


@transaction.atomic
def let_shop(
    *,
    prop: Property,
    tenant: Citizen,
    tenant_name: str,
    monthly_rent: Decimal,
    starts_on: date,
    actor: User,
) -> ShopTenancy:
    access.require(actor, access.OFFICERS, prop.pourashava_id)
    if prop.kind != PropertyKind.MARKET_SHOP:
        raise AppError("not_a_shop", NOT_A_SHOP)
    if ShopTenancy.objects.filter(property=prop, status=TenancyStatus.ACTIVE).exists():
        raise Conflict("shop_taken", SHOP_TAKEN)
    tenancy = ShopTenancy.objects.create(
        pourashava_id=prop.pourashava_id,
        property=prop,
        tenant=tenant,
        tenant_name=tenant_name,
        monthly_rent=monthly_rent,
        starts_on=starts_on,
    )
    record_audit(
        actor=actor, action="estate.shop_let", obj=tenancy, after={"rent": str(monthly_rent)}
    )
    return tenancy


@dataclass(frozen=True)
class RentRun:
    raised: int
    existing: int


def raise_rent(*, pourashava: Pourashava, year: int, month: int) -> RentRun:
    """This month's rent demand for every active tenancy begun by the month's end (again: no
    duplicate, the natural key holds)."""
    first = date(year, month, 1)
    raised = existing = 0
    tenancies = ShopTenancy.objects.filter(
        pourashava=pourashava, status=TenancyStatus.ACTIVE, starts_on__lte=first.replace(day=28)
    ).select_related("property", "tenant")
    for tenancy in tenancies:
        key = f"rent:{tenancy.pk}:{year:04d}-{month:02d}"
        if Demand.objects.filter(
            pourashava=pourashava, service_code=heads.SERVICE_CODE, natural_key=key
        ).exists():
            existing += 1
            continue
        with transaction.atomic():
            raise_demand(
                pourashava=pourashava,
                service_code=heads.SERVICE_CODE,
                natural_key=key,
                lines={heads.SHOP_RENT: tenancy.monthly_rent},
                due_date=first.replace(day=DUE_DAY),
                citizen=tenancy.tenant,
                object_type=OBJECT_TYPE,
                object_id=tenancy.pk,
                object_label=f"{tenancy.property.name_en}, rent {year:04d}-{month:02d}",
                month=month,
            )
        raised += 1
    return RentRun(raised, existing)


def arrears(*, pourashava_ids, as_of: date | None = None) -> list[dict]:
    """Tenants with rent past its due date and unpaid: shop, tenant, months and amount."""
    as_of = as_of or timezone.localdate()
    rows = (
        DemandLine.objects.filter(
            demand__object_type=OBJECT_TYPE,
            demand__status__in=OPEN_DEMAND_STATUSES,
            demand__due_date__lt=as_of,
        )
        .filter(
            Q(demand__pourashava_id__in=list(pourashava_ids)) if pourashava_ids is not None else Q()
        )
        .values("demand__object_id")
        .annotate(due=Sum("amount") - Sum("amount_paid"))
    )
    owed = {int(r["demand__object_id"]): r["due"] for r in rows if r["due"] > ZERO}
    tenancies = ShopTenancy.objects.filter(pk__in=owed).select_related("property", "tenant")
    return [
        {
            "tenancy": t.pk,
            "shop": t.property.code,
            "tenant_name": t.tenant_name,
            "mobile": t.tenant.mobile,
            "arrears": owed[t.pk],
        }
        for t in tenancies.order_by("property__code")
    ]


def send_arrears_notices(*, pourashava: Pourashava, actor: User) -> int:
    access.require(actor, access.OFFICERS, pourashava.pk)
    sent = 0
    for row in arrears(pourashava_ids=[pourashava.pk]):
        send_sms(
            to=row["mobile"],
            text=ARREARS_NOTICE,
            params={"shop": row["shop"], "amount": f"{row['arrears']:.2f}"},
        )
        sent += 1
    record_audit(
        actor=actor,
        action="estate.arrears_notices",
        object_type="estate_leases.shoptenancy",
        object_id="arrears",
        pourashava=pourashava,
        after={"sent": sent},
    )
    return sent
