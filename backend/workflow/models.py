"""Applications of every kind share one table (so queues and SLA span kinds); each service keeps
its own details in a table pointing here. The action log is append-only."""

from django.db import models
from django.utils import timezone

from backend.identity.models import AssistedSession, Citizen, User
from backend.municipality.models import Pourashava, Ward


class Application(models.Model):
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    ward = models.ForeignKey(
        Ward, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=40)
    number = models.CharField(max_length=40, unique=True)
    applicant = models.ForeignKey(
        Citizen, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    state = models.CharField(max_length=40)
    state_entered_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(null=True, blank=True, help_text="SLA deadline in this state.")
    submitted_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["pourashava", "kind", "state"], name="application_queue_idx"),
            models.Index(fields=["due_at"], name="application_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.state})"


class ActionLog(models.Model):
    """Who did what to an application, when, from which state to which, and why."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="log")
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(max_length=32)
    comment = models.TextField(blank=True)
    assisted_session = models.ForeignKey(
        AssistedSession, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_state} -{self.action}-> {self.to_state}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("The action log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The action log is append-only.")


class SlaOverride(models.Model):
    """A pourashava's own SLA for one state of one kind (the definition's is the default)."""

    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    state = models.CharField(max_length=40)
    sla_days = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pourashava", "kind", "state"], name="sla_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pourashava_id} {self.kind}.{self.state}: {self.sla_days} days"
