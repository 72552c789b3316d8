"""What services offer inside an operator's assisted session (the UDC and 333 console).

Services register at import time (their AppConfig.ready, from a `console.py` module); the console
never imports them. The console renders each action's form, calls `perform` inside one transaction
with the request's assisted session set (so `record_assisted_action(request, ...)` in the service
records it for the citizen), and shows the result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest

    from backend.identity.models import AssistedSession, Citizen
    from backend.municipality.models import Pourashava


@dataclass(frozen=True)
class ConsoleContext:
    request: HttpRequest  # request.user is the operator; request.assisted_session is `session`
    session: AssistedSession
    citizen: Citizen
    pourashava: Pourashava
    by_phone: bool  # a 333 call: no cash, actions marked as made by phone


@dataclass(frozen=True)
class ConsoleResult:
    message_en: str
    message_bn: str
    # Demands the action raised (a fee): the console offers to take them in cash at once.
    demand_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ConsoleAction:
    """Something an operator can do for the citizen: apply for a water connection, renew a
    trade licence... `form_class(data, files, context=ctx)` collects what it needs."""

    code: str  # "water_billing.apply_connection"
    title_en: str
    title_bn: str
    form_class: type[forms.Form]
    perform: Callable[[ConsoleContext, dict[str, Any]], ConsoleResult]
    available: Callable[[ConsoleContext], bool] = lambda context: True
    order: int = 100


@dataclass(frozen=True)
class ConsoleRow:
    cells: tuple[str, ...]  # already in the request's language


@dataclass(frozen=True)
class ConsoleSection:
    """What the citizen has in a service, shown inside the session (their connections, their
    licences). `columns` are (English, Bangla) headings; `rows(ctx)` reads only that citizen's."""

    code: str
    title_en: str
    title_bn: str
    columns: tuple[tuple[str, str], ...]
    rows: Callable[[ConsoleContext], list[ConsoleRow]]
    order: int = 100


@dataclass
class _Registry:
    actions: dict[str, ConsoleAction] = field(default_factory=dict)
    sections: dict[str, ConsoleSection] = field(default_factory=dict)


_registry = _Registry()


def register_console_action(action: ConsoleAction) -> None:
    _registry.actions[action.code] = action


def register_console_section(section: ConsoleSection) -> None:
    _registry.sections[section.code] = section


def console_actions() -> list[ConsoleAction]:
    return sorted(_registry.actions.values(), key=lambda a: (a.order, a.code))


def console_action(code: str) -> ConsoleAction | None:
    return _registry.actions.get(code)


def console_sections() -> list[ConsoleSection]:
    return sorted(_registry.sections.values(), key=lambda s: (s.order, s.code))


# What an assisted action's code means, in words the citizen reads in their app ("applied for a
# certificate"). Services register the codes they record with `record_assisted_action`; the
# platform's own codes are registered by the console (backend/operator_console/labels.py).
_action_labels: dict[str, tuple[str, str]] = {}


def register_action_label(code: str, *, en: str, bn: str) -> None:
    """`code` is an exact action code ("certificates.apply") or a prefix ending in "."
    ("upload.") for a family of codes."""
    _action_labels[code] = (en, bn)


def action_label(code: str) -> tuple[str, str] | None:
    """(English, Bangla) for an action code: the exact code, else its longest prefix."""
    if code in _action_labels:
        return _action_labels[code]
    prefixes = [c for c in _action_labels if c.endswith(".") and code.startswith(c)]
    return _action_labels[max(prefixes, key=len)] if prefixes else None
