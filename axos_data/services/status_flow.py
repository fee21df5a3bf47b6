"""Editing the status flow (admin or the settings grant): statuses and allowed transitions.

Every change is checked against the whole flow before it commits: the first status (the one
new orders get) must be in category `open`, and every status must be reachable from it, so
no order can ever be stranded or created locked. A refused change leaves the flow as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from axos_data.access import Con, load_flow
from axos_data.errors import (
    AlreadyExists,
    InvalidChoice,
    StatusFlowBroken,
    StatusInUse,
    UnknownStatus,
)
from axos_data.model import (
    CATEGORIES,
    CATEGORY_LABELS,
    Actor,
    StatusFlow,
    parse_choice,
    parse_int,
    require_text,
)
from axos_data.services._base import require_settings_right
from axos_data.services.activity import mutate
from axos_data.services.audit import record_audit

_ACTION = "endre statusflyten"


def _key(flow: StatusFlow, typed: object) -> str:
    """The status a user means (key or label); UnknownStatus names the known ones."""
    key = flow.key_for(typed)
    if key is None:
        raise UnknownStatus(f"Status «{typed}» finnes ikke. Kjente: {', '.join(flow.statuses)}.")
    return key


def _status_dict(flow: StatusFlow, key: str) -> dict | None:
    status = flow.statuses.get(key)
    return None if status is None else asdict(status)


def reachable_by_transitions(flow: StatusFlow) -> list[str]:
    """Statuses the allowed transitions lead to from the start status, breadth-first. Stricter
    than views.integrity's reachability, which also counts an admin reopening a final status:
    a status only an admin's reopening leads to is stranded in everyday work."""
    seen = [flow.initial]
    for key in seen:  # grows while iterating
        seen += [target for target in flow.transitions[key] if target not in seen]
    return seen


def check_flow(flow: StatusFlow) -> None:
    """Refuse a flow whose start status is not open or that leaves statuses unreachable."""
    if not flow.statuses:
        raise StatusFlowBroken("Statusflyten må ha minst én status.")
    start = flow.statuses[flow.initial]
    if start.category != "open":
        raise StatusFlowBroken(
            f"Første status «{start.label}» er startstatus for nye ordrer og må ha kategorien"
            f" «{CATEGORY_LABELS['open']}», ikke «{CATEGORY_LABELS[start.category]}»."
        )
    reachable = set(reachable_by_transitions(flow))
    stranded = [s.label for key, s in flow.statuses.items() if key not in reachable]
    if stranded:
        raise StatusFlowBroken(
            f"Endringen gjør at {', '.join(f'«{label}»' for label in stranded)} ikke kan nås fra"
            f" startstatusen «{start.label}». Tillat en overgang dit først."
        )


def _renumber(con: Con, keys: Sequence[str]) -> None:
    """Positions 1..n in the given order (a flow has a handful of statuses)."""
    for position, key in enumerate(keys, start=1):
        con.execute("UPDATE statuses SET position = ? WHERE key = ?", [position, key])


def _finish(con: Con) -> StatusFlow:
    flow = load_flow(con)
    check_flow(flow)
    return flow


def add_status(
    con: Con,
    actor: int | Actor,
    *,
    key: str,
    label: str,
    category: str,
    position: int | None = None,
    is_final: bool = False,
    from_statuses: Sequence[str] = (),
    to_statuses: Sequence[str] = (),
) -> None:
    """A new status at `position` (1 = first; default last), reachable from `from_statuses`
    and leading on to `to_statuses` (a status nothing leads to would be refused)."""
    key = require_text(key, "Statusnøkkel").lower()
    label = require_text(label, "Statusnavn")
    category = parse_choice(category, CATEGORIES, "Kategori")
    position = None if position in (None, "") else parse_int(position, "Posisjon", minimum=1)

    def work(c: Con, who: Actor) -> None:
        require_settings_right(who, _ACTION)
        flow = load_flow(c)
        if flow.key_for(key) is not None or flow.key_for(label) is not None:
            raise AlreadyExists(f"Statusen «{key}» («{label}») finnes allerede.")
        sources = [_key(flow, s) for s in from_statuses]
        targets = [_key(flow, s) for s in to_statuses]
        c.execute(
            "INSERT INTO statuses (key, label, category, position, is_final)"
            " VALUES (?, ?, ?, ?, ?)",
            [key, label, category, len(flow.statuses) + 1, bool(is_final)],
        )
        order = list(flow.statuses)
        order.insert(len(order) if position is None else min(position, len(order) + 1) - 1, key)
        _renumber(c, order)
        pairs = [(s, key) for s in sources] + [(key, t) for t in targets]
        for source, target in pairs:
            c.execute("INSERT OR IGNORE INTO status_transitions VALUES (?, ?)", [source, target])
        after = _finish(c)
        record_audit(
            c,
            who,
            "status",
            key,
            "created",
            None,
            {**_status_dict(after, key), "from": sources, "to": targets},
        )

    mutate(con, actor, work)


