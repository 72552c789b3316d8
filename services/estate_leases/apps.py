from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstateLeasesConfig(AppConfig):
    name = "services.estate_leases"
    label = "estate_leases"
    verbose_name = _("Estate and hat-bazar leases")
