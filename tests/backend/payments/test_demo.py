import io

import pytest

from backend.payments import demo
from backend.payments.models import Demand
from tests.factories import CitizenFactory, PourashavaFactory

pytestmark = pytest.mark.django_db


def test_demo_dues_for_demo_citizens_and_rerun_adds_nothing(api):
    demo.load(io.StringIO())  # nobody yet: nothing, no error
    assert not Demand.objects.exists()
    PourashavaFactory(code="NAT")
    citizen = CitizenFactory(mobile="01711000001")
    demo.load(io.StringIO())
    count = Demand.objects.count()
    demo.load(io.StringIO())
    assert Demand.objects.count() == count == 2
    api.force_authenticate(user=citizen.user)
    assert api.get("/api/v1/me/dues/").json()["total"] == "600.00"
