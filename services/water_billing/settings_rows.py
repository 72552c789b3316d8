"""A pourashava's water billing settings: its row, or the model's documented defaults."""

from backend.municipality.models import Pourashava
from services.water_billing.models import WaterSettings


def settings_for(pourashava: Pourashava | int) -> WaterSettings:
    pk = pourashava if isinstance(pourashava, int) else pourashava.pk
    row = WaterSettings.objects.filter(pourashava_id=pk).first()
    return row or WaterSettings(pourashava_id=pk)
