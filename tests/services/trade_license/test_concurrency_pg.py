"""On PostgreSQL: 20 concurrent renew calls for one licence and year make one application (the
licence row lock and the unique open key), and every caller gets that application back.

Run with DATABASE_URL=postgres://... (CI does); skipped on SQLite, which has no row locks."""

import threading

import pytest
from django.db import connection, connections

from backend.payments.models import Demand
from services.trade_license.models import TradeApplication
from services.trade_license.services.renewing import renew

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks (set DATABASE_URL)"
    ),
    pytest.mark.django_db(transaction=True),
]

CALLERS = 20


def test_twenty_concurrent_renewals_make_one_application(world):
    citizen, licence_no = world.citizen, world.licence.licence_no
    barrier = threading.Barrier(CALLERS)
    numbers, errors = [], []

    def call():
        try:
            barrier.wait()
            detail, _created = renew(
                citizen=citizen, actor=citizen.user, licence_no=licence_no, data={"years": 1}
            )
            numbers.append(detail.application.number)
        except Exception as exc:  # asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call) for _ in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert len(numbers) == CALLERS and len(set(numbers)) == 1
    assert TradeApplication.objects.filter(licence=world.licence, kind="renewal").count() == 1
    assert Demand.objects.filter(service_code="trade_license").count() == 1
