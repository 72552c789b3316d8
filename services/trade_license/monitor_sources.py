"""Where the ministry's revenue monitor finds the ward of trade-licence demands (raised on the
workflow application's number): the application's ward, else the licence's, else the ward of
the licence's premises holding. Without this they count under "no ward"."""

from django.db.models import F
from django.db.models.functions import Coalesce

from backend.monitor.registry import WardSource, register_ward_source
from services.trade_license.models import TradeApplication
from services.trade_license.services.payment import OBJECT_TYPE


def _applications(pourashava_id: int | None):
    rows = TradeApplication.objects.all()
    if pourashava_id is not None:
        rows = rows.filter(pourashava_id=pourashava_id)
    return rows.values(
        monitor_object=F("application__number"),
        monitor_ward=Coalesce(
            F("ward_id"), F("licence__ward_id"), F("licence__premises_holding__ward_id")
        ),
    )


def register() -> None:
    register_ward_source(WardSource(OBJECT_TYPE, rows=_applications))


# Registered when the app is ready (its AppConfig.ready imports this module).
register()
