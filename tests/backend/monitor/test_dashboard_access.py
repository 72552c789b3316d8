"""Who sees what at /monitor/: a pourashava's staff their own, a district viewer their district,
a national viewer all (ranked); anyone else 403, another pourashava 404; no citizen's personal
data on any page or export; page totals equal the ledger; every table exports."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from backend.identity.models import Citizen, Role
from backend.monitor.registry import monitor_sections
from backend.monitor.services.facts import rebuild_days
from backend.municipality.fiscal_year import FiscalYear
from tests.backend.monitor.test_ledger import ledger_total
from tests.factories import RoleAssignmentFactory, UserFactory, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(ledger):
    for place, _, _ in ledger.places:
        rebuild_days(place.pk, ledger.days)
    return ledger


def _viewer(role: str, **kwargs):
    return RoleAssignmentFactory(role=role, pourashava=None, **kwargs).user


def _get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_scoping_by_role(client, built):
    (p0, _, _), (p1, _, _), (p2, _, _) = built.places
    overview = reverse("monitor:overview")

    national = _viewer(Role.NATIONAL_VIEWER)
    page = _get(client, national, overview, lang="en").content.decode()
    assert all(p.name_en in page for p in (p0, p1, p2))
    assert "Rank" in page  # national viewers see rankings
    for section in monitor_sections():  # e.g. the hat-bazar figures of estate leases
        assert f'data-table="section-{section.code}"' in page

    district = _viewer(Role.DISTRICT_VIEWER, district_en="Natore")
    page = _get(client, district, overview, lang="en").content.decode()
    assert p0.name_en in page and p1.name_en in page and p2.name_en not in page
    assert _get(client, district, reverse("monitor:pourashava", args=[p2.pk])).status_code == 404
    assert _get(client, district, reverse("monitor:pourashava", args=[p0.pk])).status_code == 200

    clerk = staff_member(Role.REVENUE_CLERK, p1)
    response = _get(client, clerk, overview)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("monitor:pourashava", args=[p1.pk]))
    assert _get(client, clerk, reverse("monitor:pourashava", args=[p0.pk])).status_code == 404
    ward_url = reverse("monitor:ward", args=[p0.pk, "none"])
    assert _get(client, clerk, ward_url).status_code == 404
    assert _get(client, clerk, reverse("monitor:ward", args=[p1.pk, "none"])).status_code == 200

    nobody = UserFactory(is_staff=True)
    assert _get(client, nobody, overview).status_code == 403
    operator = staff_member(Role.UDC_OPERATOR, None, udc_centre=None)  # centre roles: not staff
    assert _get(client, operator, overview).status_code == 403

    client.logout()
    response = client.get(overview)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_no_citizen_personal_data(client, built):
    national = _viewer(Role.NATIONAL_VIEWER)
    place = built.places[0][0]
    pages = [
        _get(client, national, reverse("monitor:overview"), lang="en").content.decode(),
        _get(client, national, reverse("monitor:pourashava", args=[place.pk])).content.decode(),
        _get(client, national, reverse("monitor:overview"), export="pourashavas", format="csv")
        .getvalue()
        .decode(),
    ]
    for citizen in Citizen.objects.all():
        for page in pages:
            for value in (citizen.name_en, citizen.name_bn, citizen.mobile):
                assert not value or value not in page


def test_page_totals_equal_the_ledger_and_export(client, built):
    national = _viewer(Role.NATIONAL_VIEWER)
    today = timezone.localdate()
    fy = FiscalYear.of(today)
    want = ledger_total(fy.start, today)
    response = _get(client, national, reverse("monitor:overview"), fy=fy.label, lang="en")
    page = response.content.decode()
    assert f'data-total-collected="{want}"' in page
    sector = "holding_tax"
    response = _get(
        client, national, reverse("monitor:overview"), fy=fy.label, sector=sector, lang="en"
    )
    assert f'data-total-collected="{ledger_total(fy.start, today, sector=sector)}"' in (
        response.content.decode()
    )
    place, wards, _ = built.places[0]
    url = reverse("monitor:ward", args=[place.pk, wards[0].pk])
    page = _get(client, national, url, fy=fy.label).content.decode()
    ward_want = ledger_total(fy.start, today, pourashava=place.pk, ward=wards[0].pk)
    assert f'data-total-collected="{ward_want}"' in page
    assert "মোট" in page and "০" in page  # Bangla (and Bangla digits) by default

    xlsx = _get(client, national, reverse("monitor:overview"), export="sectors", format="xlsx")
    assert xlsx.status_code == 200
    from io import BytesIO

    sheet = load_workbook(BytesIO(xlsx.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "ক্ষেত্র" or values[0][0] == "Sector"
    total = sum(Decimal(str(r[1])) for r in values[1:])
    assert total == want
    for code in ("pourashavas", "trend", "channels", "ageing"):
        csv = _get(client, national, reverse("monitor:overview"), export=code, format="csv")
        assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
