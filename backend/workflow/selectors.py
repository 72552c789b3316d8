"""Queues: what waits on whom, and what is late."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from backend.identity.models import Citizen, User
from backend.identity.roles import assignments_of
from backend.municipality.scoping import scope_of
from backend.workflow.definitions import APPLICANT, registered_workflows
from backend.workflow.models import ActionLog, Application


def _scope_condition(user: User, role: str) -> Q | None:
    scope = scope_of(user, {role})
    if scope.national:
        return Q()
    if scope.is_empty:
        return None
    condition = Q(pourashava_id__in=scope.pourashava_ids - set(scope.ward_limits))
    for pourashava_id, ward_ids in scope.ward_limits.items():
        condition |= Q(pourashava_id=pourashava_id, ward_id__in=ward_ids)
    return condition


def queue_for(user: User, *, kind: str | None = None, late_only: bool = False) -> QuerySet:
    """Applications waiting on a role `user` holds, where they hold it (councillor: own ward)."""
    held = {a.role for a in assignments_of(user)}
    if user.is_superuser:
        held |= {r for d in registered_workflows() for s in d.states for r in s.waits_on}
    condition = Q(pk__in=[])
    for definition in registered_workflows():
        if kind and definition.kind != kind:
            continue
        for state in definition.states:
            for role in (state.waits_on - {APPLICANT}) & held:
                scope = Q() if user.is_superuser else _scope_condition(user, role)
                if scope is not None:
                    condition |= Q(kind=definition.kind, state=state.code) & scope
    queryset = Application.objects.filter(condition).select_related("pourashava", "ward")
    if late_only:
        queryset = queryset.filter(due_at__lt=timezone.now())
    return queryset.order_by("due_at", "id")


def applications_of(citizen: Citizen) -> QuerySet:
    return Application.objects.filter(applicant=citizen).select_related("pourashava")


def history_of(application: Application) -> QuerySet:
    return ActionLog.objects.filter(application=application).select_related("actor")