def update_status(
    con: Con,
    actor: int | Actor,
    status: str,
    *,
    label: str | None = None,
    category: str | None = None,
    is_final: bool | None = None,
) -> None:
    """Rename, recategorise or (un)mark a status as final; its key (stored on orders) stays."""
    new_label = None if label is None else require_text(label, "Statusnavn")
    new_category = None if category is None else parse_choice(category, CATEGORIES, "Kategori")

    def work(c: Con, who: Actor) -> None:
        require_settings_right(who, _ACTION)
        flow = load_flow(c)
        key = _key(flow, status)
        clash = None if new_label is None else flow.key_for(new_label)
        if clash not in (None, key):
            raise AlreadyExists(f"En annen status heter allerede «{new_label}» ({clash}).")
        c.execute(
            "UPDATE statuses SET label = coalesce(?, label), category = coalesce(?, category),"
            " is_final = coalesce(?, is_final) WHERE key = ?",
            [new_label, new_category, is_final, key],
        )
        after = _finish(c)
        record_audit(
            c, who, "status", key, "changed", _status_dict(flow, key), _status_dict(after, key)
        )

    mutate(con, actor, work)


def rename_status(con: Con, actor: int | Actor, status: str, label: str) -> None:
    update_status(con, actor, status, label=label)


def move_status(con: Con, actor: int | Actor, status: str, position: object) -> None:
    """Put a status at `position` (1 = first, which makes it the start status of new orders)."""
    wanted = parse_int(position, "Posisjon", minimum=1)

    def work(c: Con, who: Actor) -> None:
        require_settings_right(who, _ACTION)
        flow = load_flow(c)
        key = _key(flow, status)
        order = [k for k in flow.statuses if k != key]
        order.insert(min(wanted, len(order) + 1) - 1, key)
        _renumber(c, order)
        after = _finish(c)
        record_audit(
            c,
            who,
            "status",
            key,
            "moved",
            {"position": flow.statuses[key].position},
            {"position": after.statuses[key].position},
        )

    mutate(con, actor, work)


def remove_status(con: Con, actor: int | Actor, status: str) -> None:
    """Remove a status no order has (StatusInUse says how many have it) with its transitions.
    Status history keeps the key as text: it records what happened."""

    def work(c: Con, who: Actor) -> None:
        require_settings_right(who, _ACTION)
        flow = load_flow(c)
        key = _key(flow, status)
        in_use = c.execute("SELECT count(*) FROM orders WHERE status = ?", [key]).fetchall()[0][0]
        if in_use:
            raise StatusInUse(
                f"Status «{flow.label(key)}» brukes av {in_use} ordre(r) og kan ikke fjernes."
                " Flytt ordrene til en annen status først."
            )
        c.execute(
            "DELETE FROM status_transitions WHERE from_status = ? OR to_status = ?", [key, key]
        )
        c.execute("DELETE FROM statuses WHERE key = ?", [key])
        _renumber(c, [k for k in flow.statuses if k != key])
        _finish(c)
        record_audit(c, who, "status", key, "removed", _status_dict(flow, key), None)

    mutate(con, actor, work)


def set_transition(
    con: Con, actor: int | Actor, from_status: str, to_status: str, allowed: bool = True
) -> None:
    """Allow (or forbid) moving orders from one status to another."""

    def work(c: Con, who: Actor) -> None:
        require_settings_right(who, _ACTION)
        flow = load_flow(c)
        source, target = _key(flow, from_status), _key(flow, to_status)
        if source == target:
            raise InvalidChoice(
                f"En overgang må gå til en annen status enn «{flow.label(source)}»."
            )
        was = target in flow.transitions[source]
        if was == bool(allowed):
            return
        c.execute(
            "DELETE FROM status_transitions WHERE from_status = ? AND to_status = ?",
            [source, target],
        )
        if allowed:
            c.execute("INSERT INTO status_transitions VALUES (?, ?)", [source, target])
        _finish(c)
        record_audit(
            c,
            who,
            "status_transition",
            f"{source}->{target}",
            "allowed" if allowed else "disallowed",
            {"allowed": was},
            {"allowed": bool(allowed)},
        )

    mutate(con, actor, work)


def transition_matrix(con: Con) -> list[dict]:
    """One row per status in flow order: key, label, category, is_final and the set of
    statuses it may move to (for the settings page's matrix and `axos status list`)."""
    flow = load_flow(con)
    return [{**asdict(s), "to": list(flow.transitions[key])} for key, s in flow.statuses.items()]
