"""Drop an agency's cached profile (backend/sharing/profiles.py) whenever what it holds changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from backend.sharing.models import Agency, AgencyPurpose, AgencyScope
from backend.sharing.profiles import forget


@receiver([post_save, post_delete], sender=Agency)
def _agency_changed(sender, instance: Agency, **kwargs) -> None:
    forget(instance.application_id)


@receiver([post_save, post_delete], sender=AgencyScope)
@receiver([post_save, post_delete], sender=AgencyPurpose)
def _part_changed(sender, instance, **kwargs) -> None:
    application_id = (
        Agency.objects.filter(pk=instance.agency_id)
        .values_list("application_id", flat=True)
        .first()
    )
    forget(application_id)
