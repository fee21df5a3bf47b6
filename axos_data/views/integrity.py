"""The invariant check behind `axos check`: rules that must hold for every order, whatever
wrote the data (services, the demo loader, a restore, a crash).

Each rule is a named `Check` in `CHECKS`; `check(con)` runs them all and returns the
`Problem`s found (empty when the database is sound). A new rule is one more `Check` in the
list: a function `(con) -> list[Problem]` and its SQL in queries/integrity.sql.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from axos_data import search
from axos_data.access import Con, fetch_rows, load_flow
from axos_data.model import Actor
from axos_data.views.integrity_base import Check, Problem, query_rows
from axos_data.views.integrity_records import file_blobs, followup, invoices, payments, users

# Bounds that cover every BIGINT order number, for the queries that take a range.
_ALL_ORDERS = {"first": -(2**63), "last": 2**63 - 1}


def order_numbers(con: Con) -> list[Problem]:
    """Unique, without gaps (except a jump to a raised start setting), counter in step."""
    name = "order_numbers"
    problems = [
        Problem(name, r["order_no"], f"Ordrenummer {r['order_no']} finnes {r['copies']} ganger.")
        for r in query_rows(con, "integrity_duplicate_order_nos")
    ]
    start = con.execute(
        "SELECT CAST(value AS BIGINT) FROM settings WHERE key = 'order_number_start'"
    ).fetchall()[0][0]
    for r in query_rows(con, "integrity_order_no_gaps", {"start": start}):
        missing = _range_text(r["previous_no"] + 1, r["order_no"] - 1)
        problems.append(
            Problem(
                name,
                r["order_no"],
                f"Hull i nummereringen før ordre {r['order_no']}: {missing} mangler"
                f" (forrige ordre er {r['previous_no']}).",
            )
        )
    counter = query_rows(con, "integrity_order_counter")[0]
    next_value, last_no = counter["next_value"], counter["last_no"]
    if next_value is None:
        problems.append(Problem(name, None, "Telleren for ordrenummer mangler."))
    elif last_no is not None and next_value != last_no + 1:
        if next_value > last_no + 1:
            message = (
                f"Ordrenummer {_range_text(last_no + 1, next_value - 1)} er delt ut, men ingen"
                f" ordre har {'dem' if next_value - last_no > 2 else 'det'}"
                f" (siste ordre er {last_no})."
            )
        else:
            message = (
                f"Telleren for ordrenummer står på {next_value}, men ordre {last_no} finnes"
                " allerede: neste ordre ville fått et brukt nummer."
            )
        problems.append(Problem(name, last_no, message))
    return problems


def _range_text(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def reachable_statuses(con: Con) -> list[str]:
    """Statuses an order can reach from the flow's initial status, with the flow's own rules
    (an admin may reopen a final status, so that counts as a way on)."""
    flow = load_flow(con)
    if not flow.statuses:
        return []
    admin = Actor(0, "kontroll", "admin")
    seen = [flow.initial]
    for key in seen:  # grows while iterating: a breadth-first walk
        seen += [target for target in flow.allowed(key, admin) if target not in seen]
    return seen


def statuses(con: Con) -> list[Problem]:
    """Every order's status exists and is reachable in the flow from the initial status."""
    known = {row[0] for row in con.execute("SELECT key FROM statuses").fetchall()}
    problems = []
    for r in query_rows(
        con, "integrity_unreachable_status", {"reachable": reachable_statuses(con)}
    ):
        status = r["status"]
        message = (
            f"Ordre {r['order_no']} har status «{status}», som ikke kan nås i statusflyten"
            " fra startstatusen."
            if status in known
            else f"Ordre {r['order_no']} har status «{status}», som ikke finnes."
        )
        problems.append(Problem("statuses", r["order_no"], message))
    return problems


