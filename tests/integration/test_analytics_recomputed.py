"""Pipeline analytics on a demo database, checked against an independent recomputation in
polars from the raw tables (the status history replayed order by order), for all orders and
for a filter. A few orders are sent back and forth first, so the winding path is read too."""

from __future__ import annotations

import datetime as dt
import shutil
from zoneinfo import ZoneInfo

import polars as pl
import pytest

import axos_data as ax
from axos_data.demo import load_demo
from axos_data.views import analytics as an

END = dt.date(2026, 6, 30)
NOW = "2026-07-20T12:00"
OSLO = "Europe/Oslo"
OPEN = ("open", "invoicing")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("analytics-demo") / "demo.duckdb"
    db = ax.connect(path)
    load_demo(db, 600, seed=11, end=END, progress=False)
    admin = db.execute("SELECT min(id) FROM employees WHERE role = 'admin'").fetchall()[0][0]
    ready = [
        r[0]
        for r in db.execute(
            "SELECT order_no FROM orders WHERE status = 'klar_til_fakturering' ORDER BY 1 LIMIT 3"
        ).fetchall()
    ]
    with pytest.MonkeyPatch.context() as patch:
        for day, order_no in enumerate(ready, start=1):
            patch.setenv("AXOS_NOW", f"2026-07-0{day}T09:30")
            ax.change_status(db, admin, order_no, "under_arbeid")
            patch.setenv("AXOS_NOW", f"2026-07-0{day + 4}T15:00")
            ax.change_status(db, admin, order_no, "klar_til_fakturering")
    yield db
    db.close()
    shutil.rmtree(path.parent, ignore_errors=True)


@pytest.fixture
def db(demo, monkeypatch):
    monkeypatch.setenv("AXOS_NOW", NOW)
    return demo


