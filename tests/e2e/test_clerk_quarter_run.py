"""A Natore revenue clerk's quarter, in the panel and in Bangla: log in, switch the panel to
Bangla, read what waits on the home page, dry-run next quarter's holding-tax demands by ward,
then run it and watch the run finish."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, expect

from backend.common.digits import to_bangla_digits
from backend.identity.models import User
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.payments.models import Demand
from services.holding_tax.billing import SERVICE_CODE
from services.holding_tax.models import DemandRun, RunStatus
from services.holding_tax.services.generation import dry_run

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("pilot_demo")]

ASCII_DIGIT = re.compile(r"[0-9]")
BANGLA_DIGIT = re.compile(r"[০-৯]")
RUN_TIMEOUT_MS = 60_000


def next_quarter() -> tuple[FiscalYear, int]:
    """The quarter after this one: the demo data has raised every quarter up to today's."""
    fiscal_year = FiscalYear.of()
    quarter = fiscal_year.quarter_of(timezone.localdate())
    return (fiscal_year, quarter + 1) if quarter < 4 else (fiscal_year.next(), 1)


def choose(field: Locator, value: str) -> None:
    """A form field as a person sets it, whether the screen made it a list or a box."""
    if field.evaluate("e => e.tagName") == "SELECT":
        field.select_option(value)
    else:
        field.fill(value)


def test_revenue_clerk_runs_a_quarter_in_bangla(journey) -> None:
    natore = Pourashava.objects.get(code="NAT")
    fiscal_year, quarter = next_quarter()
    assert not DemandRun.objects.filter(
        pourashava=natore, fiscal_year=fiscal_year.label, quarter=quarter
    ).exists()
    expected = dry_run(natore, fiscal_year, quarter)  # the code path's figures
    assert expected.demands > 0
    page = journey.page
    html = page.locator("html")

    journey.log_in("nat.revenue_clerk")
    switch = page.locator("form#language-switch")
    switch.locator("button[name=language][value=en]").click()
    expect(html).to_have_attribute("lang", "en")
    switch.locator("button[name=language][value=bn]").click()
    expect(html).to_have_attribute("lang", "bn")

    # The home page: what waits, each count a link to its list, in Bangla digits.
    counts = page.locator(".home-count")
    expect(counts.first).to_be_visible()
    journey.shot("home page in bangla")
    facts = counts.evaluate_all(
        """els => els.map(e => ({
            key: e.dataset.countKey || "",
            href: (e.querySelector("a") || {}).href || "",
            text: e.innerText}))"""
    )
    for fact in facts:
        assert fact["key"], f"a count without data-count-key: {fact}"
        assert fact["href"], f"count {fact['key']} is not a link"
        assert not ASCII_DIGIT.search(fact["text"]), f"ASCII digits in Bangla mode: {fact}"
        assert BANGLA_DIGIT.search(fact["text"]), f"count {fact['key']} shows no number"
    link = counts.first.locator("a").first
    numbers = re.findall(r"[০-৯]+", link.inner_text())
    assert len(numbers) == 1, f"the count's link should show one number: {numbers}"
    link.click()
    expect(page.locator("#changelist")).to_be_visible()
    expect(html).to_have_attribute("lang", "bn")  # the choice is remembered
    # The list it opens holds what the count said.
    expect(page.locator("#changelist .paginator")).to_have_text(re.compile(rf"^\s*{numbers[0]}\s"))
    journey.shot("a count opens its list")

    # The quarter: a dry run by ward first, which writes nothing.
    page.goto(journey.url(reverse("admin:holding_tax_demandrun_start")))
    expect(html).to_have_attribute("lang", "bn")
    choose(page.locator("[name=fiscal_year]"), fiscal_year.label)
    choose(page.locator("[name=quarter]"), str(quarter))
    page.locator("button[name=dry_run]").click()
    results = page.locator("#dry-run-results")
    expect(results).to_be_visible()
    expect(results.locator("tbody tr").first).to_be_visible()
    journey.shot("dry run by ward")
    first_cells = results.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => r.cells[0].innerText.trim())"
    )
    wards = {to_bangla_digits(n) for n in expected.holdings_by_ward}
    assert wards <= set(first_cells), f"wards {wards} not all in the dry run: {first_cells}"
    assert not DemandRun.objects.filter(
        pourashava=natore, fiscal_year=fiscal_year.label, quarter=quarter
    ).exists(), "the dry run started the run"

    # The run, watched on its progress page until it is done.
    page.locator("button[name=run]").click()
    status = page.locator("#run-status")
    expect(status).to_be_visible()
    journey.shot("run started")
    expect(status).to_have_attribute("data-status", RunStatus.DONE.value, timeout=RUN_TIMEOUT_MS)
    journey.shot("run done")

    run = DemandRun.objects.get(pourashava=natore, fiscal_year=fiscal_year.label, quarter=quarter)
    assert run.status == RunStatus.DONE
    assert run.demands_raised == expected.demands
    raised = Demand.objects.filter(
        pourashava=natore,
        service_code=SERVICE_CODE,
        fiscal_year=fiscal_year.label,
        period_quarter=quarter,
    )
    assert raised.count() == expected.demands
    assert run.started_by == User.objects.get(username="nat.revenue_clerk")
