"""Done-when of the scoped panel: as staff of another pourashava (each staff role) and as a ward
councillor of another ward, walk every registered admin's changelist, change, history and delete
views, add and change forms (every choice list, inline rows included), raw-id popups and
autocompletes, and POST another tenant's id into every choice field: nothing of another tenant
is listed, opened, offered or accepted.

Data: the pilot demo data, plus a row of every model the panel shows in Natore's ward 2 (the
victim), Gopalganj's ward 1 and Natore's ward 1 (the probing staff's own), made generically so a
new model is covered without new test code."""

from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from backend.identity.models import CENTRE_ROLES, NATIONAL_ROLES, WARD_ROLES, Role
from backend.municipality.models import Pourashava, Ward
from tests.backend.panel.probe import Place, foreign_pks, quiet_refusals, walk
from tests.backend.panel.rows import fill, models_shown
from tests.factories import UdcCentreFactory, staff_member

# Every role bound to a whole pourashava; national roles see everything by design.
LOCAL_ROLES = sorted(frozenset(Role) - NATIONAL_ROLES - CENTRE_ROLES - WARD_ROLES)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo_data", stdout=StringIO())
            natore = Pourashava.objects.get(code="NAT")
            gopalganj = Pourashava.objects.get(code="GOP")
            nat1, nat2 = (Ward.objects.get(pourashava=natore, number=n) for n in (1, 2))
            gop1 = Ward.objects.get(pourashava=gopalganj, number=1)
            for pourashava, ward in ((natore, nat2), (gopalganj, gop1), (natore, nat1)):
                fill(admin.site, pourashava, ward)
            people = {
                role: (staff_member(role, gopalganj), Place(frozenset({gopalganj.pk})))
                for role in LOCAL_ROLES
            }
            centre = UdcCentreFactory()
            centre.pourashavas.set([gopalganj])
            people[Role.UDC_OPERATOR] = (
                staff_member(Role.UDC_OPERATOR, None, udc_centre=centre),
                Place(frozenset({gopalganj.pk})),
            )
            people["councillor of Natore ward 1"] = (
                staff_member(Role.WARD_COUNCILLOR, natore, ward=nat1),
                Place(frozenset({natore.pk}), frozenset({nat1.pk})),
            )
            yield {"people": people, "natore": natore, "ward2": nat2}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_every_model_the_panel_shows_has_a_row_of_another_tenant(world, db):
    """Otherwise the walk below could pass by finding nothing to leak."""
    place = Place(frozenset({world["natore"].pk + 10_000}))  # nobody's
    empty = [
        model._meta.label
        for model in models_shown(admin.site)
        if not foreign_pks(model, place) and not _national(model)
    ]
    assert empty == []


PEOPLE = [*LOCAL_ROLES, Role.UDC_OPERATOR, "councillor of Natore ward 1"]


@pytest.mark.parametrize("who", PEOPLE)
def test_nothing_of_another_tenant_is_listed_opened_offered_or_accepted(world, db, who):
    user, place = world["people"][who]
    client = Client()
    client.force_login(user)
    with quiet_refusals():
        report = walk(client, admin.site, place, user)
    assert report.leaks == []
    assert report.pages > 0 or who == Role.METER_READER  # the walk saw pages (or none exist)


def _national(model) -> bool:
    from backend.panel.tenancy import tenancy_of

    path = tenancy_of(model)
    return path is not None and path.national
