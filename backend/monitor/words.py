"""Words of the payment layer's revenue-head columns this app added for the monitor (sector,
collected for), translated in this app's catalog: the payment layer's catalog is not ours."""

from django.utils.translation import gettext_lazy as _

WORDS = (
    _("sector"),
    _("collected for"),
    _("Empty for the pourashava's own revenue; otherwise the body it is for."),
)
