"""The status flow rules on the default flow of ARCHITECTURE.md, without a database."""

import pytest

from axos_data.errors import (
    InvalidStatusTransition,
    OrderLocked,
    PermissionDenied,
    ReopenReasonRequired,
)
from axos_data.model import Actor, Status, StatusFlow

DEFAULT_STATUSES = [
    Status("under_arbeid", "Under arbeid", "open", 1, False),
    Status("klar_til_fakturering", "Klar til fakturering", "invoicing", 2, False),
    Status("fakturert", "Fakturert", "invoiced", 3, False),
    Status("purret", "Purret", "invoiced", 4, False),
    Status("betalt", "Betalt", "closed", 5, True),
    Status("kansellert", "Kansellert", "closed", 6, True),
]
DEFAULT_TRANSITIONS = {
    "under_arbeid": ["klar_til_fakturering", "kansellert"],
    "klar_til_fakturering": ["under_arbeid", "fakturert", "kansellert"],
    "fakturert": ["purret", "betalt", "kansellert"],
    "purret": ["betalt", "kansellert"],
    "betalt": [],
    "kansellert": [],
}
USER = Actor(2, "Ola Hansen", "user")
ADMIN = Actor(1, "Kari Nordmann", "admin")


@pytest.fixture
def flow() -> StatusFlow:
    pairs = [
        (source, target) for source, targets in DEFAULT_TRANSITIONS.items() for target in targets
    ]
    return StatusFlow(reversed(DEFAULT_STATUSES), reversed(pairs))


def test_initial_status_is_the_first_by_position(flow):
    assert flow.initial == "under_arbeid"


@pytest.mark.parametrize("current", list(DEFAULT_TRANSITIONS))
def test_allowed_targets_are_the_default_flow_in_position_order(flow, current):
    assert flow.allowed(current, USER) == DEFAULT_TRANSITIONS[current]


@pytest.mark.parametrize(
    ("current", "target"),
    [(s, t) for s, targets in DEFAULT_TRANSITIONS.items() for t in targets],
)
def test_every_default_transition_is_allowed_for_a_user(flow, current, target):
    flow.check(current, target, USER)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("under_arbeid", "fakturert"),
        ("under_arbeid", "betalt"),
        ("klar_til_fakturering", "purret"),
        ("fakturert", "under_arbeid"),
        ("fakturert", "klar_til_fakturering"),
        ("purret", "fakturert"),
    ],
)
def test_disallowed_transition_names_the_allowed_ones(flow, current, target):
    with pytest.raises(InvalidStatusTransition) as caught:
        flow.check(current, target, USER)
    message = str(caught.value)
    assert flow.label(current) in message
    assert flow.label(target) in message
    names = ", ".join(flow.label(allowed) for allowed in DEFAULT_TRANSITIONS[current])
    # Statuses by their label only, as users know them: "Tillatt herfra: Purret, Betalt."
    assert message.endswith(f"Tillatt herfra: {names}.")
    for allowed in DEFAULT_TRANSITIONS[current]:
        assert f"({allowed})" not in message


def test_moving_to_the_current_status_is_not_a_transition(flow):
    with pytest.raises(InvalidStatusTransition) as caught:
        flow.check("fakturert", "fakturert", USER)
    assert "Fakturert" in str(caught.value)


@pytest.mark.parametrize("final", ["betalt", "kansellert"])
def test_final_statuses_cannot_be_reopened_by_a_user(flow, final):
    assert flow.allowed(final, USER) == []
    with pytest.raises(PermissionDenied) as caught:
        flow.check(final, "under_arbeid", USER)
    assert "administrator" in str(caught.value)
    assert USER.name in str(caught.value)


@pytest.mark.parametrize("final", ["betalt", "kansellert"])
def test_an_admin_may_reopen_a_final_status_to_any_non_final_one(flow, final):
    assert flow.allowed(final, ADMIN) == [
        "under_arbeid",
        "klar_til_fakturering",
        "fakturert",
        "purret",
    ]
    flow.check(final, "under_arbeid", ADMIN, "Betalingen ble returnert")
    flow.check(final, "fakturert", ADMIN, "Feil registrert")


@pytest.mark.parametrize("final", ["betalt", "kansellert"])
@pytest.mark.parametrize("note", [None, "", "   "])
def test_reopening_a_final_status_needs_a_reason(flow, final, note):
    with pytest.raises(ReopenReasonRequired) as caught:
        flow.check(final, "under_arbeid", ADMIN, note)
    message = str(caught.value)
    assert f"«{flow.label(final)}»" in message
    assert "«Under arbeid»" in message
    assert "hvorfor" in message


def test_an_admin_cannot_move_between_final_statuses(flow):
    with pytest.raises(InvalidStatusTransition):
        flow.check("betalt", "kansellert", ADMIN)


def test_require_open_passes_only_in_the_open_category(flow):
    flow.require_open(10001, "under_arbeid")
    for status in ["klar_til_fakturering", "fakturert", "purret", "betalt", "kansellert"]:
        with pytest.raises(OrderLocked) as caught:
            flow.require_open(10001, status)
        message = str(caught.value)
        assert "10001" in message
        assert flow.label(status) in message
        assert "«Under arbeid»" in message


def test_transitions_to_unknown_statuses_are_ignored():
    flow = StatusFlow(
        DEFAULT_STATUSES[:2], [("under_arbeid", "klar_til_fakturering"), ("under_arbeid", "x")]
    )
    assert flow.allowed("under_arbeid", USER) == ["klar_til_fakturering"]
    assert flow.label("x") == "x"
