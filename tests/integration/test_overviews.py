"""Overviews per customer, contact, employee and project, from stored totals."""

import dataclasses
import datetime as dt
from decimal import Decimal as D

import polars as pl
import pytest

import axos_data as ax


@pytest.fixture
def orders(con, seeded):
    def order(customer, our, date, lines, path=(), contact=None, project=None):
        number = ax.create_order(
            con,
            seeded.admin,
            customer_id=customer,
            title="O",
            our_contact_id=our,
            order_date=date,
            contact_id=contact,
            project_id=project,
        )
        for product, quantity in lines:
            ax.add_line(con, seeded.admin, number, product=product, quantity=quantity)
        for status in path:
            ax.change_status(con, seeded.admin, number, status)
        return number

    return [
        order(
            seeded.customer,
            seeded.user,
            "2026-01-10",
            [("KONS-T", 1)],
            contact=seeded.contact,
            project=seeded.project,
        ),
        order(
            seeded.customer,
            seeded.user,
            "2026-01-20",
            [("BOK", 1)],
            ["klar_til_fakturering"],
            project=seeded.project,
        ),
        order(
            seeded.customer,
            seeded.admin,
            "2026-02-01",
            [("KONS-T", 2)],
            ["klar_til_fakturering", "fakturert"],
            contact=seeded.contact,
        ),
        order(
            seeded.customer,
            seeded.user,
            "2026-03-01",
            [("KONS-T", 4)],
            ["klar_til_fakturering", "fakturert", "betalt"],
        ),
        order(
            seeded.other_customer,
            seeded.user,
            "2026-03-02",
            [("MAT-KG", 1)],
            contact=seeded.other_contact,
        ),
    ]


def test_customer_overview(con, seeded, orders):
    view = ax.views.overview(con, "customer", seeded.customer, recent=2)
    assert view.record["name"] == "Fjordtun Bygg AS"
    s = view.summary
    assert s["order_count"] == 4
    assert s["total_sum"] == D("1562.50") + D("349.00") + D("3125.00") + D("6250.00")
    assert s["open_value"] == D("1562.50") + D("349.00")
    assert s["outstanding"] == D("3125.00")
    assert (s["first_order_date"], s["last_order_date"]) == (
        dt.date(2026, 1, 10),
        dt.date(2026, 3, 1),
    )
    by_status = {
        row["status"]: (row["order_count"], row["total_sum"]) for row in view.by_status.to_dicts()
    }
    assert by_status == {
        "under_arbeid": (1, D("1562.50")),
        "klar_til_fakturering": (1, D("349.00")),
        "fakturert": (1, D("3125.00")),
        "purret": (0, D("0.00")),
        "betalt": (1, D("6250.00")),
        "kansellert": (0, D("0.00")),
    }
    assert view.recent["order_no"].to_list() == [orders[3], orders[2]]
    months = view.over_time.group_by("month").agg(pl.col("total_sum").sum()).sort("month")
    assert months.rows() == [
        (dt.date(2026, 1, 1), D("1911.50")),
        (dt.date(2026, 2, 1), D("3125.00")),
        (dt.date(2026, 3, 1), D("6250.00")),
    ]


def test_contact_employee_and_project_overviews(con, seeded, orders):
    contact = ax.views.overview(con, "contact", seeded.contact)
    assert contact.summary["order_count"] == 2
    assert contact.summary["total_sum"] == D("1562.50") + D("3125.00")
    employee = ax.views.overview(con, "employee", seeded.admin)
    assert (employee.summary["order_count"], employee.summary["total_sum"]) == (1, D("3125.00"))
    assert employee.record["name"] == "Kari Nordmann"
    project = ax.views.overview(con, "project", seeded.project)
    assert (project.summary["order_count"], project.summary["open_value"]) == (2, D("1911.50"))
    assert project.record["customer_name"] == "Fjordtun Bygg AS"


def test_overview_of_a_record_without_orders(con, seeded):
    view = ax.views.overview(con, "customer", seeded.other_customer)
    assert (view.summary["order_count"], view.summary["total_sum"]) == (0, D("0.00"))
    assert view.recent.height == 0


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("customer", ax.UnknownCompany),
        ("contact", ax.UnknownContact),
        ("employee", ax.UnknownEmployee),
        ("project", ax.UnknownProject),
    ],
)
def test_overview_of_unknown_records(con, seeded, kind, error):
    with pytest.raises(error) as caught:
        ax.views.overview(con, kind, 777)
    assert "777" in str(caught.value)


def test_unknown_overview_kind(con, seeded):
    with pytest.raises(ax.InvalidChoice) as caught:
        ax.views.overview(con, "region", 1)
    assert "region" in str(caught.value)


@pytest.mark.parametrize("kind", sorted(ax.views.OVERVIEW_KINDS))
def test_both_query_shapes_give_the_same_overview(con, seeded, orders, kind, monkeypatch):
    # Employees use overview_parts_scan, the others overview_parts (queries/overviews.sql):
    # only the speed may differ.
    keys = {
        "customer": seeded.customer,
        "contact": seeded.contact,
        "employee": seeded.user,
        "project": seeded.project,
    }

    def seen(parts_query: str) -> tuple:
        spec = dataclasses.replace(ax.views.OVERVIEW_KINDS[kind], parts_query=parts_query)
        monkeypatch.setitem(ax.views.OVERVIEW_KINDS, kind, spec)
        view = ax.views.overview(con, kind, keys[kind], recent=2)
        frames = (view.by_status, view.recent, view.over_time)
        return (view.summary, *(frame.to_dicts() for frame in frames))

    materialized, scanned = seen("overview_parts"), seen("overview_parts_scan")
    assert materialized == scanned
    assert materialized[0]["order_count"] > 0
