"""«Analyse» without a database: what a click in a chart picks, how a pick narrows the other
charts and the table, the charts drawn from frames shaped like views.analytics returns them,
and the downloads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json

import polars as pl
import pytest

from axos_data.app import analytics_breakdown_charts as breakdown_charts
from axos_data.app import analytics_chart_cards as cards
from axos_data.app import analytics_chart_data as chart_data
from axos_data.app import analytics_filters as page_filters
from axos_data.app import analytics_period_charts as period_charts
from axos_data.app import analytics_picks as picks
from axos_data.app import analytics_vega as vega
from axos_data.app.analytics_picks import Pick
from axos_data.views.analytics import AnalyticsFilter

FLT = AnalyticsFilter(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31))
STATUSES = [
    ("under_arbeid", "Under arbeid", "open", 1),
    ("fakturert", "Fakturert", "invoiced", 3),
    ("betalt", "Betalt", "closed", 5),
]


def _over_time() -> pl.DataFrame:
    rows = []
    for month, factor in ((1, 1), (2, 2)):
        for key, label, category, position in STATUSES:
            rows.append(
                {
                    "period": dt.date(2025, month, 1),
                    "period_label": f"m{month}",
                    "status": key,
                    "status_label": label,
                    "status_category": category,
                    "status_position": position,
                    "order_count": position,
                    "total_value": 1000.0 * position * factor,
                }
            )
    return pl.DataFrame(rows)


def _open_value() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "period": [dt.date(2025, 1, 1), dt.date(2025, 2, 1)],
            "period_end": [dt.date(2025, 1, 31), dt.date(2025, 2, 28)],
            "period_label": ["jan. 2025", "feb. 2025"],
            "open_count": [2, 3],
            "open_value": [500.0, 700.0],
        }
    )


def _value_by() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "rank": [1, 2, 3],
            "id": [7, 9, None],
            "name": ["Fjord AS", "Fjord AS", "Andre"],
            "order_count": [4, 2, 10],
            "total_value": [9000.0, 4000.0, 2000.0],
            "share": [0.6, 0.27, 0.13],
            "is_other": [False, False, True],
        },
        schema_overrides={"id": pl.Int64},
    )


# --- what a click picks --------------------------------------------------------------------


def test_a_click_hands_back_the_fields_of_the_clicked_mark():
    selection = {
        "pick": {
            "period_key": ["2025-02-01"],
            "status": ["fakturert"],
            "vlPoint": {"or": [{"period_key": "2025-02-01", "status": "fakturert"}]},
        }
    }
    assert picks.values_from_selection("status_over_time", selection) == {
        "period": dt.date(2025, 2, 1),
        "status": "fakturert",
    }
    # Only the point form (vlPoint) is there; ids come back as JSON numbers.
    only_point = {"pick": {"vlPoint": {"or": [{"record_id": 12.0}]}}}
    assert picks.values_from_selection("value_customer", only_point) == {"customer_id": 12}
    assert picks.values_from_selection("value_project", {"pick": {"record_id": [None]}}) == {
        "project_id": None
    }
    assert picks.values_from_selection("funnel", {}) == {"status": None}
    # A time axis can hand back epoch milliseconds.
    millis = dt.datetime(2025, 3, 1, tzinfo=dt.UTC).timestamp() * 1000
    assert picks.values_from_selection("cohorts", {"pick": {"period_key": [millis]}}) == {
        "period": dt.date(2025, 3, 1),
        "status": None,
    }


def test_a_click_picks_and_a_second_click_on_the_same_mark_takes_it_away():
    pick = Pick(basis=FLT)
    one = pick.clicked(
        "status_over_time", {"period": dt.date(2025, 2, 1), "status": "betalt"}, "month"
    )
    assert (one.period, one.period_grain, one.status) == (dt.date(2025, 2, 1), "month", "betalt")
    # Another chart adds its own field and keeps the rest.
    two = one.clicked("value_customer", {"customer_id": 7}, "month")
    assert (two.customer_id, two.status, two.period) == (7, "betalt", dt.date(2025, 2, 1))
    # The funnel picks a status and replaces the status picked before.
    three = two.clicked("funnel", {"status": "fakturert"}, "month")
    assert three.status == "fakturert" and three.period == dt.date(2025, 2, 1)
    # Same mark again: off; a click beside the marks or on «Andre»: no change.
    assert three.clicked("funnel", {"status": "fakturert"}, "month").status is None
    assert three.clicked("value_customer", {"customer_id": None}, "month") == three
    # Cohorts are months whatever the page's period length is.
    cohort = pick.clicked("cohorts", {"period": dt.date(2025, 3, 1), "status": None}, "week")
    assert cohort.period_grain == "month" and cohort.status is None
    assert not cohort.is_empty and pick.is_empty
    assert cohort.without("period") == pick


def test_a_pick_belongs_to_the_filter_it_was_made_under():
    pick = Pick(status="betalt", basis=FLT)
    assert pick.under(FLT) is pick
    other = AnalyticsFilter(date_from=dt.date(2024, 1, 1))
    assert pick.under(other) == Pick(basis=other)


def test_a_pick_narrows_the_other_charts_but_not_its_own():
    pick = Pick(period=dt.date(2025, 3, 15), period_grain="month", customer_id=7, basis=FLT)
    funnel = picks.narrowed(FLT, pick, "funnel")
    assert (funnel.date_from, funnel.date_to, funnel.customer_id) == (
        dt.date(2025, 3, 1),
        dt.date(2025, 3, 31),
        7,
    )
    # The customer chart marks its pick instead of showing only that customer.
    assert picks.narrowed(FLT, pick, "value_customer").customer_id is None
    # Time series keep every period (the picked one is marked).
    over_time = picks.narrowed(FLT, pick, "status_over_time")
    assert (over_time.date_from, over_time.date_to, over_time.customer_id) == (
        FLT.date_from,
        FLT.date_to,
        7,
    )
    # A period reaching past the page's dates is cut to them.
    tight = AnalyticsFilter(date_from=dt.date(2025, 3, 10), date_to=dt.date(2025, 3, 20))
    cut = picks.narrowed(tight, dataclasses.replace(pick, basis=tight), "funnel")
    assert (cut.date_from, cut.date_to) == (dt.date(2025, 3, 10), dt.date(2025, 3, 20))
    # A status has no place in the filter: it narrows the table only.
    assert picks.narrowed(FLT, Pick(status="betalt"), "funnel") == FLT


def test_the_table_gets_the_whole_pick():
    pick = Pick(
        period=dt.date(2025, 2, 1),
        period_grain="month",
        status="betalt",
        employee_id=3,
        basis=FLT,
    )
    assert pick.behind() == {
        "period": dt.date(2025, 2, 1),
        "grain": "month",
        "status": "betalt",
        "customer_id": None,
        "employee_id": 3,
        "project_id": None,
    }


def test_the_picked_marks_are_drawn_strong():
    pick = Pick(period=dt.date(2025, 2, 1), period_grain="month", status="betalt", project_id=4)
    assert picks.marked(pick, "status_over_time", "month") == {
        "period_key": "2025-02-01",
        "status": "betalt",
    }
    # Weeks on the page: the month picked in the cohorts is not a bar of the status chart.
    assert picks.marked(pick, "status_over_time", "week") == {"status": "betalt"}
    assert picks.marked(pick, "cohorts", "week")["period_key"] == "2025-02-01"
    assert picks.marked(pick, "value_project", "month") == {"record_id": 4}
    assert picks.marked(pick, "value_customer", "month") == {}
    assert picks.marked(Pick(), "funnel", "month") == {}


def test_filters_are_read_like_the_order_list_and_a_bad_date_is_the_error():
    values = {
        "date_from": " 01.02.2025 ",
        "date_to": "",
        "employee": 3,
        "category": "open",
        "grain": "quarter",
        "top_n": "5",
    }
    filters = page_filters.read_filters(values, customer_id=7, project_id=None)
    assert filters.error is None
    assert filters.flt == AnalyticsFilter(
        date_from=dt.date(2025, 2, 1), employee_id=3, customer_id=7, status_category="open"
    )
    assert (filters.grain, filters.top_n) == ("quarter", 5)
    assert filters.url_values() == {
        "from": "01.02.2025",
        "to": None,
        "our": "3",
        "customer": "7",
        "project": None,
        "cat": "open",
        "grain": "quarter",
        "top": "5",
    }
    bad = page_filters.read_filters({**values, "date_to": "31.02.2025"}, None, None)
    assert bad.flt is None and "31.02.2025" in str(bad.error)


def test_a_chart_is_read_again_only_when_its_filter_changes():
    reads = []
    memo = chart_data.Memo()
    filters = page_filters.read_filters({"grain": "month"}, None, None)

    def read():
        reads.append(1)
        return _over_time()

    narrowed_by_customer = picks.narrowed(filters.flt, Pick(customer_id=7), "funnel")
    for key in [("funnel", filters.flt), ("funnel", filters.flt), ("funnel", narrowed_by_customer)]:
        memo.get(filters, key, read)
    assert len(reads) == 2
    # Another page filter (here: weeks) reads everything anew.
    weekly = page_filters.read_filters({"grain": "week"}, None, None)
    memo.get(weekly, ("funnel", filters.flt), read)
    assert len(reads) == 3


# --- the charts ----------------------------------------------------------------------------


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _flat_layers(spec: dict) -> list[dict]:
    out = []
    for layer in _layers(spec):
        out.extend(_flat_layers(layer) if "layer" in layer else [layer])
    return out


def _pick_fields(spec: dict) -> list[str]:
    """The fields of the chart's one click selection (altair lifts a layer's params up)."""
    params = spec.get("params") or [
        p for layer in _flat_layers(spec) for p in layer.get("params", [])
    ]
    (pick,) = [p for p in params if p["name"] == vega.PICK]
    assert pick["select"]["on"] == "click"
    return pick["select"]["fields"]


def _data(spec: dict, layer: dict) -> list[dict]:
    """The rows a layer draws (altair lifts data shared by all layers to the top)."""
    return spec["datasets"][(layer.get("data") or spec["data"])["name"]]


def test_every_chart_is_norwegian_svg_without_the_actions_menu():
    built = [
        period_charts.status_over_time(_over_time(), _open_value(), "month", {}),
        breakdown_charts.value_by(_value_by(), "customer", {}),
        vega.empty(),
    ]
    for chart in built:
        spec = chart.to_dict()
        embed = spec["usermeta"]["embedOptions"]
        assert embed["actions"] is False
        assert embed["renderer"] == "svg"
        assert embed["formatLocale"]["decimal"] == ","
        assert embed["timeFormatLocale"]["months"][2] == "mars"
        assert spec["config"]["axis"]["aria"] is False


def test_status_over_time_stacks_value_by_status_with_the_open_value_line():
    spec = period_charts.status_over_time(_over_time(), _open_value(), "month", {}).to_dict()
    bars, line = _flat_layers(spec)
    assert bars["mark"]["type"] == "bar" and line["mark"]["type"] == "line"
    assert _pick_fields(spec) == ["period_key", "status"]
    rows = _data(spec, bars)
    # Stacked in flow order: each period's top is its total (kr → tusen kr on the axis).
    tops = {}
    for row in rows:
        tops[row["period_key"]] = max(tops.get(row["period_key"], 0), row["top"])
    assert tops == {"2025-01-01": 9.0, "2025-02-01": 18.0}
    first = sorted((r for r in rows if r["period_key"] == "2025-01-01"), key=lambda r: r["base"])
    assert [r["status"] for r in first] == ["under_arbeid", "fakturert", "betalt"]
    assert bars["encoding"]["y"]["axis"]["title"] == "Ordreverdi (tusen kr)"
    titles = [t["title"] for t in bars["encoding"]["tooltip"]]
    assert titles == ["Måned", "Status", "Ordrer", "Verdi (kr)"]
    assert [r["value"] for r in _data(spec, line)] == pytest.approx([0.5, 0.7])


def test_a_pick_fades_the_other_marks():
    picked = {"period_key": "2025-02-01", "status": "betalt"}
    spec = period_charts.status_over_time(_over_time(), _open_value(), "month", picked).to_dict()
    opacity = _flat_layers(spec)[0]["encoding"]["opacity"]
    assert opacity["condition"]["test"] == (
        'datum["period_key"] === "2025-02-01" && datum["status"] === "betalt"'
    )
    assert opacity["value"] == vega.FADED
    plain = period_charts.status_over_time(_over_time(), _open_value(), "month", {}).to_dict()
    assert _flat_layers(plain)[0]["encoding"]["opacity"] == {"value": 1.0}


def test_value_by_keeps_others_unclickable_and_names_unique():
    spec = breakdown_charts.value_by(_value_by(), "customer", {"record_id": 9}).to_dict()
    rows = _data(spec, spec)
    assert [r["label"] for r in rows] == ["Fjord AS (#7)", "Fjord AS (#9)", "Andre"]
    assert [r["record_id"] for r in rows] == [7, 9, None]
    assert _pick_fields(spec) == ["record_id"]
    assert spec["encoding"]["x"]["title"] == "Ordreverdi (kr)"


def test_funnel_tells_the_conversion_from_the_step_before():
    frame = pl.DataFrame(
        {
            "status": ["under_arbeid", "betalt", "purret"],
            "status_label": ["Under arbeid", "Betalt", "Purret"],
            "status_category": ["open", "closed", "invoiced"],
            "status_position": [1, 5, 4],
            "reached": [10, 4, 0],
            "reached_value": [100.0, 40.0, 0.0],
            "previous_status": [None, "under_arbeid", "fakturert"],
            "previous_status_label": [None, "Under arbeid", "Fakturert"],
            "conversion": [None, 0.4, None],
            "share_of_first": [1.0, 0.4, 0.0],
        }
    )
    spec = breakdown_charts.funnel(frame, {}).to_dict()
    bars, _labels = _flat_layers(spec)
    assert [r["step_text"] for r in _data(spec, bars)] == [
        "første steg",
        "40 % fra Under arbeid",
        "",
    ]
    assert _pick_fields(spec) == ["status"]


def test_money_units_keep_axis_labels_short():
    assert vega.money_unit(9_999) == (1.0, "kr")
    assert vega.money_unit(250_000) == (1_000.0, "tusen kr")
    assert vega.money_unit(25_000_000) == (1_000_000.0, "mill. kr")
    assert vega.money_unit(None) == (1.0, "kr")


def test_a_chart_with_no_rows_says_so():
    empty = _over_time().clear()
    spec = period_charts.status_over_time(empty, _open_value().clear(), "month", {}).to_dict()
    assert _data(spec, spec) == [{"text": "Ingen data i utvalget."}]


# --- downloads -----------------------------------------------------------------------------


def test_csv_is_norwegian_and_safe_for_spreadsheets():
    frame = pl.DataFrame(
        {
            "period": [dt.date(2025, 2, 1)],
            "name": ["=HYPERLINK(1)"],
            "total_value": [1234.5],
            "order_count": [3],
            "is_other": [True],
        }
    )
    text = cards.csv_bytes(frame).decode("utf-8")
    assert text.startswith("\ufeffperiod;name;total_value;order_count;is_other\r\n")
    assert text.splitlines()[1] == "01.02.2025;'=HYPERLINK(1);1234,5;3;Ja"


def test_parquet_keeps_the_frame_as_it_is():
    frame = _over_time()
    data = cards.parquet_bytes(frame)
    assert pl.read_parquet(io.BytesIO(data)).equals(frame)


@pytest.mark.parametrize("chart", sorted(picks.CHART_PICKS))
def test_every_clickable_chart_has_a_spec_and_a_pick(chart):
    assert chart in chart_data.SPECS
    assert json.dumps(picks.values_from_selection(chart, {}), default=str)
