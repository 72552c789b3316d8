"""Raising demands in bulk, and the per-statement checks that stand in for the demand lines'
row-by-row foreign keys (payments migration 0004). PostgreSQL only: the bulk statement and the
checks exist there alone (CI runs with DATABASE_URL=postgres://...)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from backend.payments.models import Demand, DemandLine, RevenueHead
from backend.payments.services.bulk import raise_demands_from_query
from tests.backend.payments.factories import demand_for
from tests.factories import CitizenFactory, PourashavaFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="bulk raising and its checks need PostgreSQL"
    ),
    pytest.mark.django_db,
]

# Three demands to raise: one with a zero line, one with nothing above zero, one plain.
SOURCE = """
    SELECT v.natural_key, v.citizen_id, 'holding' AS object_type, v.natural_key AS object_id,
           'Holding ' || v.natural_key AS object_label, v.heads::text[], v.amounts::numeric[]
    FROM (VALUES
        ('h1', %(citizen)s::bigint, '{holding_tax,conservancy,lighting}', '{300.50,100.25,0}'),
        ('h2', NULL, '{holding_tax}', '{0}'),
        ('h3', NULL, '{holding_tax,conservancy}', '{75.00,25.00}')
    ) v(natural_key, citizen_id, heads, amounts)
"""


def _raise(pourashava, citizen, source=SOURCE):
    with transaction.atomic():
        return raise_demands_from_query(
            pourashava_id=pourashava.pk,
            service_code="holding_tax",
            fiscal_year="2025-26",
            due_date=date(2025, 9, 30),
            quarter=1,
            source_sql=source,
            params={"citizen": citizen.pk},
        )


def test_bulk_raises_positive_lines_once_and_skips_empty_demands():
    pourashava, citizen = PourashavaFactory(), CitizenFactory()
    first = _raise(pourashava, citizen)
    assert (first.demands, first.lines) == (2, 4)
    h1 = Demand.objects.get(natural_key="h1")
    assert h1.citizen == citizen and h1.pourashava == pourashava and h1.period_quarter == 1
    assert {line.head_id: line.amount for line in h1.lines.all()} == {
        "holding_tax": Decimal("300.50"),
        "conservancy": Decimal("100.25"),
    }
    assert {line.pourashava_id for line in DemandLine.objects.all()} == {pourashava.pk}
    assert not Demand.objects.filter(natural_key="h2").exists()

    again = _raise(pourashava, citizen)
    assert (again.demands, again.lines) == (0, 0)
    assert (Demand.objects.count(), DemandLine.objects.count()) == (2, 4)


def test_bulk_with_an_unknown_head_writes_nothing():
    pourashava, citizen = PourashavaFactory(), CitizenFactory()
    bad = SOURCE.replace("{holding_tax,conservancy}", "{holding_tax,no_such_head}")
    with pytest.raises(IntegrityError, match="unknown revenue head"):
        _raise(pourashava, citizen, bad)
    assert not Demand.objects.exists() and not DemandLine.objects.exists()


def _line(demand, **overrides):
    fields = {
        "pourashava_id": demand.pourashava_id,
        "demand_id": demand.pk,
        "head_id": "lighting",
        "amount": Decimal("10.00"),
    } | overrides
    with transaction.atomic():
        return DemandLine.objects.create(**fields)


def test_a_line_is_refused_without_its_demand_in_its_pourashava_or_head():
    demand = demand_for(CitizenFactory(), PourashavaFactory())
    with pytest.raises(IntegrityError, match="without its demand"):
        _line(demand, demand_id=demand.pk + 1000)
    with pytest.raises(IntegrityError, match="without its demand"):
        _line(demand, pourashava_id=PourashavaFactory().pk)
    with pytest.raises(IntegrityError, match="unknown revenue head"):
        _line(demand, head_id="no_such_head")
    line = _line(demand)  # the same line, correct, is taken
    with pytest.raises(IntegrityError, match="without its demand"), transaction.atomic():
        DemandLine.objects.filter(pk=line.pk).update(demand_id=demand.pk + 1000)
    assert DemandLine.objects.filter(demand=demand).count() == 3


def test_a_demand_or_head_with_lines_cannot_be_deleted_even_bypassing_the_orm():
    demand = demand_for(CitizenFactory(), PourashavaFactory())
    with pytest.raises(IntegrityError, match="still referenced"), transaction.atomic():
        Demand.objects.filter(pk=demand.pk)._raw_delete(connection.alias)
    with (
        pytest.raises(IntegrityError, match="still referenced"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM payments_revenuehead WHERE code = 'conservancy'")
    assert Demand.objects.filter(pk=demand.pk).exists()
    # Without lines, the demand can go (nothing else points at it).
    with transaction.atomic():
        DemandLine.objects.filter(demand=demand)._raw_delete(connection.alias)
        Demand.objects.filter(pk=demand.pk)._raw_delete(connection.alias)
    assert not Demand.objects.filter(pk=demand.pk).exists()


def test_a_demand_or_head_with_lines_cannot_change_its_key_or_pourashava():
    # What a foreign key refused on update too: lines would be left pointing at nothing, or at a
    # demand of another pourashava.
    home, other = PourashavaFactory(), PourashavaFactory()
    demand = demand_for(CitizenFactory(), home)
    with pytest.raises(IntegrityError, match="still referenced"), transaction.atomic():
        Demand.objects.filter(pk=demand.pk).update(pourashava=other)
    with pytest.raises(IntegrityError, match="still referenced"), transaction.atomic():
        Demand.objects.filter(pk=demand.pk).update(id=demand.pk + 1000)
    with (
        pytest.raises(IntegrityError, match="still referenced"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE payments_revenuehead SET code = 'renamed' WHERE code = 'conservancy'"
        )
    # Everything else about them still changes as before, and a full save of either is fine.
    with transaction.atomic():
        Demand.objects.filter(pk=demand.pk).update(status="partially_paid")
        demand.refresh_from_db()
        demand.save()
        head = RevenueHead.objects.get(code="conservancy")
        head.name_en = "Conservancy (waste)"
        head.save()
    demand.refresh_from_db()
    assert (demand.status, demand.pourashava_id) == ("partially_paid", home.pk)
    assert DemandLine.objects.filter(demand_id=demand.pk, pourashava=home).count() == 2
    assert RevenueHead.objects.filter(code="conservancy").exists()
