import pytest

from backend.payments import demo
from backend.payments.models import Demand
from tests.factories import CitizenFactory, PourashavaFactory

pytestmark = pytest.mark.django_db


def test_demo_dues_for_demo_citizens_and_rerun_adds_nothing(api):
    lines: list[str] = []
    demo.load(lines.append)  # nobody yet: nothing, no error
    assert not Demand.objects.exists()
    PourashavaFactory(code="NAT")
    citizen = CitizenFactory(mobile="01711000001")
    demo.load(lines.append)
    count = Demand.objects.count()
    demo.load(lines.append)
    assert Demand.objects.count() == count == 1
    assert lines[-1].startswith("payments demo:")
    api.force_authenticate(user=citizen.user)
    assert api.get("/api/v1/me/dues/").json()["total"] == "100.00"
