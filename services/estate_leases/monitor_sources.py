"""Where the ministry's revenue monitor finds the ward of estate demands: a lease's, a shop
rent's and a day's direct collection's through the property (market, ghat, shop), when the
property has a ward. Without this they count under "no ward"."""

from django.db.models import CharField, F
from django.db.models.functions import Cast

from backend.monitor.registry import WardSource, register_ward_source
from services.estate_leases.models import DirectCollection, Lease, ShopTenancy
from services.estate_leases.services import awards, collections, tenancies


def _of(model, pourashava_id: int | None):
    rows = model.objects.all()
    return rows if pourashava_id is None else rows.filter(pourashava_id=pourashava_id)


def _by_pk(model):
    def rows(pourashava_id: int | None):
        return _of(model, pourashava_id).values(
            monitor_object=Cast("pk", CharField()), monitor_ward=F("property__ward_id")
        )

    return rows


def _direct(pourashava_id: int | None):
    # Its demand's object id is "<property code>:<day>": taken from the demand itself.
    return (
        _of(DirectCollection, pourashava_id)
        .filter(demand__isnull=False)
        .values(monitor_object=F("demand__object_id"), monitor_ward=F("property__ward_id"))
    )


def register() -> None:
    register_ward_source(WardSource(awards.OBJECT_TYPE, rows=_by_pk(Lease)))
    register_ward_source(WardSource(tenancies.OBJECT_TYPE, rows=_by_pk(ShopTenancy)))
    register_ward_source(WardSource(collections.OBJECT_TYPE, rows=_direct))


# Registered when the app is ready (its AppConfig.ready imports this module).
register()
