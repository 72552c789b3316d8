"""Reads of water billing: a citizen's own rows, and staff rows scoped to their pourashava."""

from django.db.models import QuerySet

from backend.identity.models import Citizen, Role, User
from backend.municipality.scoping import restrict
from services.water_billing.models import Bill, Connection, Reading

STAFF_ROLES = frozenset(
    {Role.WATER_SUPERINTENDENT, Role.METER_READER, Role.REVENUE_CLERK, Role.SECRETARY}
)


def connections_of(citizen: Citizen) -> QuerySet:
    return (
        Connection.objects.filter(citizen=citizen)
        .select_related("pourashava", "ward", "holding__ward", "holding__pourashava")
        .order_by("number")
    )


def readings_of(connection: Connection) -> QuerySet:
    return (
        Reading.objects.filter(connection=connection)
        .select_related("connection")
        .order_by("-period")
    )


def bills_of(citizen: Citizen) -> QuerySet:
    return (
        Bill.objects.filter(connection__citizen=citizen)
        .select_related("connection")
        .order_by("-period", "connection_id")
    )


def monthly_consumption(connection: Connection, months: int = 24) -> list[dict]:
    rows = list(
        Reading.objects.filter(connection=connection)
        .order_by("-period")
        .values_list("period", "consumption_kl", "status")[:months]
    )
    return [
        {"period": f"{p:%Y-%m}", "consumption_kl": str(kl), "estimated": status == "estimated"}
        for p, kl, status in reversed(rows)
    ]


def staff_connections(user: User, roles=STAFF_ROLES) -> QuerySet:
    return restrict(
        Connection.objects.select_related(
            "pourashava", "ward", "holding__ward", "holding__pourashava"
        ),
        user,
        roles=roles,
    )
