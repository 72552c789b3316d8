"""Applications of every kind share one table (so queues and SLA span kinds); each service keeps
its own details in a table pointing here. The action log is append-only."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.identity.models import AssistedSession, Citizen, User
from backend.municipality.models import Pourashava, Ward
from backend.workflow.definitions import state_label


class Application(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    ward = models.ForeignKey(
        Ward,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ward"),
    )
    kind = models.CharField(max_length=40, verbose_name=_("kind"))
    number = models.CharField(max_length=40, unique=True, verbose_name=_("number"))
    applicant = models.ForeignKey(
        Citizen,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("applicant"),
    )
    state = models.CharField(max_length=40, verbose_name=_("state"))
    state_entered_at = models.DateTimeField(
        default=timezone.now, verbose_name=_("in this state since")
    )
    due_at = models.DateTimeField(
        null=True, blank=True, help_text=_("SLA deadline in this state."), verbose_name=_("due")
    )
    submitted_at = models.DateTimeField(default=timezone.now, verbose_name=_("submitted"))
    closed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("closed"))

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["pourashava", "kind", "state"], name="application_queue_idx"),
            models.Index(fields=["due_at"], name="application_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({state_label(self.kind, self.state)})"


class ActionLog(models.Model):
    """Who did what to an application, when, from which state to which, and why."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="log", verbose_name=_("application")
    )
    action = models.CharField(max_length=40, verbose_name=_("action"))
    from_state = models.CharField(max_length=40, blank=True, verbose_name=_("from state"))
    to_state = models.CharField(max_length=40, verbose_name=_("to state"))
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("actor")
    )
    actor_role = models.CharField(max_length=32, verbose_name=_("actor's role"))
    comment = models.TextField(blank=True, verbose_name=_("comment"))
    assisted_session = models.ForeignKey(
        AssistedSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assisted session"),
    )
    at = models.DateTimeField(default=timezone.now, verbose_name=_("time"))

    class Meta:
        verbose_name = _("action log entry")
        verbose_name_plural = _("action log")
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

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    kind = models.CharField(max_length=40, verbose_name=_("kind"))
    state = models.CharField(max_length=40, verbose_name=_("state"))
    sla_days = models.PositiveSmallIntegerField(verbose_name=_("SLA (days)"))

    class Meta:
        verbose_name = _("SLA override")
        verbose_name_plural = _("SLA overrides")
        constraints = [
            models.UniqueConstraint(fields=["pourashava", "kind", "state"], name="sla_unique"),
        ]

    def __str__(self) -> str:
        return gettext("%(kind)s, %(state)s: %(days)s days") % {
            "kind": self.kind,
            "state": state_label(self.kind, self.state),
            "days": self.sla_days,
        }
