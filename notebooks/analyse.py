import marimo

__generated_with = "0.25.2"
app = marimo.App(width="full", app_title="Analyse – Axos", css_file="axos.css")


@app.cell
def _():
    import marimo as mo

    from axos_data.app import (
        analyst_links,
        analytics_behind,
        analytics_chart_cards,
        analytics_chart_data,
        analytics_filters,
        analytics_picks,
        context,
        list_controls,
        ui,
        url_state,
    )

    return (
        analyst_links,
        analytics_behind,
        analytics_chart_cards,
        analytics_chart_data,
        analytics_filters,
        analytics_picks,
        context,
        list_controls,
        mo,
        ui,
        url_state,
    )


@app.cell
def _(ui):
    ui.header("analyse")
    return


@app.cell
def _(context):
    con = context.cursor()
    return (con,)


@app.cell
def _(url_state):
    start = url_state.read_query()
    return (start,)


@app.cell
def _(list_controls, start):
    customer_search = list_controls.customer_search(start)
    return (customer_search,)


@app.cell
def _(con, customer_search, list_controls, start):
    customer = list_controls.customer_picker(con, customer_search.value, start)
    return (customer,)


@app.cell
def _(con, customer, list_controls, start):
    project = list_controls.project_picker(con, customer.value, start)
    return (project,)


@app.cell
def _(analytics_filters, con, start):
    controls = analytics_filters.filter_controls(con, start)
    return (controls,)


@app.cell
def _(analytics_filters, controls, customer, customer_search, mo, project, ui):
    mo.vstack(
        [
            ui.page_title("Analyse", kicker="Ordreflyt: verdi, trakt, tid i status og betaling"),
            analytics_filters.filters_layout(controls, (customer_search, customer), project),
        ],
        gap=0.5,
    )
    return


@app.cell
def _(analytics_filters, controls, customer, mo, project, ui, url_state):
    filters = analytics_filters.read_filters(controls.value, customer.value, project.value)
    url_state.write_query(filters.url_values())
    # A refused filter (a mistyped date) shows here; the charts say they have nothing.
    ui.error(filters.error) if filters.error else mo.Html("")
    return (filters,)


@app.cell
def _(analytics_chart_data):
    memo = analytics_chart_data.Memo()  # what the charts read under the current filter
    return (memo,)


@app.cell
def _(analytics_picks, mo):
    # The charts' clicks: set by every clickable chart, read by all of them and the table.
    get_pick, set_pick = mo.state(analytics_picks.Pick(), allow_self_loops=True)
    return get_pick, set_pick


@app.cell
def _(filters, get_pick):
    pick = get_pick().under(filters.flt)
    return (pick,)


@app.cell
def _(analytics_behind, con, filters, pick, set_pick):
    pick_buttons = analytics_behind.pick_buttons(con, pick, filters.flt, set_pick)
    analytics_behind.pick_bar(pick_buttons)
    return (pick_buttons,)


@app.cell
def _(analytics_chart_cards, analytics_chart_data, con, filters, memo, pick, set_pick):
    status_data = analytics_chart_data.load(con, "status_over_time", filters, pick, memo)
    open_data = analytics_chart_data.load(con, "open_value", filters, pick, memo)
    status_chart = analytics_chart_cards.chart_widget(
        status_data, filters, pick, set_pick, open_data
    )
    status_files = analytics_chart_cards.download_buttons(
        status_data
    ) + analytics_chart_cards.download_buttons(open_data, prefix="Åpen verdi: ")
    return status_chart, status_data, status_files


@app.cell
def _(analytics_chart_cards, analytics_chart_data, con, filters, memo, pick, set_pick):
    funnel_data = analytics_chart_data.load(con, "funnel", filters, pick, memo)
    funnel_chart = analytics_chart_cards.chart_widget(funnel_data, filters, pick, set_pick)
    funnel_files = analytics_chart_cards.download_buttons(funnel_data)
    return funnel_chart, funnel_data, funnel_files


