"""A Gopalganj revenue clerk who types the address of a Natore holding or assessment into the
browser is refused: no form, and nothing of Natore's on the page. The Natore clerk opening the
same addresses sees them, so the absence checked here is the absence of something real."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from backend.common.digits import to_bangla_digits
from backend.municipality.models import Pourashava
from services.holding_tax.models import Assessment
from services.property.models import Holding, Ownership

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("pilot_demo")]


def natore_secrets(holding: Holding) -> list[str]:
    """What of this Natore holding a page must not show to another pourashava's clerk."""
    natore = Pourashava.objects.get(code="NAT")
    owners = Ownership.objects.filter(holding=holding)
    return [
        natore.name_en,
        natore.name_bn,
        holding.reference,
        to_bangla_digits(holding.reference),
        *(o.name_en for o in owners),
        *(o.name_bn for o in owners),
    ]


def assert_refused(page: Page, response, object_url: str, form_id: str) -> None:
    refused_outright = response is not None and response.status in (403, 404)
    sent_home = page.url.split("?")[0].endswith(reverse("admin:index"))
    assert refused_outright or sent_home, (
        f"{object_url} answered {response and response.status} at {page.url}"
    )
    expect(page.locator(f"form#{form_id}")).to_have_count(0)


def test_gopalganj_clerk_cannot_open_natore_objects_by_url(journey) -> None:
    holding = (
        Holding.objects.filter(pourashava__code="NAT", ownerships__isnull=False)
        .select_related("pourashava", "ward")
        .first()
    )
    assessment = Assessment.objects.filter(holding=holding, superseded=False).get()
    holding_url = reverse("admin:property_holding_change", args=[holding.pk])
    assessment_url = reverse("admin:holding_tax_assessment_change", args=[assessment.pk])
    secrets = natore_secrets(holding)
    page = journey.page

    journey.log_in("gop.revenue_clerk")
    journey.shot("gopalganj clerk home")

    for url, form_id, label in (
        (holding_url, "holding_form", "natore holding refused"),
        (assessment_url, "assessment_form", "natore assessment refused"),
    ):
        response = page.goto(journey.url(url))
        journey.shot(label)
        assert_refused(page, response, url, form_id)
        html = page.content()
        shown = [secret for secret in secrets if secret in html]
        assert not shown, f"{url} shows Natore's {shown} to a Gopalganj clerk"

    # The same addresses, for the clerk whose pourashava it is.
    page.context.clear_cookies()
    journey.log_in("nat.revenue_clerk")
    page.goto(journey.url(holding_url))
    expect(page.locator("form#holding_form")).to_be_visible()
    owner = Ownership.objects.filter(holding=holding).first()
    expect(page.locator("#content")).to_contain_text(owner.name_en)
    page.goto(journey.url(assessment_url))
    expect(page.locator("form#assessment_form")).to_be_visible()
    journey.shot("natore clerk sees the assessment")
