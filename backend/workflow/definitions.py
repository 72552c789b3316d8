"""Declarative workflow definitions: states, actions, who may take them, next state, SLA.

Services declare one definition per application kind and register it at import time (backend
never imports services). Every definition gets "send back to applicant" and "reject with reason"
from each state that waits on staff, so no kind can forget them.
"""

from dataclasses import dataclass, field

from backend.common.text import Text

APPLICANT = "applicant"  # pseudo-role: the citizen who applied (or an operator acting for them)

SEND_BACK = "send_back"
REJECT = "reject"
RESUBMIT = "resubmit"

_SEND_BACK_LABEL = Text(en="Send back to applicant", bn="আবেদনকারীর কাছে ফেরত পাঠান")
_REJECT_LABEL = Text(en="Reject", bn="নামঞ্জুর করুন")
_RESUBMIT_LABEL = Text(en="Resubmit", bn="পুনরায় জমা দিন")


@dataclass(frozen=True)
class State:
    code: str
    label: Text
    waits_on: frozenset[str] = frozenset()  # roles (or APPLICANT) expected to act next
    sla_days: int | None = None  # calendar days allowed in this state; None: no clock
    terminal: bool = False


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    label: Text
    needs_comment: bool = False


@dataclass(frozen=True)
class WorkflowDefinition:
    kind: str
    title: Text
    initial: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    returned_state: str  # where "send back" goes; the applicant resubmits from there
    rejected_state: str
    _by_state: dict[str, State] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_state.update({state.code: state for state in self.states})
        self._check()

    def state(self, code: str) -> State:
        return self._by_state[code]

    def all_transitions(self) -> tuple[Transition, ...]:
        """Declared transitions plus the standard send-back, reject and resubmit."""
        standard: list[Transition] = []
        for state in self.states:
            staff = state.waits_on - {APPLICANT}
            if state.terminal or not staff or state.code == self.returned_state:
                continue
            standard.append(
                Transition(
                    SEND_BACK,
                    frozenset({state.code}),
                    self.returned_state,
                    staff,
                    _SEND_BACK_LABEL,
                    needs_comment=True,
                )
            )
            standard.append(
                Transition(
                    REJECT,
                    frozenset({state.code}),
                    self.rejected_state,
                    staff,
                    _REJECT_LABEL,
                    needs_comment=True,
                )
            )
        declared_actions = {(t.action, s) for t in self.transitions for s in t.sources}
        resubmit = Transition(
            RESUBMIT,
            frozenset({self.returned_state}),
            self.initial,
            frozenset({APPLICANT}),
            _RESUBMIT_LABEL,
        )
        if (RESUBMIT, self.returned_state) not in declared_actions:
            standard.append(resubmit)
        return self.transitions + tuple(
            t for t in standard if not any((t.action, s) in declared_actions for s in t.sources)
        )

    def transition_for(self, state: str, action: str) -> Transition | None:
        for transition in self.all_transitions():
            if transition.action == action and state in transition.sources:
                return transition
        return None

    def actions_from(self, state: str) -> list[Transition]:
        return [t for t in self.all_transitions() if state in t.sources]

    def _check(self) -> None:
        codes = set(self._by_state)
        for required in (self.initial, self.returned_state, self.rejected_state):
            if required not in codes:
                raise ValueError(f"{self.kind}: state {required!r} is not declared")
        if not self.state(self.rejected_state).terminal:
            raise ValueError(f"{self.kind}: the rejected state must be terminal")
        for transition in self.transitions:
            unknown = (transition.sources | {transition.target}) - codes
            if unknown:
                raise ValueError(f"{self.kind}.{transition.action}: unknown states {unknown}")
            if any(self.state(s).terminal for s in transition.sources):
                raise ValueError(f"{self.kind}.{transition.action}: leaves a terminal state")


_REGISTRY: dict[str, WorkflowDefinition] = {}


def register_workflow(definition: WorkflowDefinition) -> WorkflowDefinition:
    existing = _REGISTRY.get(definition.kind)
    if existing is not None and existing != definition:
        raise ValueError(f"workflow {definition.kind!r} is already registered differently")
    _REGISTRY[definition.kind] = definition
    return definition


def workflow_for(kind: str) -> WorkflowDefinition:
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise LookupError(f"no workflow registered for {kind!r}") from None


def registered_workflows() -> list[WorkflowDefinition]:
    return list(_REGISTRY.values())


def state_label(kind: str, state: str, language: str | None = None) -> str:
    """A state's name for people (the active language by default); the code itself when the
    kind or state is not registered (a service not loaded)."""
    definition = _REGISTRY.get(kind)
    if definition is None or state not in definition._by_state:
        return state
    return definition.state(state).label.render(language)


# The action the engine logs when an application is made (services.submit_application).
SUBMIT_ACTION = "submit"
SUBMIT_LABEL = Text(en="Submit", bn="জমা দেওয়া")


def action_label(kind: str, action: str, language: str | None = None) -> str:
    """An action's name for people, or the code when the kind or action is not registered."""
    definition = _REGISTRY.get(kind)
    for transition in definition.all_transitions() if definition else ():
        if transition.action == action:
            return transition.label.render(language)
    if action == SUBMIT_ACTION:  # the engine's own first entry, in every kind's log
        return SUBMIT_LABEL.render(language)
    return action
