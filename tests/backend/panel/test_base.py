"""The scoped, audited panel base at work on real admins, and proof that the checks fail when an
admin forgets it: the system check names a plain ModelAdmin, the probe finds what it leaks, and
a save that lands outside the user's pourashava is rolled back."""

import json

import pytest
from django.contrib import admin
from django.test import Client

from backend.identity.models import AuditEntry, Role
from backend.panel.base import TenantScopedAdmin
from backend.panel.checks import unscoped
from backend.panel.site import PanelAdminSite
from services.holding_tax.models import ComponentRate, Exemption, TaxRules
from services.property.models import ClaimStatus, HoldingClaim
from tests.backend.panel.leaky_urls import leaky_site
from tests.backend.panel.probe import Place, quiet_refusals, walk
from tests.factories import CitizenFactory, WardFactory, staff_member
from tests.services.property.helpers import make_holding

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns():
    mine = make_holding(WardFactory(number=1), number="12")
    theirs = make_holding(WardFactory(number=1), number="12")
    return mine, theirs


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def exemption_form(holding) -> dict:
    return {
        "holding": str(holding.pk),
        "heads": json.dumps(["holding_tax"]),
        "reason": "Place of worship",
        "order_reference": "Order 12/2025",
        "from_fiscal_year": "2025-26",
        "to_fiscal_year": "",
    }


# Every admin inherits the base ---------------------------------------------------------------


def test_every_registered_admin_and_inline_is_scoped_by_construction():
    assert unscoped(admin.site) == []
    for model_admin in admin.site._registry.values():
        assert isinstance(model_admin, TenantScopedAdmin), type(model_admin)


def test_the_check_names_a_plain_model_admin_for_a_tenant_owned_model():
    site = admin.AdminSite(name="throwaway")
    site.register(Exemption, admin.ModelAdmin)
    site.register(
        TaxRules,
        TenantScopedAdmin,
        inlines=[type("Rates", (admin.TabularInline,), {"model": ComponentRate})],
    )
    problems = unscoped(site)
    assert any("ModelAdmin (holding_tax.Exemption) does not inherit" in p for p in problems)
    assert any("Rates (inline of" in p for p in problems)


def test_a_third_party_admin_is_adopted_as_superusers_only():
    from django.contrib.auth.admin import GroupAdmin
    from django.contrib.auth.models import Group

    site = PanelAdminSite(name="adopting")
    site.register(Group, GroupAdmin)
    assert isinstance(site._registry[Group], TenantScopedAdmin)
    assert unscoped(site) == []


# The probe fails on an admin that forgets ----------------------------------------------------


@pytest.mark.urls("tests.backend.panel.leaky_urls")
def test_the_probe_finds_what_a_forgetful_admin_leaks(towns):
    mine, _theirs = towns
    clerk = staff_member(Role.ASSESSOR, mine.pourashava)
    with quiet_refusals():
        report = walk(logged_in(clerk), leaky_site, Place(frozenset({mine.pourashava_id})), clerk)
    leaks = "\n".join(report.leaks)
    assert "property.Holding changelist lists" in leaks
    assert "property.Holding change view opens another tenant's" in leaks
    assert "in holding was accepted" in leaks  # the exemption form took another town's holding


# Choices, typed ids and the post-save check ------------------------------------------------


def test_an_assessor_cannot_exempt_another_pourashavas_holding_by_typed_id(towns):
    mine, theirs = towns
    client = logged_in(staff_member(Role.ASSESSOR, mine.pourashava))
    refused = client.post("/admin/holding_tax/exemption/add/", exemption_form(theirs))
    assert refused.status_code == 200
    assert "holding" in refused.context["adminform"].form.errors
    assert not Exemption.objects.exists()

    done = client.post("/admin/holding_tax/exemption/add/", exemption_form(mine))
    assert done.status_code == 302, done.context and done.context["adminform"].form.errors
    exemption = Exemption.objects.get()
    assert exemption.pourashava_id == mine.pourashava_id
    entry = AuditEntry.objects.get(action="exemption.create")
    assert (entry.object_id, entry.pourashava_id) == (str(exemption.pk), mine.pourashava_id)
    assert entry.after["holding_id"] == mine.pk and entry.client_address == "127.0.0.1"


