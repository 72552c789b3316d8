"""Roles: a user's active role assignments (read once per user object and kept on it), what they
allow (assisting citizens, granting roles), and the services that grant and withdraw them."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from backend.common.errors import AppError, Conflict, Forbidden
from backend.common.text import Text
from backend.identity.models import (
    CENTRE_ROLES,
    NATIONAL_ROLES,
    Role,
    RoleAssignment,
    UdcCentre,
    User,
)
from backend.municipality.models import Pourashava, Ward


def assignments_of(user: User) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_role_assignments", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.filter(user=user, is_active=True)
            .select_related("udc_centre")
            .prefetch_related("udc_centre__pourashavas")
        )
        user._role_assignments = cached
    return cached


def has_role(user: User, roles: Iterable[str], *, pourashava_id: int | None = None) -> bool:
    """True if the user holds any of `roles` (in that pourashava, when one is given)."""
    wanted = set(roles)
    for assignment in assignments_of(user):
        if assignment.role not in wanted:
            continue
        if pourashava_id is None or assignment.role in (Role.NATIONAL_VIEWER, Role.SYSTEM_ADMIN):
            return True
        if assignment.pourashava_id == pourashava_id:
            return True
        if assignment.udc_centre_id and any(
            p.pk == pourashava_id for p in assignment.udc_centre.pourashavas.all()
        ):
            return True
    return False


# Pourashava staff who may act for a citizen at their own counter (besides UDC operators, whose
# centre decides where they may act).
COUNTER_ROLES = frozenset({Role.CASHIER, Role.REVENUE_CLERK})
# Roles that oversee a pourashava's staff, assisted service and audit log.
OVERSIGHT_ROLES = frozenset({Role.SECRETARY, Role.MAYOR, Role.NATIONAL_VIEWER, Role.SYSTEM_ADMIN})
# Roles bound to one pourashava (everything but national and centre roles).
POURASHAVA_ROLES = frozenset(Role) - NATIONAL_ROLES - CENTRE_ROLES
# Who may grant what inside their own pourashava. The mayor (or administrator) may appoint
# every pourashava role but mayor; the secretary every one but mayor and secretary. National and
# centre roles (UDC operators) are granted only by a system administrator.
GRANTS: dict[str, frozenset[str]] = {
    Role.MAYOR: POURASHAVA_ROLES - {Role.MAYOR},
    Role.SECRETARY: POURASHAVA_ROLES - {Role.MAYOR, Role.SECRETARY},
}
GRANTING_ROLES = frozenset(GRANTS) | {Role.SYSTEM_ADMIN}


def is_system_admin(user: User) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or has_role(user, {Role.SYSTEM_ADMIN}))
    )


def grantable_roles(user: User, pourashava_id: int | None) -> frozenset[str]:
    """The roles `user` may grant (or withdraw) in `pourashava_id` (None: national or centre)."""
    if is_system_admin(user):
        return frozenset(Role)
    if pourashava_id is None or not user.is_active:
        return frozenset()
    roles: set[str] = set()
    for assignment in assignments_of(user):
        if assignment.pourashava_id == pourashava_id:
            roles |= GRANTS.get(assignment.role, frozenset())
    return frozenset(roles)


@dataclass(frozen=True)
class AssistCapacity:
    """In what capacity a staff member may act for a citizen of one pourashava: as the operator
    of a UDC centre serving it, or (udc_centre None) at the pourashava's own counter. `by_phone`:
    a 333 call agent, whose citizen is on a call they made, not at a desk."""

    udc_centre: UdcCentre | None
    by_phone: bool = False


def assist_capacity(
    user: User, pourashava_id: int, *, udc_centre_id: int | None = None
) -> AssistCapacity | None:
    """None when `user` may not act for citizens of `pourashava_id` (with that centre, if given)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    for assignment in assignments_of(user):
        centre = assignment.udc_centre
        if assignment.role not in CENTRE_ROLES or centre is None or not centre.is_active:
            continue
        if udc_centre_id is not None and centre.pk != udc_centre_id:
            continue
        if any(p.pk == pourashava_id for p in centre.pourashavas.all()):
            return AssistCapacity(udc_centre=centre, by_phone=assignment.role == Role.CALL_AGENT)
    if udc_centre_id is None and any(
        a.role in COUNTER_ROLES and a.pourashava_id == pourashava_id for a in assignments_of(user)
    ):
        return AssistCapacity(udc_centre=None)
    return None


# Granting and withdrawing roles (the write side; each one transaction, each one audited) -----