def status_records(con: Con) -> list[Problem]:
    """Creation and each status change have exactly one history row and one activity row,
    the history is a chain ending in the order's status, and each row's previous_at (when
    the order entered the status it leaves; read by the analytics) is the previous row's
    changed_at."""
    name = "status_records"
    problems = [
        Problem(
            name,
            r["order_no"],
            f"Ordre {r['order_no']}: opprettelsen har {r['history_rows']} rad(er) i"
            f" statushistorikken og {r['activity_rows']} i aktivitetsloggen (skal være 1 og 1).",
        )
        for r in query_rows(con, "integrity_creation_records")
    ]
    problems += [
        Problem(
            name,
            r["order_no"],
            f"Ordre {r['order_no']}: statusendringen «{r['from_status']}» → «{r['to_status']}»"
            f" har {r['history_rows']} rad(er) i statushistorikken og {r['activity_rows']} i"
            " aktivitetsloggen (skal være like mange).",
        )
        for r in query_rows(con, "integrity_status_change_records")
    ]
    for r in query_rows(con, "integrity_status_chain"):
        if r["broken_chain"]:
            message = (
                f"Ordre {r['order_no']}: statushistorikken hopper fra «{r['previous_to']}» til"
                f" en endring som starter i «{r['from_status']}»."
            )
        else:
            message = (
                f"Ordre {r['order_no']} har status «{r['status']}», men statushistorikken ender"
                f" i «{r['to_status']}»."
            )
        problems.append(Problem(name, r["order_no"], message))
    problems += [
        Problem(
            name,
            r["order_no"],
            f"Ordre {r['order_no']}: statushistorikkrad {r['id']} sier at ordren kom i statusen"
            f" den forlater {_moment(r['previous_at'])}, men forrige rad er fra"
            f" {_moment(r['expected'])}.",
        )
        for r in query_rows(con, "integrity_status_previous_at")
    ]
    return problems


def _moment(value) -> str:
    return "ingen tid" if value is None else value.isoformat(sep=" ", timespec="seconds")


def totals(con: Con) -> list[Problem]:
    """Stored net, VAT and total equal a recomputation from the lines."""
    from axos_data.views.orders import totals_mismatches

    try:
        mismatches = totals_mismatches(con).to_dicts()
    except duckdb.Error as error:
        # Only stored values far beyond the bounds (see `bounds`) overflow the recomputation.
        first_line = str(error).splitlines()[0]
        return [Problem("totals", None, f"Summene kan ikke regnes om: {first_line}")]
    return [
        Problem(
            "totals",
            r["order_no"],
            f"Ordre {r['order_no']}: lagret total {r['stored_total']} (netto {r['stored_net']},"
            f" mva {r['stored_vat']}) stemmer ikke med linjene: {r['total']} (netto {r['net']},"
            f" mva {r['vat']})" + ("" if r["amounts_ok"] else "; minst én linjesum er feil") + ".",
        )
        for r in mismatches
    ]


_ORPHANS = {
    "line_without_order": "linje {record_id} peker på ordre {order_no}, som ikke finnes",
    "line_without_group": "linje {record_id} peker på gruppe {other_id}, som ikke finnes",
    "line_in_other_orders_group": (
        "linje {record_id} peker på gruppe {other_id}, som hører til en annen ordre"
    ),
    "group_without_order": "gruppe {record_id} peker på ordre {order_no}, som ikke finnes",
    "history_without_order": (
        "statushistorikk-rad {record_id} peker på ordre {order_no}, som ikke finnes"
    ),
    "activity_without_order": (
        "aktivitetslogg-rad {record_id} peker på ordre {order_no}, som ikke finnes"
    ),
}


def references(con: Con) -> list[Problem]:
    """No line points to a missing order or group; no group, history or activity row to a
    missing order."""
    return [
        Problem(
            "references",
            r["order_no"],
            f"Ordre {r['order_no']}: " + _ORPHANS[r["problem"]].format(**r) + ".",
        )
        for r in query_rows(con, "integrity_orphans")
    ]


