"""What each chart of «Analyse» reads: one ChartSpec per chart (title, hint, download name
and the `views.analytics` call; all aggregation happens in DuckDB), read under the page's
filter narrowed by the other charts' picks, and a Memo so a click that narrows nothing
reads nothing again. No widgets here: the cards are analytics_chart_cards'.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from axos_data.app.analytics_filters import Filters
from axos_data.app.analytics_picks import Pick, narrowed
from axos_data.errors import AxosError
from axos_data.views import analytics as an


@dataclass(frozen=True)
class ChartSpec:
    key: str  # CHART_PICKS / TIME_SERIES key
    title: str
    hint: str  # what a click does, or what the chart measures
    file: str  # download file name (without extension)
    load: Callable[[object, an.AnalyticsFilter, Filters], pl.DataFrame]


def _value(dimension: str):
    return lambda con, flt, f: an.value_by(con, flt, dimension, f.top_n)


SPECS: dict[str, ChartSpec] = {
    s.key: s
    for s in (
        ChartSpec("status_over_time", "Ordreverdi per status over tid",
                  "Klikk en stolpe for å velge periode og status.", "ordreverdi-per-status",
                  lambda con, flt, f: an.status_over_time(con, flt, f.grain)),
        ChartSpec("open_value", "Åpen verdi ved periodeslutt", "", "apen-verdi",
                  lambda con, flt, f: an.open_value(con, flt, f.grain)),
        ChartSpec("funnel", "Trakt fra Under arbeid til Betalt",
                  "Ordrer som har nådd hver status. Klikk for å velge status.", "trakt",
                  lambda con, flt, f: an.funnel(con, flt)),
        ChartSpec("time_in_status", "Tid i status",
                  "Median (mørk) og 90-persentil (lys), dager. Klikk for å velge status.",
                  "tid-i-status", lambda con, flt, f: an.time_in_status(con, flt)),
        ChartSpec("time_in_status_trend", "Tid i status over tid",
                  "Median dager per status, etter dagen oppholdet sluttet.",
                  "tid-i-status-over-tid",
                  lambda con, flt, f: an.time_in_status_trend(con, flt, f.grain)),
        ChartSpec("quote_conversion", "Tilbud til ordre",
                  "Tilbud (lys), ble ordre (mørk) og konvertering (linje) etter tilbudsdato.",
                  "tilbud-til-ordre",
                  lambda con, flt, f: an.quote_conversion(con, flt, f.grain)),
        ChartSpec("value_customer", "Verdi per kunde", "Klikk for å velge kunden.",
                  "verdi-per-kunde", _value("customer")),
        ChartSpec("value_employee", "Verdi per ansatt (vår kontakt)",
                  "Klikk for å velge den ansatte.", "verdi-per-ansatt", _value("employee")),
        ChartSpec("value_project", "Verdi per prosjekt", "Klikk for å velge prosjektet.",
                  "verdi-per-prosjekt", _value("project")),
        ChartSpec("cohorts", "Kohorter: ordremåned × status nå",
                  "Andel av månedens ordrer i hver status. Klikk for å velge måned og status.",
                  "kohorter", lambda con, flt, f: an.cohorts(con, flt)),
        ChartSpec("dso", "Dager fra Fakturert til Betalt",
                  "Median (linje) og opp til 90-persentil (felt), etter betalingsdag.",
                  "dager-til-betalt", lambda con, flt, f: an.dso(con, flt, f.grain)),
    )
}  # fmt: skip


@dataclass
class ChartData:
    spec: ChartSpec
    frame: pl.DataFrame | None
    error: AxosError | None = None


class Memo:
    """The frames read under the page's current filter, per chart and narrowed filter: a
    click that does not narrow a chart (a status narrows none) draws it from what was read,
    so only the table is read again. A changed filter (or a reload) reads everything anew."""

    def __init__(self) -> None:
        self.basis: Filters | None = None
        self.frames: dict[tuple, pl.DataFrame] = {}

    def get(self, filters: Filters, key: tuple, read: Callable[[], pl.DataFrame]):
        if filters != self.basis:
            self.basis, self.frames = filters, {}
        if key not in self.frames:
            self.frames[key] = read()
        return self.frames[key]


def load(con, key: str, filters: Filters, pick: Pick, memo: Memo | None = None) -> ChartData:
    """The chart's frame under the page filter narrowed by the other charts' picks."""
    spec = SPECS[key]
    if filters.flt is None:
        return ChartData(spec, None, filters.error)
    flt = narrowed(filters.flt, pick, key)
    try:
        if memo is None:
            return ChartData(spec, spec.load(con, flt, filters))
        return ChartData(spec, memo.get(filters, (key, flt), lambda: spec.load(con, flt, filters)))
    except AxosError as err:
        return ChartData(spec, None, err)