def busiest_employee(db) -> int:
    return db.execute(
        "SELECT our_contact_id FROM orders GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    ).fetchall()[0][0]


@pytest.fixture(params=["all", "filtered"])
def flt(request, db):
    if request.param == "all":
        return an.AnalyticsFilter()
    return an.AnalyticsFilter(
        employee_id=busiest_employee(db), date_from="2025-07-01", date_to="2026-06-30"
    )


def table(db, name: str) -> pl.DataFrame:
    return pl.DataFrame(db.sql(f"SELECT * FROM {name}"))


def chosen_orders(db, flt: an.AnalyticsFilter) -> pl.DataFrame:
    orders = table(db, "orders").with_columns(pl.col("total").cast(pl.Float64))
    if flt.employee_id is not None:
        orders = orders.filter(pl.col("our_contact_id") == flt.employee_id)
    if flt.date_from is not None:
        orders = orders.filter(pl.col("order_date").is_between(flt.date_from, flt.date_to))
    return orders


def history(db, orders: pl.DataFrame) -> pl.DataFrame:
    """The history of the orders, each row with the moment the order left that status."""
    return (
        table(db, "order_status_history")
        .join(orders.select("order_no"), on="order_no", how="semi")
        .sort("order_no", "id")
        .with_columns(pl.col("changed_at").dt.convert_time_zone("UTC"))
        .with_columns(left_at=pl.col("changed_at").shift(-1).over("order_no"))
    )


def oslo_period(column: str, every: str = "1mo") -> pl.Expr:
    return pl.col(column).dt.convert_time_zone(OSLO).dt.date().dt.truncate(every)


def days(end: pl.Expr, start: pl.Expr) -> pl.Expr:
    return (end - start).dt.total_microseconds() / 86_400e6


def by_key(frame: pl.DataFrame, keys: list[str], values: list[str]) -> dict:
    return {tuple(r[k] for k in keys): tuple(r[v] for v in values) for r in frame.to_dicts()}


def close(expected: dict, got: dict) -> None:
    assert got.keys() == expected.keys()
    for key, values in expected.items():
        assert got[key] == pytest.approx(values, rel=1e-9, abs=1e-6), key


def test_status_over_time_and_cohorts(db, flt):
    orders = chosen_orders(db, flt).with_columns(period=pl.col("order_date").dt.truncate("1mo"))
    expected = orders.group_by("period", "status").agg(n=pl.len(), value=pl.col("total").sum())
    expected = by_key(expected, ["period", "status"], ["n", "value"])
    got = by_key(an.status_over_time(db, flt), ["period", "status"], ["order_count", "total_value"])
    close(expected, got)
    cohorts = by_key(
        an.cohorts(db, flt), ["cohort_month", "status"], ["order_count", "total_value"]
    )
    close(expected, cohorts)


def test_open_value_replays_each_orders_status_at_each_period_end(db, flt):
    orders = chosen_orders(db, flt)
    statuses = table(db, "statuses")
    hist = history(db, orders).join(
        statuses.select(to_status="key", category="category"), on="to_status"
    )
    got = an.open_value(db, flt, "month")
    for period_end, count, value in got.select("period_end", "open_count", "open_value").rows():
        # the end of the period's last day in Norway
        moment = dt.datetime.combine(
            period_end + dt.timedelta(days=1), dt.time(), ZoneInfo(OSLO)
        ).astimezone(dt.UTC)
        state = (
            hist.filter(pl.col("changed_at") < moment)
            .group_by("order_no")
            .agg(pl.col("category").sort_by("id").last())
            .filter(pl.col("category").is_in(OPEN))
            .join(orders.select("order_no", "total"), on="order_no")
        )
        assert count == state.height, period_end
        assert value == pytest.approx(state["total"].sum(), abs=1e-6), period_end
    first = orders["order_date"].min().replace(day=1)
    last = orders["order_date"].max().replace(day=1)
    assert got["period"][0] == first and got["period"][-1] == last
    assert got.height == (last.year - first.year) * 12 + last.month - first.month + 1


def test_funnel_counts_orders_that_entered_each_status(db, flt):
    orders = chosen_orders(db, flt)
    entered = (
        history(db, orders)
        .select("order_no", "to_status")
        .unique()
        .join(orders.select("order_no", "total"), on="order_no")
        .group_by("to_status")
        .agg(n=pl.len(), value=pl.col("total").sum())
    )
    expected = by_key(entered, ["to_status"], ["n", "value"])
    frame = an.funnel(db, flt)
    got = by_key(frame.filter(pl.col("reached") > 0), ["status"], ["reached", "reached_value"])
    close(expected, got)
    first = frame["reached"][0]
    assert first == orders.height
    for row in frame.iter_rows(named=True):
        if row["previous_status"]:
            before = frame.filter(status=row["previous_status"])["reached"][0]
            assert row["conversion"] == pytest.approx(row["reached"] / before)


def test_time_in_status_and_trend(db, flt):
    orders = chosen_orders(db, flt)
    now = ax.clock.now()
    final = table(db, "statuses").filter("is_final")["key"].to_list()
    stints = (
        history(db, orders)
        .filter(~pl.col("to_status").is_in(final))
        .with_columns(
            ongoing=pl.col("left_at").is_null(),
            days=days(pl.col("left_at").fill_null(now), pl.col("changed_at")),
        )
    )
    expected = stints.group_by("to_status").agg(
        n=pl.len(),
        ongoing=pl.col("ongoing").sum(),
        median=pl.col("days").median(),
        p90=pl.col("days").quantile(0.9, interpolation="linear"),
    )
    got = an.time_in_status(db, flt).filter(pl.col("stints") > 0)
    close(
        by_key(expected, ["to_status"], ["n", "ongoing", "median", "p90"]),
        by_key(got, ["status"], ["stints", "ongoing", "median_days", "p90_days"]),
    )
    finished = (
        stints.filter(~pl.col("ongoing"))
        .with_columns(period=oslo_period("left_at"))
        .group_by("period", "to_status")
        .agg(n=pl.len(), median=pl.col("days").median())
    )
    close(
        by_key(finished, ["period", "to_status"], ["n", "median"]),
        by_key(an.time_in_status_trend(db, flt), ["period", "status"], ["stints", "median_days"]),
    )


def test_dso_from_first_invoiced_to_first_paid(db, flt):
    orders = chosen_orders(db, flt)
    hist = history(db, orders)
    marks = (
        hist.group_by("order_no")
        .agg(
            invoiced=pl.col("changed_at").filter(pl.col("to_status") == "fakturert").min(),
            paid=pl.col("changed_at").filter(pl.col("to_status") == "betalt").min(),
        )
        .filter(pl.col("paid") >= pl.col("invoiced"))
        .with_columns(period=oslo_period("paid"), days=days(pl.col("paid"), pl.col("invoiced")))
        .group_by("period")
        .agg(n=pl.len(), median=pl.col("days").median(), mean=pl.col("days").mean())
    )
    got = an.dso(db, flt, "month")
    assert got.height > 0
    close(
        by_key(marks, ["period"], ["n", "median", "mean"]),
        by_key(got, ["period"], ["paid_count", "median_days", "mean_days"]),
    )


def test_quote_conversion(db, flt):
    quotes = table(db, "quotes")
    if flt.employee_id is not None:
        quotes = quotes.filter(pl.col("our_contact_id") == flt.employee_id)
        quotes = quotes.filter(pl.col("quote_date").is_between(flt.date_from, flt.date_to))
    orders = table(db, "orders").select(order_no="order_no", order_date="order_date")
    joined = quotes.join(orders, on="order_no", how="left").with_columns(
        lead=(pl.col("order_date") - pl.col("quote_date")).dt.total_days(),
        period=pl.col("quote_date").dt.truncate("1mo"),
    )
    expected = joined.group_by("period").agg(
        n=pl.len(), converted=pl.col("order_date").is_not_null().sum()
    )
    got = an.quote_conversion(db, flt, "month")
    close(
        by_key(expected, ["period"], ["n", "converted"]),
        by_key(got, ["period"], ["quotes", "converted"]),
    )
    lead = joined["lead"].drop_nulls()
    assert got["converted"].sum() == lead.len() > 0


@pytest.mark.parametrize("dimension", ["customer", "employee", "project"])
def test_value_by_top_n_and_andre_add_up_to_the_whole(db, flt, dimension):
    orders = chosen_orders(db, flt)
    column = {"customer": "customer_id", "employee": "our_contact_id", "project": "project_id"}
    per = (
        orders.group_by(column[dimension])
        .agg(n=pl.len(), value=pl.col("total").sum())
        .sort("value", descending=True)
    )
    frame = an.value_by(db, flt, dimension, top_n=3)
    top = frame.filter(~pl.col("is_other"))
    assert top["total_value"].to_list() == pytest.approx(per["value"].head(3).to_list())
    assert top["id"].to_list() == per[column[dimension]].head(3).to_list()
    others = frame.filter("is_other")
    if per.height > 3:
        assert others["name"].to_list() == ["Andre"] and others["rank"].to_list() == [4]
        assert others["total_value"][0] == pytest.approx(per["value"].tail(-3).sum())
        assert others["order_count"][0] == per["n"].tail(-3).sum()
    else:
        assert others.height == 0
    assert frame["total_value"].sum() == pytest.approx(orders["total"].sum())
    assert frame["order_count"].sum() == orders.height


def test_orders_behind_match_the_chart_cells(db, flt):
    cells = an.status_over_time(db, flt, "quarter")
    for cell in cells.head(4).iter_rows(named=True):
        behind = an.orders_behind(
            db, flt, period=cell["period"], grain="quarter", status=cell["status"], limit=10_000
        )
        assert behind.height == cell["order_count"]
        assert float(behind["total"].sum()) == pytest.approx(cell["total_value"])


def test_the_shared_database_keeps_every_invariant(demo):
    """The tests share one database (they only read it), so the per-test invariant check of
    tests/integration/conftest.py runs here once instead."""
    db = demo[0] if isinstance(demo, tuple) else demo
    assert [p.as_dict() for p in ax.views.check(db)] == []