_CONVERSIONS = {
    "quote_missing": "er konvertert fra tilbud {quote_id}, som ikke finnes",
    "quote_points_elsewhere": "er konvertert fra tilbud {quote_id}, men tilbudet peker ikke"
    " tilbake på ordren",
    "quote_not_converted": "er konvertert fra tilbud {quote_id}, men tilbudet har ikke status"
    " konvertert",
    "relation_count": "mangler relasjonen til eller fra tilbud {quote_id} (skal være én hver vei)",
    "order_missing": "finnes ikke med lenke til tilbud {quote_id}, som sier det ble denne ordren",
    "stray_relation": "har en konverteringsrelasjon til tilbud {quote_id} som ordren ikke har",
}


def conversions(con: Con) -> list[Problem]:
    """Each quote conversion is linked both ways: orders.quote_id ↔ quotes.order_no and one
    relations row in each direction."""
    return [
        Problem(
            "conversions",
            r["order_no"],
            f"Ordre {r['order_no']} " + _CONVERSIONS[r["problem"]].format(**r) + "."
            if r["order_no"] is not None
            else f"Tilbud {r['quote_id']} har status konvertert, men ingen ordre.",
        )
        for r in query_rows(con, "integrity_conversions")
    ]


def search_index(con: Con) -> list[Problem]:
    """The search words stored for each order are exactly the words of its texts."""
    problems = []
    sql = search.index_sql("integrity_search_index")
    for r in fetch_rows(con, sql, _ALL_ORDERS):
        parts = []
        if r["missing"]:
            parts.append(f"{r['missing']} ord mangler")
        if r["extra"]:
            parts.append(f"{r['extra']} ord er til overs")
        problems.append(
            Problem(
                "search_index",
                r["order_no"],
                f"Ordre {r['order_no']}: søkeindeksen er ikke oppdatert ({', '.join(parts)},"
                f" f.eks. «{r['example']}»). Kjør «axos reindex».",
            )
        )
    return problems


def bounds(con: Con) -> list[Problem]:
    """Stored amounts, texts and settings within the bounds (an older version allowed more)."""
    from axos_data.views.bounds import values_beyond_bounds

    return [
        Problem(
            "bounds",
            int(r["record"]) if r["table"] == "orders" else None,
            f"{r['table']} {r['record']} {r['column']}: {r['value']} er utenfor grensen.",
        )
        for r in values_beyond_bounds(con)
    ]


CHECKS: list[Check] = [
    Check("order_numbers", "Ordrenumre unike og fortløpende", order_numbers),
    Check("statuses", "Status finnes og kan nås i flyten", statuses),
    Check("status_records", "Statushistorikk og aktivitetslogg for hver endring", status_records),
    Check("totals", "Lagrede summer stemmer med linjene", totals),
    Check("references", "Linjer og grupper peker på det som finnes", references),
    Check("conversions", "Konverterte tilbud lenket begge veier", conversions),
    Check("search_index", "Søkeindeksen i takt med ordrene", search_index),
    Check("bounds", "Lagrede verdier innenfor grensene", bounds),
    Check("followup", "Oppgaver, påminnelser og varsler peker på det som finnes", followup),
    Check("file_blobs", "Filene på ordrene finnes i fillageret", file_blobs),
    Check("users", "Innlogginger og tilganger hører til ansatte; passord bare som hash", users),
    Check("payments", "Innbetalinger og purringer hører til ordrer som finnes", payments),
    Check("invoices", "Fakturanumre unike og i takt med fakturagrunnlagene", invoices),
]


def check(con: Con, names: Iterable[str] | None = None) -> list[Problem]:
    """Run the named checks (all of CHECKS when None) and return every problem found."""
    wanted = None if names is None else set(names)
    return [
        problem
        for item in CHECKS
        if wanted is None or item.name in wanted
        for problem in item.run(con)
    ]
