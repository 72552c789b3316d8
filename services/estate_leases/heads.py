"""The revenue heads of leases: the lease money and direct collection are the pourashava's own
revenue (sector "leases"); VAT and income tax on a lease are collected for the NBR."""

from backend.payments.registry import register_revenue_head

SERVICE_CODE = "estate_leases"
LEASE_MONEY = "lease_money"
LEASE_VAT = "lease_vat"
LEASE_INCOME_TAX = "lease_income_tax"
DIRECT_COLLECTION = "lease_direct_collection"
SHOP_RENT = "shop_rent"


def register() -> None:
    register_revenue_head(
        LEASE_MONEY, name_en="Lease money", name_bn="ইজারা মূল্য", order=121, sector="leases"
    )
    register_revenue_head(
        DIRECT_COLLECTION,
        name_en="Direct (khas) collection",
        name_bn="খাস আদায়",
        order=122,
        sector="leases",
    )
    register_revenue_head(
        SHOP_RENT, name_en="Market shop rent", name_bn="মার্কেটের দোকান ভাড়া", order=125, sector="leases"
    )
    register_revenue_head(
        LEASE_VAT,
        name_en="VAT on lease",
        name_bn="ইজারার ভ্যাট",
        order=123,
        sector="leases",
        collected_for="nbr",
    )
    register_revenue_head(
        LEASE_INCOME_TAX,
        name_en="Income tax on lease",
        name_bn="ইজারার আয়কর",
        order=124,
        sector="leases",
        collected_for="nbr",
    )
