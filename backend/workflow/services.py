"""The one engine: start applications and move them, validating every transition against its
kind's definition and the actor's roles, and logging each one."""

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from backend.common.errors import AppError, Conflict, Forbidden
from backend.common.numbering import next_number
from backend.common.text import Text
from backend.identity.acting import assisted_session_of
from backend.identity.models import Citizen, User
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava, Ward
from backend.municipality.scoping import scope_of
from backend.workflow.definitions import (
    APPLICANT,
    Transition,
    WorkflowDefinition,
    action_label,
    state_label,
    workflow_for,
)
from backend.workflow.models import ActionLog, Application, SlaOverride

TransitionHook = Callable[[Application, Transition, User], None]
_HOOKS: dict[str, list[TransitionHook]] = {}

# {action} and {state} are their names for people in the request's language (never the codes).
ACTION_NOT_AVAILABLE = Text(
    en="'{action}' cannot be done now: the application is at '{state}'.",
    bn="আবেদনটি এখন '{state}' পর্যায়ে আছে, তাই '{action}' করা যাবে না।",
)
NOT_YOUR_ACTION = Text(
    en="You are not allowed to take this action on this application.",
    bn="এই আবেদনে এই কাজটি করার অনুমতি আপনার নেই।",
)
COMMENT_REQUIRED = Text(en="Please give a reason.", bn="অনুগ্রহ করে কারণ লিখুন।")


def register_transition_hook(kind: str, hook: TransitionHook) -> None:
    """Called inside the transition transaction after the state changes (e.g. issue on approve)."""
    _HOOKS.setdefault(kind, []).append(hook)


def sla_days(*, definition: WorkflowDefinition, pourashava_id: int, state: str) -> int | None:
    override = (
        SlaOverride.objects.filter(pourashava_id=pourashava_id, kind=definition.kind, state=state)
        .values_list("sla_days", flat=True)
        .first()
    )
    return override if override is not None else definition.state(state).sla_days


def _enter(application: Application, definition: WorkflowDefinition, state: str, now) -> None:
    application.state = state
    application.state_entered_at = now
    days = sla_days(definition=definition, pourashava_id=application.pourashava_id, state=state)
    application.due_at = now + timedelta(days=days) if days is not None else None
    application.closed_at = now if definition.state(state).terminal else None


def acting_role(
    *, application: Application, transition: Transition, actor: User, request=None
) -> str | None:
    """The role under which `actor` may take `transition`, or None."""
    if APPLICANT in transition.roles and application.applicant_id is not None:
        session = assisted_session_of(request) if request is not None else None
        if actor.pk == application.applicant.user_id:
            return APPLICANT
        # An operator acts for the citizen only in the pourashava the consent was given for.
        if (
            session is not None
            and session.citizen_id == application.applicant_id
            and session.pourashava_id == application.pourashava_id
        ):
            return APPLICANT
    for role in sorted(transition.roles - {APPLICANT}):
        if scope_of(actor, {role}).covers(application.pourashava_id, application.ward_id):
            return role
    return None


@transaction.atomic
def start_application(
    *,
    kind: str,
    series: str,
    pourashava: Pourashava,
    actor: User,
    applicant: Citizen | None = None,
    ward: Ward | None = None,
    request=None,
) -> Application:
    """A new application in its kind's initial state, numbered like NAT-CERT-2025-26-000001."""
    definition = workflow_for(kind)
    now = timezone.now()
    application = Application(
        pourashava=pourashava,
        ward=ward,
        kind=kind,
        applicant=applicant,
        submitted_at=now,
        number=next_number(pourashava=pourashava, series=series, fiscal_year=FiscalYear.of(now)),
    )
    _enter(application, definition, definition.initial, now)
    application.save()
    ActionLog.objects.create(
        application=application,
        action="submit",
        from_state="",
        to_state=definition.initial,
        actor=actor,
        actor_role=APPLICANT if applicant else "staff",
        assisted_session=assisted_session_of(request) if request is not None else None,
        at=now,
    )
    return application


@transaction.atomic
def take_action(
    *, application: Application, action: str, actor: User, comment: str = "", request=None
) -> Application:
    """Move `application` by `action`, or refuse with a 4xx AppError. Locks the row so two clerks
    acting at once cannot both move it from the same state."""
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .get(pk=application.pk)
    )
    definition = workflow_for(locked.kind)
    transition = definition.transition_for(locked.state, action)
    if transition is None:
        raise Conflict(
            "workflow_action_not_available",
            ACTION_NOT_AVAILABLE,
            params={
                "action": action_label(locked.kind, action),
                "state": state_label(locked.kind, locked.state),
            },
        )
    role = acting_role(application=locked, transition=transition, actor=actor, request=request)
    if role is None:
        raise Forbidden("workflow_not_allowed", NOT_YOUR_ACTION)
    comment = comment.strip()
    if transition.needs_comment and not comment:
        raise AppError(
            "comment_required", COMMENT_REQUIRED, fields={"comment": [COMMENT_REQUIRED.render()]}
        )
    now = timezone.now()
    from_state = locked.state
    _enter(locked, definition, transition.target, now)
    locked.save(update_fields=["state", "state_entered_at", "due_at", "closed_at"])
    ActionLog.objects.create(
        application=locked,
        action=action,
        from_state=from_state,
        to_state=transition.target,
        actor=actor,
        actor_role=role,
        comment=comment,
        assisted_session=assisted_session_of(request) if request is not None else None,
        at=now,
    )
    for hook in _HOOKS.get(locked.kind, []):
        hook(locked, transition, actor)
    return locked


def available_actions(*, application: Application, actor: User, request=None) -> list[Transition]:
    """What `actor` could do to `application` now (for buttons in the app and the panel)."""
    definition = workflow_for(application.kind)
    return [
        t
        for t in definition.actions_from(application.state)
        if acting_role(application=application, transition=t, actor=actor, request=request)
    ]
