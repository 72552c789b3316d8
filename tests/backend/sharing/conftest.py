from datetime import date

import pytest

from backend.notifications.backends.memory import clear_outbox
from backend.payments.services.demands import raise_demand
from services.holding_tax.billing import SERVICE_CODE
from tests.backend.notifications.outbox import SmsOutbox
from tests.factories import CitizenFactory, WardFactory
from tests.services.property.helpers import make_holding


@pytest.fixture
def sms_outbox(settings) -> SmsOutbox:
    settings.SMS_BACKEND = "memory"
    clear_outbox()
    yield SmsOutbox()
    clear_outbox()


@pytest.fixture
def owner():
    """The demo owner's account: the holding's owner row carries this mobile."""
    return CitizenFactory(mobile="01711000001")


@pytest.fixture
def holding(owner):
    return make_holding(WardFactory(pourashava__code="NAT", number=3), number="12/A")


@pytest.fixture
def holding_with_dues(holding, owner):
    """One open quarterly demand of Tk 1,462.50 on the holding."""
    raise_demand(
        pourashava=holding.pourashava,
        service_code=SERVICE_CODE,
        natural_key=f"test-{holding.pk}",
        lines={"holding_tax": "1462.50"},
        due_date=date(2026, 9, 30),
        citizen=owner,
        object_type="holding",
        object_id=holding.pk,
        quarter=1,
    )
    return holding
