from tests.backend.payments.gateways.helpers import (  # noqa: F401
    _warm_live_server,
    merchant,
    nagad_keys,
    sandbox,
)
