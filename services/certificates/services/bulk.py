"""Bulk approve (certificate officer) and bulk recommend (ward councillor), shared by the clerk
panel and the staff API.

Each application goes through the workflow engine's take_action on its own, in its own
transaction: it is validated, locked, logged and (on approve) issued by the issuing hook exactly
as if approved one by one. One refusal never undoes or blocks the others.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from backend.common.errors import AppError
from backend.common.text import Text
from backend.identity.models import User
from backend.municipality.scoping import restrict
from backend.workflow.definitions import workflow_for
from backend.workflow.services import take_action
from services.certificates.models import CertificateApplication
from services.certificates.workflow import APPROVE, KIND, RECOMMEND, state_label

# The most numbers one request may carry: a counter's day, not the whole register.
MAX_NUMBERS = 100
BULK_ACTIONS = (APPROVE, RECOMMEND)

NOT_FOUND = Text(en="No such application in your area.", bn="আপনার এলাকায় এমন কোনো আবেদন নেই।")
WRONG_STATE = Text(
    en="Skipped: the application is '{state}', so this cannot be done now.",
    bn="বাদ দেওয়া হয়েছে: আবেদনটি এখন '{state}' অবস্থায়, তাই এই কাজটি এখন করা যায় না।",
)
DONE = {
    APPROVE: Text(en="Approved.", bn="অনুমোদিত হয়েছে।"),
    RECOMMEND: Text(en="Recommended.", bn="সুপারিশ করা হয়েছে।"),
}
DONE_CODES = {APPROVE: "approved", RECOMMEND: "recommended"}


@dataclass(frozen=True)
class Outcome:
    number: str
    ok: bool
    code: str
    message: str


def applications_for_action(user: User, action: str) -> QuerySet:
    """The certificate applications `user` could take `action` on by role and place (a
    councillor: their own ward's only), whatever their state."""
    roles = _roles_for(action)
    queryset = CertificateApplication.objects.select_related("application")
    return restrict(queryset, user, ward_field="ward", roles=roles)


def act_on_numbers(
    numbers: Iterable[str], *, action: str, actor: User, request=None
) -> list[Outcome]:
    """One outcome per distinct number, in the order given. Numbers outside the actor's scope
    are "not_found", exactly like numbers that do not exist."""
    wanted = list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))
    found = {
        d.application.number: d
        for d in applications_for_action(actor, action).filter(application__number__in=wanted)
    }
    outcomes = []
    for number in wanted:
        detail = found.get(number)
        if detail is None:
            outcomes.append(Outcome(number, False, "not_found", NOT_FOUND.render()))
        else:
            outcomes.append(act_on_one(detail, action=action, actor=actor, request=request))
    return outcomes


def act_on_each(
    details: Iterable[CertificateApplication], *, action: str, actor: User, request=None
) -> list[Outcome]:
    """For an already scoped selection (the clerk panel's ticked rows)."""
    return [act_on_one(d, action=action, actor=actor, request=request) for d in details]


def act_on_one(
    detail: CertificateApplication, *, action: str, actor: User, request=None
) -> Outcome:
    application = detail.application
    definition = workflow_for(KIND)
    if definition.transition_for(application.state, action) is None:
        return Outcome(
            application.number,
            False,
            "workflow_action_not_available",
            WRONG_STATE.render(state=state_label(application.state)),
        )
    try:
        # The engine re-reads and locks the row, checks state and role again, logs, and runs
        # the hooks (issuing on approve), all in one transaction of its own.
        take_action(application=application, action=action, actor=actor, request=request)
    except AppError as exc:
        return Outcome(application.number, False, exc.code, exc.render_message())
    return Outcome(application.number, True, DONE_CODES[action], DONE[action].render())


def _roles_for(action: str) -> frozenset[str]:
    if action not in BULK_ACTIONS:
        raise ValueError(f"not a bulk action: {action!r}")
    definition = workflow_for(KIND)
    return frozenset(
        role for t in definition.all_transitions() if t.action == action for role in t.roles
    )
