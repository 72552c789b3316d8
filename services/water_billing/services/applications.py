"""Applying for a water connection (or a change to one), its fee, and carrying it out.

Only a current owner of the holding applies (themselves, through a UDC operator with their
consent, or at the counter). The fee is raised as a demand when the application is approved;
when a payment settles it, the application moves on by itself (settlement hook). Connecting
creates the connection (and its first meter); carrying out a change updates the connection."""

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from backend.common.errors import AppError, Forbidden
from backend.common.money import ZERO
from backend.common.numbering import next_number
from backend.identity.audit import record_audit
from backend.identity.models import Citizen, User
from backend.municipality.fiscal_year import FiscalYear
from backend.payments.models import OPEN_DEMAND_STATUSES, Demand, DemandLine
from backend.payments.registry import register_settlement_hook
from backend.payments.services import raise_demand
from backend.workflow.definitions import Transition
from backend.workflow.models import Application
from backend.workflow.services import register_transition_hook, start_application, take_action
from services.property.models import Holding, Ownership
from services.water_billing import errors, workflow
from services.water_billing.heads import (
    CHANGE_FEE,
    CONNECTION_FEE,
    METER_FEE,
    ROAD_CUTTING_FEE,
    SERVICE_CODE,
)
from services.water_billing.models import (
    DOMESTIC,
    ApplicationKind,
    Connection,
    FeeCode,
    Meter,
    Source,
    WaterApplication,
)
from services.water_billing.services.tariffs import fee_amount, require_tariff
from services.water_billing.settings_rows import settings_for

FEE_OBJECT = "water_application"
FEE_DUE_DAYS = 30
CONNECTION_SERIES = "WC"
CHANGE_FEES = {
    ApplicationKind.NAME_CHANGE: FeeCode.NAME_CHANGE,
    ApplicationKind.DIAMETER_CHANGE: FeeCode.DIAMETER_CHANGE,
    ApplicationKind.CATEGORY_CHANGE: FeeCode.CATEGORY_CHANGE,
}


def is_owner(citizen: Citizen, holding: Holding) -> bool:
    owners = Ownership.objects.filter(holding=holding, valid_to__isnull=True)
    match = Q(citizen=citizen)
    if citizen.mobile:
        match |= Q(citizen__isnull=True, mobile=citizen.mobile)
    return owners.filter(match).exists()


def holding_tax_arrears(holding: Holding) -> Decimal:
    """What the holding owes in holding tax past its due dates (read from the payment layer)."""
    lines = DemandLine.objects.filter(
        demand__service_code="holding_tax",
        demand__object_type="holding",
        demand__object_id=str(holding.pk),
        demand__status__in=OPEN_DEMAND_STATUSES,
        demand__due_date__lt=timezone.localdate(),
    ).values_list("amount", "amount_paid")
    return sum((amount - paid for amount, paid in lines), ZERO)


@transaction.atomic
def apply_for_connection(
    *,
    citizen: Citizen,
    holding: Holding,
    actor: User,
    consumer_name: str,
    category: str,
    storey_class: str,
    diameter: str,
    extra_flats: int = 0,
    is_metered: bool = False,
    documents: Sequence = (),
    source: str = Source.CITIZEN,
    request=None,
) -> WaterApplication:
    if not is_owner(citizen, holding):
        raise Forbidden("not_holding_owner", errors.HOLDING_NOT_OWNED)
    if extra_flats < 0:
        raise AppError(
            "negative_extra_flats", errors.NEGATIVE_FLATS, fields={"extra_flats": ["min_value"]}
        )
    today = timezone.localdate()
    require_tariff(
        pourashava_id=holding.pourashava_id,
        metered=is_metered,
        category=category,
        storey_class=storey_class,
        diameter=diameter,
        day=today,
    )
    if category in DOMESTIC and settings_for(holding.pourashava_id).refuse_domestic_with_arrears:
        owed = holding_tax_arrears(holding)
        if owed > ZERO:
            raise AppError(
                "holding_tax_arrears", errors.HOLDING_ARREARS, params={"amount": str(owed)}
            )
    fee_amount(
        pourashava_id=holding.pourashava_id, code=FeeCode.CONNECTION, diameter=diameter, day=today
    )
    application = start_application(
        kind=workflow.NEW_KIND,
        series=workflow.SERIES,
        pourashava=holding.pourashava,
        actor=actor,
        applicant=citizen,
        ward=holding.ward,
        request=request,
    )
    detail = WaterApplication.objects.create(
        application=application,
        pourashava=holding.pourashava,
        ward=holding.ward,
        kind=ApplicationKind.NEW,
        holding=holding,
        consumer_name=consumer_name,
        category=category,
        storey_class=storey_class,
        diameter=diameter,
        extra_flats=extra_flats,
        is_metered=is_metered,
        source=source,
    )
    if documents:
        detail.documents.set(documents)
    return detail


@transaction.atomic
def apply_for_change(
    *,
    citizen: Citizen,
    connection: Connection,
    actor: User,
    kind: str,
    consumer_name: str = "",
    diameter: str = "",
    category: str = "",
    source: str = Source.CITIZEN,
    request=None,
) -> WaterApplication:
    if connection.citizen_id != citizen.pk and not is_owner(citizen, connection.holding):
        raise Forbidden("not_holding_owner", errors.HOLDING_NOT_OWNED)
    new = {
        "consumer_name": consumer_name or connection.consumer_name,
        "diameter": diameter or connection.diameter,
        "category": category or connection.category,
    }
    today = timezone.localdate()
    require_tariff(
        pourashava_id=connection.pourashava_id,
        metered=connection.is_metered,
        category=new["category"],
        storey_class=connection.storey_class,
        diameter=new["diameter"],
        day=today,
    )
    fee_amount(
        pourashava_id=connection.pourashava_id,
        code=CHANGE_FEES[kind],
        diameter=new["diameter"],
        day=today,
    )
    application = start_application(
        kind=workflow.CHANGE_KIND,
        series=workflow.SERIES,
        pourashava=connection.pourashava,
        actor=actor,
        applicant=citizen,
        ward=connection.ward,
        request=request,
    )
    return WaterApplication.objects.create(
        application=application,
        pourashava=connection.pourashava,
        ward=connection.ward,
        kind=kind,
        holding=connection.holding,
        connection=connection,
        storey_class=connection.storey_class,
        extra_flats=connection.extra_flats,
        is_metered=connection.is_metered,
        source=source,
        **new,
    )


