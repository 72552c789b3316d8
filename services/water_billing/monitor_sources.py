"""Where the ministry's revenue monitor finds the ward of water billing's demands: a bill's and
a reconnection's through the connection's holding (the connection's own ward when it has no
holding), an application's through its holding or its own ward. Without these they count
under "no ward"."""

from django.db.models import CharField, F
from django.db.models.functions import Cast, Coalesce

from backend.monitor.registry import WardSource, register_ward_source
from services.water_billing.heads import BILL_OBJECT
from services.water_billing.models import Bill, DisconnectionNotice, WaterApplication
from services.water_billing.services.applications import FEE_OBJECT

RECONNECTION_OBJECT = "water_reconnection"  # services/disconnection.py raises it on the notice


def _of(model, pourashava_id: int | None):
    rows = model.objects.all()
    return rows if pourashava_id is None else rows.filter(pourashava_id=pourashava_id)


def _bills(pourashava_id: int | None):
    return _of(Bill, pourashava_id).values(
        monitor_object=Cast("pk", CharField()),
        monitor_ward=Coalesce(F("connection__holding__ward_id"), F("connection__ward_id")),
    )


def _notices(pourashava_id: int | None):
    return _of(DisconnectionNotice, pourashava_id).values(
        monitor_object=Cast("pk", CharField()),
        monitor_ward=Coalesce(F("connection__holding__ward_id"), F("connection__ward_id")),
    )


def _applications(pourashava_id: int | None):
    return _of(WaterApplication, pourashava_id).values(
        monitor_object=F("application__number"),
        monitor_ward=Coalesce(F("holding__ward_id"), F("ward_id")),
    )


def register() -> None:
    register_ward_source(WardSource(BILL_OBJECT, rows=_bills))
    register_ward_source(WardSource(RECONNECTION_OBJECT, rows=_notices))
    register_ward_source(WardSource(FEE_OBJECT, rows=_applications))


# Registered when the app is ready (its AppConfig.ready imports this module).
register()
