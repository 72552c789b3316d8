"""The assessor's work in the panel: an interim assessment of a new holding (preview, then
save) whose value the next quarter's demand carries; and the general reassessment of a ward as a
bulk job (dry run, run, resume, publish the list for objections)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from backend.identity.models import AuditEntry, Role
from backend.municipality.fiscal_year import FiscalYear
from services.holding_tax.calculator import quarterly_instalments
from services.holding_tax.models import (
    Assessment,
    AssessmentPublication,
    Reassessment,
    TaxRules,
)
from services.holding_tax.services import reassessment
from services.holding_tax.services.assessment import valuation_for
from services.holding_tax.services.reviews import file_review
from services.property.models import Occupancy
from tests.factories import CitizenFactory
from tests.services.holding_tax.jobs_helpers import (
    attribute,
    login,
    make_town,
    raised_demands,
    this_quarter,
)
from tests.services.property.helpers import LET_HOUSE, make_holding

pytestmark = pytest.mark.django_db
ASSESS = "/admin/holding_tax/assessment/assess/"
REASSESS = "/admin/holding_tax/reassessment/start/"


@pytest.fixture
def town(monkeypatch):
    return make_town(monkeypatch)


def test_an_assessor_assesses_a_new_holding_and_its_next_quarter_carries_the_value(
    client, town, django_capture_on_commit_callbacks
):
    fiscal_year, quarter = this_quarter()
    new = make_holding(
        town["wards"][0],
        "40/A",
        particulars={**LET_HOUSE, "occupancy": Occupancy.OWNER_OCCUPIED, "monthly_rent": None},
    )
    assessor = login(client, Role.ASSESSOR, town["pourashava"])
    assert reverse("admin:holding_tax_assessment_assess") == ASSESS
    listing = client.get("/admin/holding_tax/assessment/").content.decode()
    assert f'href="{ASSESS}"' in listing

    form = client.get(ASSESS, {"holding": new.pk})
    assert form.status_code == 200 and f'value="{new.pk}"' in form.content.decode()
    body = {"holding": new.pk, "fiscal_year": fiscal_year.label, "kind": "interim"}
    preview = client.post(ASSESS, {**body, "preview": "1"}).content.decode()
    valuation, tax = valuation_for(new, fiscal_year)
    assert Decimal(attribute(preview, "valuation-working", "data-annual-value")) == (
        valuation.annual_value
    )
    assert Decimal(attribute(preview, "valuation-tax", "data-annual-total")) == sum(tax.values())
    assert len(valuation.working) > 1  # the working is shown line by line
    assert not Assessment.objects.filter(holding=new).exists()  # a preview writes nothing

    saved = client.post(ASSESS, {**body, "save": "1"})
    assessment = Assessment.objects.get(holding=new, superseded=False)
    assert saved.status_code == 302
    assert saved["Location"] == f"/admin/holding_tax/assessment/{assessment.pk}/change/"
    assert (assessment.kind, assessment.from_fiscal_year, assessment.assessed_by) == (
        "interim",
        fiscal_year.label,
        assessor,
    )
    assert AuditEntry.objects.filter(
        action="holding_tax.assessed", object_id=str(assessment.pk), actor=assessor
    ).exists()
    # The assessment's own page links back to assessing the holding again.
    page = client.get(saved["Location"]).content.decode()
    assert f"{ASSESS}?holding={new.pk}" in page

    login(client, Role.REVENUE_CLERK, town["pourashava"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/holding_tax/demandrun/start/",
            {
                "pourashava": town["pourashava"].pk,
                "fiscal_year": fiscal_year.label,
                "quarter": quarter,
                "run": "1",
            },
        )
    demand = raised_demands(town["pourashava"], fiscal_year, quarter)[str(new.pk)]
    annual = {head: Decimal(amount) for head, amount in assessment.annual_tax.items()}
    owed = {h: a for h, a in quarterly_instalments(annual)[quarter - 1].items() if a > 0}
    assert demand == owed
    assert sum(demand.values()) > 0


def test_a_holding_that_cannot_be_valued_shows_why_and_saves_nothing(client, town):
    fiscal_year, _ = this_quarter()
    later = make_holding(town["wards"][0], "41", valid_from=fiscal_year.end - timedelta(days=1))
    login(client, Role.ASSESSOR, town["pourashava"])
    body = {"holding": later.pk, "fiscal_year": fiscal_year.label, "kind": "interim"}
    page = client.post(ASSESS, {**body, "save": "1"})
    assert page.status_code == 200 and 'id="assess-errors"' in page.content.decode()
    assert not Assessment.objects.filter(holding=later).exists()


@pytest.mark.parametrize("role", [Role.REVENUE_CLERK, Role.CASHIER])
def test_only_assessors_assess(client, town, role):
    login(client, role, town["pourashava"])
    assert client.get(ASSESS).status_code == 403
    assert client.get(REASSESS).status_code == 403


def test_an_assessor_of_another_pourashava_cannot_assess_natores_holding(client, town, monkeypatch):
    gopalganj = make_town(monkeypatch, code="GOP")
    login(client, Role.ASSESSOR, gopalganj["pourashava"])
    natore_holding = town["holdings"][0]
    before = Assessment.objects.get(holding=natore_holding, superseded=False)
    assert client.get(ASSESS, {"holding": natore_holding.pk}).status_code == 404
    fiscal_year, _ = this_quarter()
    body = {"holding": natore_holding.pk, "fiscal_year": fiscal_year.label, "kind": "interim"}
    refused = client.post(ASSESS, {**body, "save": "1"})
    assert refused.status_code == 200  # the typed id is not a choice: the form says so
    assert Assessment.objects.get(holding=natore_holding, superseded=False) == before
    preview = client.post(ASSESS, {**body, "preview": "1"}).content.decode()
    assert 'id="valuation-working"' not in preview


@pytest.fixture
def new_rules(town):
    """Next year's rules allow three months' rent for repairs (two before): every let house's
    value falls."""
    next_year = FiscalYear.of().next()
    TaxRules.objects.create(
        pourashava=town["pourashava"],
        from_fiscal_year=next_year.label,
        repairs_allowance_months=Decimal("3"),
    )
    return next_year


def _reassess_form(town, fiscal_year, ward=None, **extra) -> dict:
    return {
        "pourashava": town["pourashava"].pk,
        "fiscal_year": fiscal_year.label,
        "ward": ward.pk if ward else "",
        **extra,
    }


def test_the_reassessment_dry_run_lists_the_changes_and_writes_nothing(client, town, new_rules):
    unvalued = make_holding(town["wards"][0], "42", valid_from=new_rules.start + timedelta(days=10))
    login(client, Role.ASSESSOR, town["pourashava"])
    listing = client.get("/admin/holding_tax/reassessment/").content.decode()
    assert f'href="{REASSESS}"' in listing
    assessments = Assessment.objects.count()

    page = client.post(REASSESS, _reassess_form(town, new_rules, dry_run="1")).content.decode()
    assert attribute(page, "reassessment-summary", "data-holdings") == "6"
    assert attribute(page, "reassessment-summary", "data-changed") == "5"
    assert attribute(page, "reassessment-summary", "data-problems") == "1"
    first = town["holdings"][0]
    old = Assessment.objects.get(holding=first, superseded=False).annual_value
    new, _ = valuation_for(first, new_rules)
    row = f'data-holding="{first.reference}" data-old="{old}" data-new="{new.annual_value}"'
    assert row in page
    assert f'data-difference="{new.annual_value - old}"' in page
    assert new.annual_value < old
    assert f'data-holding="{unvalued.reference}"' in page  # listed as not valued, with why
    assert Assessment.objects.count() == assessments and not Reassessment.objects.exists()


def test_the_reassessment_of_a_ward_runs_resumes_and_is_published_for_objections(
    client, town, new_rules, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(reassessment, "BATCH", 1)
    assessor = login(client, Role.ASSESSOR, town["pourashava"])
    ward_two = town["wards"][1]
    real = reassessment.work_reassessment

    def stops_after_one_batch(*, job_id, stop_after=None):
        return real(job_id=job_id, stop_after=1)

    monkeypatch.setattr(reassessment, "work_reassessment", stops_after_one_batch)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(REASSESS, _reassess_form(town, new_rules, ward_two, run="1"))
    job = Reassessment.objects.get()
    assert started["Location"] == f"/admin/holding_tax/reassessment/{job.pk}/progress/"
    progress = client.get(started["Location"]).content.decode()
    assert attribute(progress, "run-status", "data-holdings-done") == "1"
    assert attribute(progress, "run-status", "data-stopped") == "true"
    assert 'name="resume"' in progress

    monkeypatch.setattr(reassessment, "work_reassessment", real)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/holding_tax/reassessment/{job.pk}/resume/")
    job.refresh_from_db()
    assert (job.status, job.holdings_done, job.reassessed, job.skipped) == ("done", 3, 3, 0)
    general = Assessment.objects.filter(
        superseded=False, kind="general", from_fiscal_year=new_rules.label
    )
    assert {a.holding.ward_id for a in general} == {ward_two.pk}  # ward 2 only
    assert general.count() == 3
    assert AuditEntry.objects.filter(
        action="holding_tax.reassessment_started", actor=assessor
    ).exists()

    # Starting it again changes nothing; the whole pourashava overlaps it and is refused.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(REASSESS, _reassess_form(town, new_rules, ward_two, run="1"))
        whole = client.post(REASSESS, _reassess_form(town, new_rules, run="1"))
    assert callbacks == [] and Reassessment.objects.count() == 1
    assert 'id="reassessment-errors"' in whole.content.decode()

    # The assessor may not publish; the secretary publishes the list, and objections open.
    page = client.get(f"/admin/holding_tax/reassessment/{job.pk}/progress/").content.decode()
    assert 'name="publish"' not in page
    assert client.post(f"/admin/holding_tax/reassessment/{job.pk}/publish/").status_code == 403
    secretary = login(client, Role.SECRETARY, town["pourashava"])
    page = client.get(f"/admin/holding_tax/reassessment/{job.pk}/progress/").content.decode()
    assert 'name="publish"' in page
    client.post(f"/admin/holding_tax/reassessment/{job.pk}/publish/", {"window_days": "30"})
    publication = AssessmentPublication.objects.get(pourashava=town["pourashava"])
    assert (publication.fiscal_year, publication.published_by) == (new_rules.label, secretary)
    owner = CitizenFactory()
    case = file_review(
        assessment=general.first(), citizen=owner, actor=owner.user, grounds="Too high"
    )
    assert case.pk is not None


def test_a_clerk_of_another_pourashava_cannot_see_natores_reassessment(
    client, town, new_rules, monkeypatch, django_capture_on_commit_callbacks
):
    login(client, Role.ASSESSOR, town["pourashava"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REASSESS, _reassess_form(town, new_rules, town["wards"][0], run="1"))
    job = Reassessment.objects.get()
    gopalganj = make_town(monkeypatch, code="GOP")
    login(client, Role.ASSESSOR, gopalganj["pourashava"])
    assert client.get(f"/admin/holding_tax/reassessment/{job.pk}/progress/").status_code == 404
    assert client.post(f"/admin/holding_tax/reassessment/{job.pk}/resume/").status_code == 404
    refused = client.post(REASSESS, _reassess_form(town, new_rules, dry_run="1"))
    assert 'id="reassessment-summary"' not in refused.content.decode()
    login(client, Role.SECRETARY, gopalganj["pourashava"])
    assert client.post(f"/admin/holding_tax/reassessment/{job.pk}/publish/").status_code == 404


def test_holdings_that_cannot_be_valued_are_listed_on_the_job_not_stopping_it(
    client, town, new_rules, django_capture_on_commit_callbacks
):
    unvalued = make_holding(town["wards"][0], "43", valid_from=new_rules.start + timedelta(days=10))
    login(client, Role.ASSESSOR, town["pourashava"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REASSESS, _reassess_form(town, new_rules, run="1"))
    job = Reassessment.objects.get()
    assert (job.status, job.ward, job.reassessed, job.skipped) == ("done", None, 5, 1)
    assert [p["holding"] for p in job.problems] == [unvalued.reference]
    assert not Assessment.objects.filter(holding=unvalued).exists()
    for url in (
        f"/admin/holding_tax/reassessment/{job.pk}/progress/",
        f"/admin/holding_tax/reassessment/{job.pk}/change/",
        "/admin/holding_tax/reassessment/",
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert unvalued.reference in page.content.decode() or url.endswith("reassessment/")
