"""Pipeline analytics on a small database built through the library, where every number is
known by hand: three orders and three quotes with status changes at pinned moments
(AXOS_NOW, Norwegian winter time, so every stay is a whole number of days)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

import axos_data as ax
from axos_data.views import analytics as an

NOW = "2026-03-12T10:00"


@pytest.fixture(scope="module")
def built(seeded_template, tmp_path_factory):
    """The database, built once for the module (the tests only read it)."""
    template, cast = seeded_template
    path = tmp_path_factory.mktemp("analytics") / "book.duckdb"
    shutil.copyfile(template, path)
    con = ax.connect(path)
    with pytest.MonkeyPatch.context() as patch:
        numbers = _build(con, cast, patch)
    yield con, cast, numbers
    con.close()


@pytest.fixture
def con(built, monkeypatch):
    monkeypatch.setenv("AXOS_NOW", NOW)  # time_in_status counts ongoing stays until now
    return built[0]


@pytest.fixture
def seeded(built):
    return built[1]


@pytest.fixture
def book(built):
    return built[2]


def _build(con, seeded, monkeypatch) -> dict[str, int]:
    """Order A (quote → order, paid), B (back and forth, still Klar til fakturering) and C
    (project, cancelled); quote 2 and 3 never converted."""

    def at(moment: str) -> None:
        monkeypatch.setenv("AXOS_NOW", moment)

    def move(order_no: int, status: str, moment: str) -> None:
        at(moment)
        ax.change_status(con, seeded.admin, order_no, status)

    at("2026-01-02T09:00")
    quote = ax.create_quote(
        con,
        seeded.admin,
        customer_id=seeded.customer,
        title="Tilbud A",
        our_contact_id=seeded.user,
        lines=[{"product": "KONS-T", "quantity": 1}],
        status="accepted",
    )
    ax.create_quote(
        con, seeded.admin, customer_id=seeded.customer, title="Tilbud 2",
        our_contact_id=seeded.user, quote_date="2026-01-15", status="sent",
    )  # fmt: skip
    ax.create_quote(
        con, seeded.admin, customer_id=seeded.other_customer, title="Tilbud 3",
        our_contact_id=seeded.admin, quote_date="2026-02-10",
    )  # fmt: skip
    at("2026-01-05T10:00")
    a = ax.convert_quote(con, seeded.admin, quote)  # 1 250.00 + 25 % = 1 562.50
    move(a, "klar_til_fakturering", "2026-01-08T10:00")
    move(a, "fakturert", "2026-01-09T10:00")
    move(a, "betalt", "2026-01-19T10:00")
    at("2026-01-20T10:00")
    b = ax.create_order(
        con, seeded.admin, customer_id=seeded.other_customer, title="B",
        our_contact_id=seeded.admin,
    )  # fmt: skip
    ax.add_line(con, seeded.admin, b, product="BOK", quantity=2)  # 698.00, 0 %
    move(b, "klar_til_fakturering", "2026-01-22T10:00")
    move(b, "under_arbeid", "2026-01-23T10:00")
    move(b, "klar_til_fakturering", "2026-02-02T10:00")
    at("2026-02-03T10:00")
    c = ax.create_order(
        con, seeded.admin, customer_id=seeded.customer, title="C",
        our_contact_id=seeded.user, project_id=seeded.project,
    )  # fmt: skip
    ax.add_line(con, seeded.admin, c, product="KONS-T", quantity=2)  # 3 125.00
    move(c, "kansellert", "2026-03-02T10:00")
    return {"a": a, "b": b, "c": c}


ALL = an.AnalyticsFilter()


def rows(frame, *columns):
    return [tuple(r[c] for c in columns) for r in frame.iter_rows(named=True)]


def test_status_over_time_counts_and_values_per_period_and_status(con, book):
    frame = an.status_over_time(con, ALL, "month")
    assert list(frame.columns) == list(an.STATUS_OVER_TIME_SCHEMA)
    assert rows(frame, "period", "period_label", "status", "order_count", "total_value") == [
        (dt.date(2026, 1, 1), "jan. 2026", "klar_til_fakturering", 1, 698.0),
        (dt.date(2026, 1, 1), "jan. 2026", "betalt", 1, 1562.5),
        (dt.date(2026, 2, 1), "feb. 2026", "kansellert", 1, 3125.0),
    ]
    quarter = an.status_over_time(con, ALL, "quarter")
    assert set(quarter["period_label"]) == {"K1 2026"}
    assert quarter["order_count"].sum() == 3


def test_open_value_is_what_was_not_yet_invoiced_at_each_period_end(con, book):
    frame = an.open_value(con, ALL, "month")
    # End of January: A was invoiced on the 9th, B is open. End of February: B and C (C is
    # cancelled only on 2 March, after the last period of the order dates).
    assert rows(frame, "period", "period_end", "open_count", "open_value") == [
        (dt.date(2026, 1, 1), dt.date(2026, 1, 31), 1, 698.0),
        (dt.date(2026, 2, 1), dt.date(2026, 2, 28), 2, 3823.0),
    ]
    weeks = an.open_value(con, ALL, "week")
    assert weeks["period"][0] == dt.date(2026, 1, 5)  # A's order date, a Monday
    assert weeks["period_label"][0] == "Uke 2 2026"
    # Week of 5–11 January: A was created and invoiced within it.
    assert rows(weeks, "open_count", "open_value")[0] == (0, 0.0)
    assert weeks.height == 5  # weeks 2–6: 5 January to 3 February, none skipped


def test_funnel_counts_each_order_once_per_status_and_converts_from_the_step_before(con, book):
    frame = an.funnel(con, ALL)
    assert list(frame.columns) == list(an.FUNNEL_SCHEMA)
    assert rows(frame, "status", "reached", "reached_value", "previous_status", "conversion") == [
        ("under_arbeid", 3, 5385.5, None, None),
        ("klar_til_fakturering", 2, 2260.5, "under_arbeid", pytest.approx(2 / 3)),
        ("fakturert", 1, 1562.5, "klar_til_fakturering", 0.5),
        ("purret", 0, 0.0, "fakturert", 0.0),
        ("betalt", 1, 1562.5, "fakturert", 1.0),
        ("kansellert", 1, 3125.0, "under_arbeid", pytest.approx(1 / 3)),
    ]
    assert frame["share_of_first"].to_list()[:3] == [
        1.0,
        pytest.approx(2 / 3),
        pytest.approx(1 / 3),
    ]
    assert frame["previous_status_label"][4] == "Fakturert"


def test_time_in_status_counts_ongoing_stays_until_now(con, book):
    frame = an.time_in_status(con, ALL)
    assert list(frame.columns) == list(an.TIME_IN_STATUS_SCHEMA)
    got = rows(frame, "status", "stints", "ongoing", "median_days", "p90_days")
    # Under arbeid: A 3, B 2 and 10, C 27 days; Klar: A 1, B 1, B 38 (still there on 12 March).
    assert got == [
        ("under_arbeid", 4, 0, pytest.approx(6.5), pytest.approx(21.9)),
        ("klar_til_fakturering", 3, 1, pytest.approx(1.0), pytest.approx(30.6)),
        ("fakturert", 1, 0, pytest.approx(10.0), pytest.approx(10.0)),
        ("purret", 0, 0, None, None),
    ]


def test_time_in_status_trend_takes_finished_stays_by_the_period_they_ended(con, book):
    frame = an.time_in_status_trend(con, ALL, "month")
    assert rows(frame, "period", "status", "stints", "median_days") == [
        (dt.date(2026, 1, 1), "under_arbeid", 2, pytest.approx(2.5)),
        (dt.date(2026, 1, 1), "klar_til_fakturering", 2, pytest.approx(1.0)),
        (dt.date(2026, 1, 1), "fakturert", 1, pytest.approx(10.0)),
        (dt.date(2026, 2, 1), "under_arbeid", 1, pytest.approx(10.0)),
        (dt.date(2026, 3, 1), "under_arbeid", 1, pytest.approx(27.0)),
    ]


def test_quote_conversion_rate_and_lead_time(con, book):
    frame = an.quote_conversion(con, ALL, "month")
    assert rows(frame, "period", "quotes", "converted", "conversion_rate", "median_lead_days") == [
        (dt.date(2026, 1, 1), 2, 1, 0.5, 3.0),
        (dt.date(2026, 2, 1), 1, 0, 0.0, None),
    ]
    mine = an.quote_conversion(con, an.AnalyticsFilter(employee_id=2), "month")
    assert mine["quotes"].sum() == 2


def test_dso_is_days_from_invoiced_to_paid_per_period_paid(con, book):
    frame = an.dso(con, ALL, "month")
    assert rows(frame, "period", "paid_count", "median_days", "p90_days", "mean_days") == [
        (dt.date(2026, 1, 1), 1, pytest.approx(10.0), pytest.approx(10.0), pytest.approx(10.0))
    ]


def test_cohorts_month_by_current_status(con, book):
    frame = an.cohorts(con, ALL)
    assert rows(
        frame, "cohort_month", "cohort_label", "status", "order_count", "share_of_cohort"
    ) == [
        (dt.date(2026, 1, 1), "jan. 2026", "klar_til_fakturering", 1, 0.5),
        (dt.date(2026, 1, 1), "jan. 2026", "betalt", 1, 0.5),
        (dt.date(2026, 2, 1), "feb. 2026", "kansellert", 1, 1.0),
    ]


def test_value_by_keeps_the_top_n_and_sums_the_rest_into_andre(con, seeded, book):
    frame = an.value_by(con, ALL, "customer", top_n=1)
    assert list(frame.columns) == list(an.VALUE_BY_SCHEMA)
    assert rows(frame, "rank", "id", "name", "order_count", "total_value", "is_other") == [
        (1, seeded.customer, "Fjordtun Bygg AS", 2, 4687.5, False),
        (2, None, "Andre", 1, 698.0, True),
    ]
    assert frame["share"].sum() == pytest.approx(1.0)
    projects = an.value_by(con, ALL, "project", top_n=5)
    assert rows(projects, "id", "name", "total_value", "is_other") == [
        (seeded.project, "Nytt lager", 3125.0, False),
        (None, "Uten prosjekt", 2260.5, False),
    ]
    staff = an.value_by(con, ALL, "employee")
    assert rows(staff, "name", "order_count") == [("Ola Hansen", 2), ("Kari Nordmann", 1)]


def test_orders_behind_a_selection(con, seeded, book):
    frame = an.orders_behind(con, ALL, period="2026-01-31", grain="month")
    assert list(frame.columns) == list(an.ORDERS_BEHIND_SCHEMA)
    assert frame["order_no"].to_list() == [book["b"], book["a"]]  # newest order date first
    assert str(frame["total"][1]) == "1562.50"
    assert an.orders_behind(con, ALL, status="kansellert")["order_no"].to_list() == [book["c"]]
    other = an.orders_behind(con, ALL, customer_id=seeded.other_customer)
    assert other["order_no"].to_list() == [book["b"]]
    assert other["status_label"].to_list() == ["Klar til fakturering"]
    assert an.orders_behind(con, ALL, limit=1).height == 1
    # A selection on top of a filter narrows further; a conflicting one leaves nothing.
    mine = an.AnalyticsFilter(employee_id=seeded.user)
    assert an.orders_behind(con, mine, project_id=seeded.project)["order_no"].to_list() == [
        book["c"]
    ]
    assert an.orders_behind(con, mine, employee_id=seeded.admin).height == 0


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        ({"employee_id": 2}, {"a", "c"}),
        ({"customer_id": 4}, {"a", "c"}),
        ({"project_id": 1}, {"c"}),
        ({"status_category": "closed"}, {"a", "c"}),
        ({"status_category": "invoicing"}, {"b"}),
        ({"date_from": "2026-01-20", "date_to": "03.02.2026"}, {"b", "c"}),
        ({"date_to": "2026-01-19"}, {"a"}),
    ],
)
def test_filters_narrow_every_function(con, seeded, book, flt, expected):
    ids = {"employee_id": seeded.user, "customer_id": seeded.customer, "project_id": seeded.project}
    flt = {k: ids.get(k, v) if k in ids else v for k, v in flt.items()}
    narrowed = an.AnalyticsFilter(**flt)
    numbers = {book[k] for k in expected}
    behind = an.orders_behind(con, narrowed)
    assert set(behind["order_no"]) == numbers
    total = float(sum(behind["total"]))
    assert an.status_over_time(con, narrowed)["order_count"].sum() == len(numbers)
    assert an.cohorts(con, narrowed)["total_value"].sum() == pytest.approx(total)
    assert an.funnel(con, narrowed)["reached"][0] == len(numbers)
    assert an.value_by(con, narrowed, "customer")["total_value"].sum() == pytest.approx(total)
    stays = an.time_in_status(con, narrowed).filter(status="under_arbeid")["stints"][0]
    assert stays == len(numbers) + ("b" in expected)  # B was under work twice
    assert an.dso(con, narrowed)["paid_count"].sum() == ("a" in expected)


@pytest.mark.parametrize(
    ("call", "error", "fragment"),
    [
        (lambda: an.AnalyticsFilter(date_from="2026-02-01", date_to="2026-01-01"),
         ax.InvalidDate, "01.02.2026"),
        (lambda: an.AnalyticsFilter(date_from="2026-13-01"), ax.InvalidDate, "2026-13-01"),
        (lambda: an.AnalyticsFilter(status_category="åpen"), ax.InvalidChoice, "«åpen»"),
        (lambda: an.AnalyticsFilter(employee_id="Kari"), ax.InvalidChoice, "«Kari»"),
        (lambda: an.AnalyticsFilter(customer_id=-3), ax.InvalidChoice, "«-3»"),
        (lambda: an.status_over_time(None, ALL, "year"), ax.InvalidChoice, "«year»"),
        (lambda: an.value_by(None, ALL, "region"), ax.InvalidChoice, "«region»"),
        (lambda: an.value_by(None, ALL, "customer", top_n=0), ax.InvalidChoice, "«0»"),
        (lambda: an.orders_behind(None, ALL, period="2026-01-01"), ax.InvalidChoice, "periode"),
        (lambda: an.orders_behind(None, ALL, limit=10**6), ax.InvalidChoice, "«1000000»"),
    ],
)  # fmt: skip
def test_bad_filters_are_refused_in_norwegian(call, error, fragment):
    with pytest.raises(error) as caught:
        call()
    assert fragment in str(caught.value)


def test_registry_names_every_function_with_its_columns(con, book):
    assert set(an.ANALYTICS) == {
        "status_over_time", "open_value", "funnel", "time_in_status", "time_in_status_trend",
        "quote_conversion", "value_by", "cohorts", "dso", "orders_behind",
    }  # fmt: skip
    for key, analysis in an.ANALYTICS.items():
        options = {"dimension": "project"} if key == "value_by" else {}
        frame = analysis.run(con, ALL, **options)
        assert dict(zip(frame.columns, map(str, frame.dtypes), strict=True)) == {
            name: str(an.rows_frame([], {name: kind}).dtypes[0])
            for name, kind in analysis.schema.items()
        }, key
        assert analysis.title