GRANT_NOT_ALLOWED = Text(
    en="You may not grant or change this role here.",
    bn="আপনি এখানে এই দায়িত্ব দিতে বা পরিবর্তন করতে পারেন না।",
)
OWN_ROLE = Text(en="You cannot change your own role.", bn="আপনি নিজের দায়িত্ব পরিবর্তন করতে পারেন না।")
ALREADY_GRANTED = Text(
    en="This person already holds this role here.",
    bn="এই ব্যক্তি এখানে ইতিমধ্যে এই দায়িত্বে আছেন।",
)
PASSWORD_NEEDED = Text(
    en="A new staff member needs a password.", bn="নতুন কর্মীর জন্য একটি পাসওয়ার্ড দিন।"
)
PASSWORD_FOR_EXISTING = Text(
    en="This username exists already; leave the password empty to give that person the role.",
    bn="এই ইউজারনেম আগে থেকেই আছে; সেই ব্যক্তিকে দায়িত্ব দিতে পাসওয়ার্ড ফাঁকা রাখুন।",
)
WEAK_PASSWORD = Text(en="The password is not strong enough.", bn="পাসওয়ার্ডটি যথেষ্ট শক্তিশালী নয়।")
INVALID_ASSIGNMENT = Text(
    en="This role cannot be given with these details.",
    bn="এই তথ্য দিয়ে এই দায়িত্ব দেওয়া যায় না।",
)


def grant_role(
    *,
    actor: User,
    username: str,
    role: str,
    pourashava: Pourashava | None = None,
    ward: Ward | None = None,
    udc_centre: UdcCentre | None = None,
    full_name: str = "",
    password: str | None = None,
    request=None,
) -> RoleAssignment:
    """Give `username` a role (creating the staff user, with a validated, Argon2-hashed password,
    if there is none by that name)."""
    from backend.identity.audit import record_audit, snapshot

    if role not in grantable_roles(actor, pourashava.pk if pourashava else None):
        raise Forbidden("role_grant_not_allowed", GRANT_NOT_ALLOWED)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        created = user is None
        if created:
            user = _new_staff_user(username=username, full_name=full_name, password=password)
        elif password:
            raise Conflict(
                "user_exists",
                PASSWORD_FOR_EXISTING,
                fields={"password": [PASSWORD_FOR_EXISTING.render()]},
            )
        elif user.pk == actor.pk:
            raise Forbidden("own_role", OWN_ROLE)
        elif not user.is_staff:
            user.is_staff = True  # admin-panel login; what they may do there follows their roles
            user.save(update_fields=["is_staff"])
        exists = RoleAssignment.objects.filter(
            user=user, role=role, pourashava=pourashava, ward=ward, udc_centre=udc_centre
        ).exists()  # checked here: the unique constraint does not see NULL columns as equal
        if exists:
            raise Conflict("role_already_granted", ALREADY_GRANTED)
        assignment = RoleAssignment(
            user=user,
            role=role,
            pourashava=pourashava,
            ward=ward,
            udc_centre=udc_centre,
            granted_by=actor,
        )
        try:
            assignment.full_clean()
        except ValidationError as exc:
            raise AppError(
                "role_assignment_invalid", INVALID_ASSIGNMENT, fields=_messages(exc)
            ) from exc
        assignment.save()
        if created:
            record_audit(
                actor=actor,
                action="staff_user.create",
                obj=user,
                pourashava=pourashava,
                after=snapshot(user, ["username", "full_name", "is_staff", "is_active"]),
                request=request,
            )
        record_audit(
            actor=actor,
            action="role.grant",
            obj=assignment,
            after=snapshot(assignment),
            request=request,
        )
    return assignment


def set_role_active(
    *, actor: User, assignment: RoleAssignment, is_active: bool, request=None
) -> RoleAssignment:
    """Withdraw (or restore) one role assignment."""
    from backend.identity.audit import record_audit, snapshot

    if assignment.user_id == actor.pk:
        raise Forbidden("own_role", OWN_ROLE)
    if assignment.role not in grantable_roles(actor, assignment.pourashava_id):
        raise Forbidden("role_grant_not_allowed", GRANT_NOT_ALLOWED)
    with transaction.atomic():
        locked = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.is_active == is_active:
            return locked
        before = snapshot(locked)
        locked.is_active = is_active
        locked.save(update_fields=["is_active"])
        record_audit(
            actor=actor,
            action="role.activate" if is_active else "role.deactivate",
            obj=locked,
            before=before,
            after=snapshot(locked),
            request=request,
        )
    return locked


def _new_staff_user(*, username: str, full_name: str, password: str | None) -> User:
    if not password:
        raise AppError(
            "password_required", PASSWORD_NEEDED, fields={"password": [PASSWORD_NEEDED.render()]}
        )
    candidate = User(username=username, full_name=full_name)
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise AppError(
            "password_too_weak", WEAK_PASSWORD, fields={"password": list(exc.messages)}
        ) from exc
    try:
        with transaction.atomic():
            return User.objects.create_user(username, password, full_name=full_name, is_staff=True)
    except IntegrityError as exc:  # made by a concurrent request a moment ago
        raise Conflict("user_exists", PASSWORD_FOR_EXISTING) from exc


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            field: [str(message) for error in errors for message in error.messages]
            for field, errors in exc.error_dict.items()
        }
    return {"non_field_errors": [str(message) for message in exc.messages]}
