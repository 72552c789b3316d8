"""The UDC desk renews a citizen's trade licence in an assisted session (pay-to-renew, no visit)
and takes the money in cash; the licence section lists it. And the clerk panel's licence pages
open for licence staff, scoped to their pourashava."""

import pytest
from django.test import Client

from backend.identity.models import Role
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Ward
from backend.payments.models import Payment
from services.trade_license.models import TradeApplication
from tests.backend.operator_console.conftest import (  # noqa: F401 (fixtures)
    World,
    _console_setup,
    console,
    open_session,
    session_url,
)
from tests.factories import staff_member
from tests.services.certificates.helpers import sign_with_fresh_key
from tests.services.property.helpers import make_holding
from tests.services.trade_license.helpers import issued_licence, rates_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(settings):
    sign_with_fresh_key(settings)
    world = World()
    ward = Ward.objects.get(pourashava=world.natore, number=1)
    holding = make_holding(ward, number="5")
    grocery, _ = rates_for(world.natore)
    world.licence = issued_licence(
        world.natore, ward, world.citizen, grocery, holding, fy=FiscalYear.of().previous()
    )
    return world


def test_renewal_at_the_desk_paid_in_cash(desk):
    client = console(desk.operator)
    session = open_session(client, desk.citizen, desk.centre, desk.natore)
    page = client.get(session_url("session", session)).content.decode()
    assert "trade_license.renew" in page and desk.licence.licence_no in page
    response = client.post(
        session_url("action", session, "trade_license.renew"),
        {"licence": desk.licence.licence_no, "years": "1"},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    detail = TradeApplication.objects.get(licence=desk.licence, kind="renewal")
    assert detail.application.state == "payment_due"
    paid = client.post(session_url("pay", session), {"demand": detail.demand_id})
    assert paid.status_code == 302
    assert Payment.objects.count() == 1
    detail.refresh_from_db()
    detail.application.refresh_from_db()
    assert detail.application.state == "issued"
    desk.licence.refresh_from_db()
    assert desk.licence.valid_to == FiscalYear.of().end


def test_the_panel_pages_open_for_licence_staff(desk):
    officer = staff_member(Role.LICENCE_OFFICER, desk.natore)
    client = Client()
    client.force_login(officer)
    for url in (
        "/admin/trade_license/tradelicence/",
        "/admin/trade_license/feeslab/",
        "/admin/trade_license/latepolicy/",
        "/admin/trade_license/businesscategory/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    listed = client.get("/admin/trade_license/tradelicence/").content.decode()
    assert desk.licence.licence_no in listed
    outsider = Client()
    outsider.force_login(staff_member(Role.LICENCE_OFFICER, desk.gopalganj))
    assert (
        desk.licence.licence_no
        not in outsider.get("/admin/trade_license/tradelicence/").content.decode()
    )
