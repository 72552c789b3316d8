"""Who may work in the console, where, and how: UDC operators at a desk and 333 call agents on
the phone, each bound to a centre (an active UdcCentre) and to the pourashavas it serves."""

from dataclasses import dataclass

from backend.common.errors import Forbidden
from backend.common.text import Text
from backend.identity.models import Role, UdcCentre, User
from backend.identity.roles import assignments_of
from backend.municipality.models import Pourashava

CONSOLE_ROLES = frozenset({Role.UDC_OPERATOR, Role.CALL_AGENT})

NOT_AN_OPERATOR = Text(
    en="The console is for UDC operators and 333 call agents only.",
    bn="এই কনসোল শুধু ইউডিসি অপারেটর ও ৩৩৩ কল এজেন্টদের জন্য।",
)


@dataclass(frozen=True)
class Desk:
    """One place the user works from: a centre, in one role, serving these pourashavas."""

    centre: UdcCentre
    role: str
    pourashavas: tuple[Pourashava, ...]

    @property
    def by_phone(self) -> bool:
        return self.role == Role.CALL_AGENT


def desks_of(user: User) -> list[Desk]:
    """The user's active console roles at active centres (none: not a console user)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    desks = []
    for assignment in assignments_of(user):
        centre = assignment.udc_centre
        if assignment.role in CONSOLE_ROLES and centre is not None and centre.is_active:
            served = tuple(sorted(centre.pourashavas.all(), key=lambda p: p.name_en))
            desks.append(Desk(centre=centre, role=assignment.role, pourashavas=served))
    return desks


def require_console_user(user: User) -> list[Desk]:
    desks = desks_of(user)
    if not desks:
        raise Forbidden("console_not_allowed", NOT_AN_OPERATOR)
    return desks


def desk_for(user: User, centre_id: int) -> Desk | None:
    return next((d for d in desks_of(user) if d.centre.pk == centre_id), None)
