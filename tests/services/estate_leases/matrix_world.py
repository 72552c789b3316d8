"""The lease objects of one ownership-matrix set (tests/security/world.py): a property with its
history and reserve, a published call with a bid, and an awarded lease, each carrying the set's
marker so a list that leaks them is caught."""

from datetime import date, timedelta

from backend.identity.models import Role
from services.estate_leases.models import Outcome
from services.estate_leases.services import awards, register, reserves, tenders
from services.estate_leases.services import tenancies as tenancy_services
from tests.factories import CitizenFactory
from tests.services.estate_leases.helpers import YEAR, after_deadline, bid

# Roles the matrix gives an actor in each pourashava, beside identity's pourashava-wide ones.
ESTATE_ROLES = (Role.ESTATE_OFFICER, Role.TENDER_COMMITTEE, Role.LEASE_COLLECTOR)


def estate_objects(name: str, pourashava, staff: dict) -> tuple[dict, set]:
    code = pourashava.code
    officer = staff[(Role.ESTATE_OFFICER.value, code)]
    committee = staff[(Role.TENDER_COMMITTEE.value, code)]
    tag = f"Matrix-{name}"
    prop = register.add_property(
        pourashava=pourashava,
        data=register.PropertyInput(
            code=f"MX-{name}",
            name_en=f"{tag} hat",
            name_bn=f"{tag} হাট",
            kind="hat_bazar",
            dc_approval_ref=f"DC/{tag}",
        ),
        actor=officer,
    )
    for year, value in ((YEAR - 3, "300000"), (YEAR - 2, "310000"), (YEAR - 1, "320000")):
        register.record_outcome(
            prop=prop, year=year, outcome=Outcome.LEASED, realised_value=value, actor=officer
        )
    reserves.compute_for(prop, YEAR)
    # One call awarded (its lease), one still open for bids (the call the paths name).
    from django.utils import timezone

    now = timezone.now()

    def call_for(hours: int, code: str):
        made = tenders.create_call(
            pourashava=pourashava,
            data=tenders.CallInput(
                year=YEAR,
                property_codes=(code,),
                sale_until=now + timedelta(hours=hours - 1),
                deadline=now + timedelta(hours=hours),
                opening_at=now + timedelta(hours=hours + 1),
            ),
            actor=officer,
        )
        return tenders.publish(call=made, actor=officer)

    done = call_for(2, prop.code)

    class _Staff:
        pass

    crew = _Staff()
    crew.officer, crew.committee = officer, committee
    bid(
        done,
        crew,
        "400000",
        code=prop.code,
        citizen=CitizenFactory(mobile=f"0179000000{name[-1]}"),
        name=f"{tag} bidder",
    )
    with after_deadline(done):
        tenders.open_bids(call=done, actor=committee)
        lease = awards.award(call=done, code=prop.code, actor=committee)
    other = register.add_property(
        pourashava=pourashava,
        data=register.PropertyInput(
            code=f"MXO-{name}", name_en=f"{tag} ghat", name_bn=f"{tag} ঘাট", kind="ferry_ghat"
        ),
        actor=officer,
    )
    reserves.compute_for(other, YEAR)
    open_call = call_for(48, other.code)
    shop = register.add_property(
        pourashava=pourashava,
        data=register.PropertyInput(
            code=f"MXS-{name}", name_en=f"{tag} shop", name_bn=f"{tag} দোকান", kind="market_shop"
        ),
        actor=officer,
    )
    tenancy_services.let_shop(
        prop=shop,
        tenant=CitizenFactory(mobile=f"0178000000{name[-1]}"),
        tenant_name=f"{tag} tenant",
        monthly_rent="1500",
        starts_on=date(2020, 1, 1),
        actor=officer,
    )
    last_month = now.date().replace(day=1) - timedelta(days=1)
    tenancy_services.raise_rent(pourashava=pourashava, year=last_month.year, month=last_month.month)
    values = {
        "estate_shop_id": shop.pk,
        "estate_property_id": prop.pk,
        "estate_call_id": open_call.pk,
        "estate_lease_id": lease.pk,
    }
    return values, {open_call.number, done.number}
