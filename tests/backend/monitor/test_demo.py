"""The monitor's demo data: viewers, demo-marked targets for the pilots, facts; safe to rerun."""

from io import StringIO

import pytest
from django.core.management import call_command

from backend.identity.models import User
from backend.monitor.models import RevenueTarget, TargetMonth
from backend.monitor.scope import viewer_scope
from backend.municipality.models import Pourashava

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_with_the_same_result():
    apps = ["municipality", "identity", "payments", "monitor"]
    call_command("load_demo_data", *[], only=apps, stdout=StringIO())
    targets = RevenueTarget.objects.count()
    assert targets and TargetMonth.objects.count() == 12 * targets
    assert set(RevenueTarget.objects.values_list("note", flat=True)) == {
        "DEMO value: not a real target."
    }
    assert not RevenueTarget.objects.filter(head__collected_for="nbr").exists()
    district = viewer_scope(User.objects.get(username="natore.district"))
    natore = set(Pourashava.objects.filter(district_en="Natore").values_list("pk", flat=True))
    assert district.pourashava_ids == frozenset(natore) and natore
    assert viewer_scope(User.objects.get(username="lgd.viewer")).pourashava_ids is None
    call_command("load_demo_data", only=apps, stdout=StringIO())
    assert RevenueTarget.objects.count() == targets
    call_command("monitor_build_facts", "--days", "5", stdout=StringIO())