@pytest.mark.urls("tests.backend.panel.leaky_urls")
def test_a_save_that_lands_in_another_pourashava_is_rolled_back(towns):
    mine, _theirs = towns
    client = logged_in(staff_member(Role.ASSESSOR, mine.pourashava))
    with quiet_refusals():
        answer = client.post("/moving/holding_tax/exemption/add/", exemption_form(mine))
    assert answer.status_code == 403
    assert not Exemption.objects.exists()
    assert not AuditEntry.objects.filter(action="exemption.create").exists()


# Inlines follow the parent's roles; rule edits are audited --------------------------------


def test_a_secretary_sees_and_adds_tax_rates_and_the_edit_is_audited(towns):
    mine, _theirs = towns
    secretary = staff_member(Role.SECRETARY, mine.pourashava)
    rules = TaxRules.objects.create(pourashava=mine.pourashava, from_fiscal_year="2026-27")
    ComponentRate.objects.create(rules=rules, head="conservancy", percent=7)
    client = logged_in(secretary)
    url = f"/admin/holding_tax/taxrules/{rules.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    formsets = {f.formset.prefix: f for f in page.context["inline_admin_formsets"]}
    rates = formsets["components"]
    assert [form.instance.head for form in rates.formset.initial_forms] == ["conservancy"]
    assert rates.has_add_permission and rates.has_change_permission

    from tests.backend.panel.probe import _as_post

    data = _as_post(page)
    data.update(
        {
            "components-TOTAL_FORMS": ["2"],
            "components-1-head": ["lighting"],
            "components-1-percent": ["3"],
            "components-1-rules": [str(rules.pk)],
            "early_rebate_percent": ["12.00"],
        }
    )
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context and [
        saved.context["adminform"].form.errors,
        [f.formset.errors for f in saved.context["inline_admin_formsets"]],
    ]
    assert set(rules.components.values_list("head", flat=True)) == {"conservancy", "lighting"}
    update = AuditEntry.objects.get(action="taxrules.update")
    assert update.before["early_rebate_percent"] != "12.00"
    assert update.after["early_rebate_percent"] == "12.00"
    assert (update.actor, update.pourashava_id) == (secretary, mine.pourashava_id)
    rate = AuditEntry.objects.get(action="componentrate.create")
    assert rate.after["head"] == "lighting" and rate.pourashava_id == mine.pourashava_id


def test_a_cashier_sees_the_rates_read_only(towns):
    mine, _theirs = towns
    rules = TaxRules.objects.create(pourashava=mine.pourashava, from_fiscal_year="2026-27")
    ComponentRate.objects.create(rules=rules, head="conservancy", percent=7)
    page = logged_in(staff_member(Role.CASHIER, mine.pourashava)).get(
        f"/admin/holding_tax/taxrules/{rules.pk}/change/"
    )
    assert page.status_code == 200
    rates = {f.formset.prefix: f for f in page.context["inline_admin_formsets"]}["components"]
    assert not rates.has_add_permission and not rates.has_change_permission
    assert len(rates.formset.initial_forms) == 1


# Bulk actions are logged with the client address ---------------------------------------------


def test_a_bulk_action_logs_who_ran_it_on_what_from_where(towns):
    mine, theirs = towns
    clerk = staff_member(Role.REVENUE_CLERK, mine.pourashava)
    claims = [
        HoldingClaim.objects.create(
            holding=holding,
            pourashava=holding.pourashava,
            citizen=CitizenFactory(),
            status=ClaimStatus.PENDING,
            proof="clerk",
        )
        for holding in (mine, theirs)
    ]
    client = logged_in(clerk)
    client.post(
        "/admin/property/holdingclaim/",
        {"action": "approve_claims", "_selected_action": [c.pk for c in claims]},
        REMOTE_ADDR="203.0.113.9",
    )
    claims[0].refresh_from_db()
    claims[1].refresh_from_db()
    assert (claims[0].status, claims[1].status) == (ClaimStatus.APPROVED, ClaimStatus.PENDING)
    entries = AuditEntry.objects.filter(action="holdingclaim.action.approve_claims")
    assert [(e.object_id, e.client_address, e.actor) for e in entries] == [
        (str(claims[0].pk), "203.0.113.9", clerk)
    ]