def _fees(detail: WaterApplication) -> dict[str, Decimal]:
    """Heads and amounts of the application's fee, from the fee schedule in effect today."""
    today = timezone.localdate()
    pourashava_id = detail.pourashava_id

    def optional(code: str) -> Decimal:
        try:
            return fee_amount(
                pourashava_id=pourashava_id, code=code, diameter=detail.diameter, day=today
            )
        except AppError:
            return ZERO

    if detail.kind == ApplicationKind.NEW:
        fees = {
            CONNECTION_FEE: fee_amount(
                pourashava_id=pourashava_id,
                code=FeeCode.CONNECTION,
                diameter=detail.diameter,
                day=today,
            ),
            ROAD_CUTTING_FEE: optional(FeeCode.ROAD_CUTTING),
        }
        if detail.is_metered:
            fees[METER_FEE] = optional(FeeCode.METER)
    else:
        fees = {
            CHANGE_FEE: fee_amount(
                pourashava_id=pourashava_id,
                code=CHANGE_FEES[detail.kind],
                diameter=detail.diameter,
                day=today,
            )
        }
    return {head: amount for head, amount in fees.items() if amount > ZERO}


def _charge_fee(application: Application, transition: Transition, actor: User) -> None:
    """Transition hook: on approval, demand the fee from the applicant (none: move on at once)."""
    if transition.target != workflow.FEE_DUE:
        return
    detail = WaterApplication.objects.select_for_update().get(application=application)
    fees = _fees(detail)
    detail.fee = sum(fees.values(), ZERO)
    if not fees:
        detail.save(update_fields=["fee"])
        take_action(
            application=application,
            action=workflow.PAID,
            actor=application.applicant.user,
            comment="No fee.",
        )
        return
    detail.fee_demand = raise_demand(
        pourashava=detail.pourashava,
        service_code=SERVICE_CODE,
        natural_key=f"WA:{application.number}",
        lines=fees,
        due_date=timezone.localdate() + timedelta(days=FEE_DUE_DAYS),
        citizen=application.applicant,
        object_type=FEE_OBJECT,
        object_id=application.number,
        object_label=f"{detail.get_kind_display()}, {application.number}",
        actor=actor,
    )
    detail.save(update_fields=["fee", "fee_demand"])


def on_fee_paid(demands: Sequence[Demand]) -> None:
    """Settlement hook: a fully paid application fee moves its application on."""
    for demand in demands:
        if demand.object_type != FEE_OBJECT:
            continue
        detail = (
            WaterApplication.objects.select_related("application__applicant__user")
            .filter(fee_demand=demand)
            .first()
        )
        if detail is None or detail.application.state != workflow.FEE_DUE:
            continue
        take_action(
            application=detail.application,
            action=workflow.PAID,
            actor=detail.application.applicant.user,
            comment=f"Fee paid ({demand.natural_key}).",
        )


def _carry_out(application: Application, transition: Transition, actor: User) -> None:
    """Transition hook: connecting makes the connection; carrying out a change applies it."""
    if transition.target not in (workflow.CONNECTED, workflow.APPLIED):
        return
    detail = (
        WaterApplication.objects.select_for_update()
        .select_related("holding")
        .get(application=application)
    )
    today = timezone.localdate()
    if transition.target == workflow.CONNECTED:
        connection = Connection.objects.create(
            pourashava=detail.pourashava,
            ward=detail.ward,
            holding=detail.holding,
            citizen=application.applicant,
            number=next_number(
                pourashava=detail.pourashava,
                series=CONNECTION_SERIES,
                fiscal_year=FiscalYear.of(today),
            ),
            consumer_name=detail.consumer_name,
            category=detail.category,
            storey_class=detail.storey_class,
            diameter=detail.diameter,
            extra_flats=detail.extra_flats,
            is_metered=detail.is_metered,
            connected_on=today,
            source=detail.source,
        )
        if detail.is_metered:
            Meter.objects.create(
                pourashava=detail.pourashava,
                connection=connection,
                serial=f"{connection.number}-M1",
                installed_on=today,
            )
        detail.connection = connection
        detail.save(update_fields=["connection"])
        action, after = "water_billing.connected", {"connection": connection.number}
    else:
        connection = Connection.objects.select_for_update().get(pk=detail.connection_id)
        before = {
            "name": connection.consumer_name,
            "diameter": connection.diameter,
            "category": connection.category,
        }
        connection.consumer_name = detail.consumer_name
        connection.diameter = detail.diameter
        connection.category = detail.category
        connection.save(update_fields=["consumer_name", "diameter", "category"])
        action, after = (
            "water_billing.connection_changed",
            {"before": before, "application": application.number},
        )
    record_audit(
        actor=actor, action=action, obj=connection, pourashava=detail.pourashava_id, after=after
    )


def register() -> None:
    register_settlement_hook(SERVICE_CODE, on_fee_paid)
    for kind in (workflow.NEW_KIND, workflow.CHANGE_KIND):
        register_transition_hook(kind, _charge_fee)
        register_transition_hook(kind, _carry_out)
