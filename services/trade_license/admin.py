"""The trade-licence clerk panel: rates (categories, fee slabs, signboard rules, late policy
with its often-extended grace date), inspectors by ward, and the licence and application
registers (read-only: licences change through the workflow). The national statutory rules (VAT,
NBR source tax) are kept by superusers."""

from django.contrib import admin

from backend.identity.models import Role
from backend.panel.base import TenantScopedAdmin
from backend.panel.tenancy import declare_national, declare_tenancy
from services.trade_license.models import (
    BusinessCategory,
    FeeSlab,
    InspectorWard,
    LatePolicy,
    LicenceTerm,
    SignboardRule,
    SourceTaxRule,
    TradeApplication,
    TradeLicence,
    TradeSettings,
    VatRule,
)

STAFF = frozenset({Role.LICENCE_INSPECTOR, Role.LICENCE_OFFICER, Role.SECRETARY, Role.MAYOR})
RATE_MAKERS = frozenset({Role.LICENCE_OFFICER, Role.SECRETARY})

declare_national(VatRule)
declare_national(SourceTaxRule)
declare_tenancy(TradeApplication, pourashava="pourashava")
declare_tenancy(TradeSettings, pourashava="pourashava")


class RatesAdmin(TenantScopedAdmin):
    view_roles = STAFF
    change_roles = RATE_MAKERS


@admin.register(BusinessCategory)
class BusinessCategoryAdmin(RatesAdmin):
    list_display = ["code", "name_en", "name_bn", "fee_basis", "requires_inspection", "is_demo"]
    list_filter = ["fee_basis", "requires_inspection", "is_active"]
    search_fields = ["code", "name_en", "name_bn"]


@admin.register(FeeSlab)
class FeeSlabAdmin(RatesAdmin):
    """Fee schedules are best imported as CSV (POST /api/v1/staff/trade-fee-schedules/), which
    refuses gaps and overlaps; single slabs can be corrected here."""

    list_display = ["category", "fy_from", "lower", "upper", "new_fee", "renewal_fee", "is_demo"]
    list_filter = ["fy_from"]
    search_fields = ["category__code"]


@admin.register(SignboardRule)
class SignboardRuleAdmin(RatesAdmin):
    list_display = ["fy_from", "basis", "value", "illuminated_multiplier", "is_demo"]


@admin.register(LatePolicy)
class LatePolicyAdmin(RatesAdmin):
    list_display = ["fiscal_year", "grace_end_date", "mode", "rate_pct", "cap_pct", "is_demo"]


@admin.register(TradeSettings)
class TradeSettingsAdmin(RatesAdmin):
    list_display = ["pourashava", "local_body_class"]


@admin.register(InspectorWard)
class InspectorWardAdmin(RatesAdmin):
    list_display = ["ward", "inspector"]


class ReadOnly(TenantScopedAdmin):
    view_roles = STAFF
    change_roles = frozenset()


@admin.register(TradeLicence)
class TradeLicenceAdmin(ReadOnly):
    list_display = ["licence_no", "business_name_en", "category", "status", "valid_to"]
    list_filter = ["status"]
    search_fields = ["licence_no", "business_name_en", "business_name_bn"]


@admin.register(LicenceTerm)
class LicenceTermAdmin(ReadOnly):
    list_display = ["licence", "fiscal_year", "fee", "vat", "signboard", "source_tax", "surcharge"]
    list_filter = ["fiscal_year"]


class NationalRules(TenantScopedAdmin):
    """National law, dated: only superusers (no pourashava role) add a new year's row."""

    view_roles = frozenset()
    change_roles = frozenset()


@admin.register(VatRule)
class VatRuleAdmin(NationalRules):
    list_display = ["fy_from", "rate_pct", "legal_ref"]


@admin.register(SourceTaxRule)
class SourceTaxRuleAdmin(NationalRules):
    list_display = ["local_body_class", "fy_from", "amount", "legal_ref"]
