"""Tenancy paths the panel cannot infer (most water tables carry `pourashava` directly)."""

from backend.panel.tenancy import declare_tenancy


def register() -> None:
    from services.water_billing.models import WaterSettings

    declare_tenancy(WaterSettings, pourashava="pourashava")