@app.cell
def _(analytics_chart_cards, analytics_chart_data, con, filters, memo, pick, set_pick):
    stay_data = analytics_chart_data.load(con, "time_in_status", filters, pick, memo)
    stay_chart = analytics_chart_cards.chart_widget(stay_data, filters, pick, set_pick)
    stay_files = analytics_chart_cards.download_buttons(stay_data)
    trend_data = analytics_chart_data.load(con, "time_in_status_trend", filters, pick, memo)
    trend_chart = analytics_chart_cards.chart_widget(trend_data, filters, pick, set_pick)
    trend_files = analytics_chart_cards.download_buttons(trend_data)
    return stay_chart, stay_data, stay_files, trend_chart, trend_data, trend_files


@app.cell
def _(analytics_chart_cards, analytics_chart_data, con, filters, memo, pick, set_pick):
    quote_data = analytics_chart_data.load(con, "quote_conversion", filters, pick, memo)
    quote_chart = analytics_chart_cards.chart_widget(quote_data, filters, pick, set_pick)
    quote_files = analytics_chart_cards.download_buttons(quote_data)
    dso_data = analytics_chart_data.load(con, "dso", filters, pick, memo)
    dso_chart = analytics_chart_cards.chart_widget(dso_data, filters, pick, set_pick)
    dso_files = analytics_chart_cards.download_buttons(dso_data)
    return dso_chart, dso_data, dso_files, quote_chart, quote_data, quote_files


@app.cell
def _(analytics_chart_cards, analytics_chart_data, con, filters, memo, pick, set_pick):
    value_data = {
        key: analytics_chart_data.load(con, key, filters, pick, memo)
        for key in ("value_customer", "value_employee", "value_project")
    }
    value_charts = {
        key: analytics_chart_cards.chart_widget(data, filters, pick, set_pick)
        for key, data in value_data.items()
    }
    value_files = {
        key: analytics_chart_cards.download_buttons(data) for key, data in value_data.items()
    }
    return value_charts, value_data, value_files


@app.cell
def _(analytics_chart_cards, analytics_chart_data, con, filters, memo, pick, set_pick):
    cohort_data = analytics_chart_data.load(con, "cohorts", filters, pick, memo)
    cohort_chart = analytics_chart_cards.chart_widget(cohort_data, filters, pick, set_pick)
    cohort_files = analytics_chart_cards.download_buttons(cohort_data)
    return cohort_chart, cohort_data, cohort_files


@app.cell
def _(
    analytics_chart_cards,
    cohort_chart,
    cohort_data,
    cohort_files,
    dso_chart,
    dso_data,
    dso_files,
    funnel_chart,
    funnel_data,
    funnel_files,
    mo,
    quote_chart,
    quote_data,
    quote_files,
    status_chart,
    status_data,
    status_files,
    stay_chart,
    stay_data,
    stay_files,
    trend_chart,
    trend_data,
    trend_files,
    value_charts,
    value_data,
    value_files,
):
    _card = analytics_chart_cards.chart_card
    mo.Html(
        '<div class="axos-an-grid">'
        + "".join(
            c.text
            for c in (
                _card(status_data, status_chart, status_files, wide=True),
                _card(funnel_data, funnel_chart, funnel_files),
                _card(stay_data, stay_chart, stay_files),
                _card(trend_data, trend_chart, trend_files),
                _card(quote_data, quote_chart, quote_files),
                *(
                    _card(value_data[k], value_charts[k], value_files[k])
                    for k in ("value_customer", "value_employee", "value_project")
                ),
                _card(dso_data, dso_chart, dso_files),
                _card(cohort_data, cohort_chart, cohort_files, wide=True),
            )
        )
        + "</div>"
    )
    return


@app.cell
def _(analytics_behind, con, filters, pick):
    behind = analytics_behind.behind(con, filters, pick)
    analytics_behind.behind_card(behind)
    return (behind,)


@app.cell
def _(analyst_links):
    # Links to the analysts' own notebooks this app serves; nothing without --notebooks.
    analyst_links.own_analyses_card()
    return


if __name__ == "__main__":
    app.run()
