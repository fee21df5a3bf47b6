"""The analysts' read API (/api/v1/tables, /api/v1/views) and its client, axos_data.remote,
against one real app server for the module: build_app under uvicorn on a free port, on a copy
of the demo database with a password, a logo and formula-like names added. The server runs in
this process, so the tests read the same database directly (context.cursor()) to compare."""

from __future__ import annotations

import io
import json
import re
import shutil
import threading
import time
import urllib.error
import urllib.request
from decimal import Decimal

import polars as pl
import pytest
from polars.testing import assert_frame_equal

import axos_data as ax
from axos_data import clock, remote, remote_channel, spreadsheet, views
from axos_data.app import api_read, api_read_tables, context
from axos_data.app.api_read_views import VIEWS
from axos_data.app.origin_guard import allowed_hosts_for
from axos_data.app.server import build_app
from axos_data.views.analytics import ANALYTICS, AnalyticsFilter

from .conftest import free_port

TOKEN = "test-token-" + "x" * 32
FORMULA_NAME = '=HYPERLINK("http://x")'
NORWEGIAN_NAME = "Blåbærsyltetøy Ærlig Øst AS"
SECRET_WORDS = re.compile(r"password|passord|hash|token|secret|session", re.IGNORECASE)


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (31, 58, 104)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def served(demo_template, tmp_path_factory):
    """(database path, url, password hash) of the module's running app."""
    path = tmp_path_factory.mktemp("api_read") / "axos.duckdb"
    shutil.copy(demo_template, path)
    con = ax.connect(path)
    try:
        ax.add_company(con, 1, name=FORMULA_NAME)
        ax.add_company(con, 1, name=NORWEGIAN_NAME, city="Tromsø")
        ax.set_company_logo(con, 1, _png(), "logo.png")
        ax.set_password(con, 1, 2, "Hemmelig-passord-123")
        password_hash = con.execute(
            "SELECT password_hash FROM user_logins WHERE employee_id = 2"
        ).fetchone()[0]
    finally:
        con.close()

    import uvicorn

    context.reset()
    context.configure(path)
    port = free_port()
    app = build_app(api_token=TOKEN, allowed_hosts=allowed_hosts_for("127.0.0.1", port))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    remote_channel.write_server_file(path, url, TOKEN)
    yield path, url, password_hash
    server.should_exit = True
    thread.join(20)
    remote_channel.remove_server_file(path, TOKEN)
    context.reset()


@pytest.fixture(scope="module")
def axos(served):
    return remote.connect(served[1], TOKEN)


def direct(sql: str, params: dict | None = None) -> pl.DataFrame:
    return context.cursor().sql(sql, params=params or {}).pl()


def get(url: str, token: str | None = TOKEN) -> tuple[int, dict | bytes]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _table_names() -> list[str]:
    return sorted(api_read_tables.READABLE_TABLES)


# --- every table -------------------------------------------------------------------------------


def test_every_table_of_the_schema_has_a_decision(served):
    """A migration that adds a table must put it in READABLE_TABLES or WITHHELD_TABLES."""
    tables = set(direct("SELECT table_name FROM duckdb_tables()")["table_name"])
    undecided = tables - set(api_read_tables.READABLE_TABLES) - set(api_read_tables.WITHHELD_TABLES)
    assert undecided == set()
    assert set(api_read_tables.READABLE_TABLES) & set(api_read_tables.WITHHELD_TABLES) == set()
    assert set(api_read_tables.READABLE_TABLES) <= tables  # no stale names in the allow-list


@pytest.mark.parametrize("name", _table_names())
def test_arrow_round_trip_of_every_readable_table(axos, name):
    served_frame = axos.table(name)
    columns = [c for c, _ in api_read_tables.readable_columns(context.cursor(), name, None)]
    expected = direct(f'SELECT {", ".join(columns)} FROM "{name}"')
    assert_frame_equal(served_frame, expected)


def test_round_trip_keeps_types_nulls_and_norwegian_letters(axos):
    orders = axos.table("orders")
    assert orders.schema["total"] == pl.Decimal(18, 2)
    assert orders.schema["order_date"] == pl.Date
    assert orders.schema["created_at"] == pl.Datetime("us", "Europe/Oslo")  # db.connect's zone
    assert orders["delivery_date"].null_count() > 0
    products = axos.table("products")
    assert products.schema["unit_price"] == pl.Decimal(18, 4)
    assert products.schema["active"] == pl.Boolean
    companies = axos.table("companies")
    assert NORWEGIAN_NAME in companies["name"].to_list()
    assert "Tromsø" in companies["city"].to_list()
    logo = axos.table("company_logo")
    assert logo["content"][0] == _png()
    total = direct("SELECT sum(total) AS s FROM orders")["s"][0]
    assert orders["total"].sum() == total and isinstance(total, Decimal)


def test_parquet_keeps_types(axos):
    expected = direct("SELECT * FROM orders")
    assert_frame_equal(axos.table("orders", format="parquet"), expected)


def test_csv_is_plain_and_neutralises_formulas(served):
    _, url, _ = served
    status, body = get(f"{url}/api/v1/tables/companies?format=csv&columns=id,name,created_at")
    assert status == 200
    frame = pl.read_csv(io.BytesIO(body), schema={"id": pl.Int64, "name": pl.String,
                                                  "created_at": pl.String})  # fmt: skip
    names = frame["name"].to_list()
    assert "'" + FORMULA_NAME in names and FORMULA_NAME not in names
    assert NORWEGIAN_NAME in names
    restored = [spreadsheet.restore(n) for n in names]
    assert restored == direct("SELECT name FROM companies")["name"].to_list()


def test_csv_types_read_back(axos):
    expected = direct("SELECT * FROM products")
    served_csv = axos.table("products", format="csv")
    assert_frame_equal(served_csv.cast(expected.schema), expected)


def test_columns_and_limit(axos):
    frame = axos.table("order_lines", columns=["amount", "order_no"], limit=7)
    assert frame.columns == ["amount", "order_no"] and frame.height == 7
    with pytest.raises(ax.InvalidChoice, match="«nope» finnes ikke i tabellen «order_lines»"):
        axos.table("order_lines", columns=["order_no", "nope"])
    with pytest.raises(ax.InvalidNumber, match="Antall rader: «mange»"):
        axos.table("orders", limit="mange")


def test_readers_that_hang_up_free_their_thread(served, axos, monkeypatch):
    """A client that stops reading mid-answer stops the query: more aborted streams than the
    server has worker threads (40), then an ordinary read still gets through."""
    _, url, _ = served
    monkeypatch.setattr(api_read, "BATCH_ROWS", 5)
    monkeypatch.setattr(api_read, "QUEUE_BATCHES", 1)
    request = urllib.request.Request(
        f"{url}/api/v1/tables/order_lines", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    for _ in range(45):
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.read(200)
    assert_frame_equal(axos.table("statuses"), direct("SELECT * FROM statuses"))


def test_one_answer_is_one_snapshot(served, axos, monkeypatch):
    """Rows written while an answer streams are not in it; the next answer has them."""
    monkeypatch.setattr(api_read, "BATCH_ROWS", 10)
    monkeypatch.setattr(api_read, "QUEUE_BATCHES", 1)
    before = direct("SELECT count(*) AS n FROM order_status_history")["n"][0]
    with axos.stream("/tables/order_status_history") as reader:
        rows = reader.read_next_batch().num_rows
        order_no = direct("SELECT order_no FROM orders WHERE status = 'under_arbeid' LIMIT 1")[
            "order_no"
        ][0]
        ax.change_status(context.cursor(), 1, order_no, "klar_til_fakturering")
        rows += sum(batch.num_rows for batch in reader)
    assert rows == before
    assert axos.table("order_status_history").height == before + 1


# --- secrets and rights ------------------------------------------------------------------------


def test_secrets_never_leave(served, axos):
    _, url, password_hash = served
    listed = axos.tables()["name"].to_list()
    for name in api_read_tables.WITHHELD_TABLES:
        assert name not in listed
        status, error = get(f"{url}/api/v1/tables/{name}")
        assert status == 404 and error["error"] == "UnknownTable"
    hash_bytes = password_hash.encode()
    for name in listed:
        for fmt in ("arrow", "csv"):
            status, body = get(f"{url}/api/v1/tables/{name}?format={fmt}")
            assert status == 200
            assert hash_bytes not in body, name
            assert b"Hemmelig-passord" not in body, name


def test_no_served_column_is_named_like_a_secret(served):
    _, url, _ = served
    _, body = get(f"{url}/api/v1/tables")
    for table in json.loads(body)["tables"]:
        for column in table["columns"]:
            assert not SECRET_WORDS.search(column["name"]), (table["name"], column["name"])


def test_listing_has_row_counts_and_column_types(axos, served):
    tables = {row["name"]: row["rows"] for row in axos.tables().to_dicts()}
    assert tables["orders"] == direct("SELECT count(*) AS n FROM orders")["n"][0]
    assert "audit_log" in tables  # the owner token has every right
    _, body = get(f"{served[1]}/api/v1/tables")
    orders = next(t for t in json.loads(body)["tables"] if t["name"] == "orders")
    assert {"name": "total", "type": "DECIMAL(18,2)"} in orders["columns"]


def test_without_or_with_a_wrong_token_401(served):
    _, url, _ = served
    # Four tries in all: a fifth bad token from one client is throttled (429; test_api_tokens).
    for token, path in ((None, "/tables"), ("wrong", "/tables/orders"), (None, "/views/orders")):
        status, error = get(f"{url}/api/v1{path}", token)
        assert status == 401 and error["error"] == "RemoteAppError"
    with pytest.raises(ax.RemoteAppError):
        remote.connect(url, "wrong").table("orders")


def test_unknown_table_or_view_404(served, axos):
    _, url, _ = served
    status, error = get(f"{url}/api/v1/tables/nope")
    assert status == 404 and error["error"] == "UnknownTable" and "«nope»" in error["message"]
    status, error = get(f"{url}/api/v1/views/nope")
    assert status == 404 and error["error"] == "UnknownView"
    with pytest.raises(ax.UnknownTable):
        axos.table("user_logins")
    with pytest.raises(ax.UnknownView):
        axos.view("nope")


def test_unknown_format_400(served):
    status, error = get(f"{served[1]}/api/v1/tables/orders?format=xlsx")
    assert status == 400 and error["error"] == "InvalidChoice" and "«xlsx»" in error["message"]


# --- views -------------------------------------------------------------------------------------


def test_order_list_view_equals_the_library(axos):
    cur = context.cursor()
    customer = direct("SELECT customer_id FROM orders GROUP BY 1 ORDER BY count(*) DESC")
    customer_id = customer["customer_id"][0]
    served_frame = axos.view(
        "orders", status=["under_arbeid", "fakturert"], customer=customer_id, sort="total"
    )
    keys = [f["key"] for f in ax.list_custom_fields(cur)]
    flt = views.OrderFilter(statuses=["under_arbeid", "fakturert"], customer_id=customer_id)
    expected = views.export_orders(cur, flt, sort="total", custom_fields=keys)
    assert expected.height > 0
    assert_frame_equal(served_frame, expected)
    # the page's own URL form: comma-separated statuses, dd.mm.åååå dates, min amount
    served_frame = axos.view("orders", status="under_arbeid,betalt", **{"from": "01.01.2024"},
                             min="1000")  # fmt: skip
    flt = views.OrderFilter(statuses=["under_arbeid", "betalt"], date_from="01.01.2024",
                            min_total="1000")  # fmt: skip
    assert_frame_equal(served_frame, views.export_orders(cur, flt, custom_fields=keys))


def test_overview_view_equals_the_library(axos):
    cur = context.cursor()
    customer_id = direct("SELECT customer_id FROM orders LIMIT 1")["customer_id"][0]
    found = views.overview(cur, "customer", customer_id, recent=5)
    for part in ("by_status", "recent", "over_time"):
        served_frame = axos.view("overview", kind="customer", id=customer_id, part=part, recent=5)
        assert_frame_equal(served_frame, getattr(found, part))
    summary = axos.view("overview", kind="customer", id=customer_id, part="summary").row(
        0, named=True
    )
    assert summary["total_sum"] == found.summary["total_sum"]
    assert summary["name"] == found.record["name"]


@pytest.mark.parametrize("key", sorted(ANALYTICS))
def test_analytics_views_equal_the_library(axos, key, monkeypatch):
    # time_in_status counts ongoing stays until now: the server and the test read one moment
    monkeypatch.setenv("AXOS_NOW", clock.now().isoformat())
    analysis = ANALYTICS[key]
    filters = {"date_from": "2024-01-01"}
    options: dict[str, object] = {}
    if "grain" in analysis.options:
        options["grain"] = "quarter"
    if "dimension" in analysis.options:
        options |= {"dimension": "employee", "top_n": 3}
    served_frame = axos.view(key, **filters, **options)
    expected = analysis.run(context.cursor(), AnalyticsFilter(**filters), **options)
    assert expected.height > 0
    assert_frame_equal(served_frame, expected)


def test_view_names_do_not_collide():
    assert set(ANALYTICS) | {"orders", "overview"} == set(VIEWS)
    assert len(ANALYTICS) + 2 == len(VIEWS)


@pytest.mark.parametrize(
    ("view", "params", "error", "fragment"),
    [
        ("orders", {"from": "32.13.2024"}, ax.InvalidDate, "32.13.2024"),
        ("orders", {"status": "ukjent"}, ax.UnknownStatus, "«ukjent»"),
        ("orders", {"statuss": "betalt"}, ax.InvalidChoice, "«statuss»"),
        ("status_over_time", {"grain": "year"}, ax.InvalidChoice, "«year»"),
        ("value_by", {"dimension": "customer", "top_n": "mange"}, ax.InvalidChoice, "«mange»"),
        ("funnel", {"status_category": "x"}, ax.InvalidChoice, "«x»"),
        ("overview", {"kind": "firma", "id": 1}, ax.InvalidChoice, "«firma»"),
        ("overview", {"kind": "customer", "id": 999999}, ax.UnknownCompany, "999999"),
    ],
)
def test_bad_filter_values_are_refused_in_norwegian(axos, served, view, params, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):
        axos.view(view, **params)
    query = "&".join(f"{k}={v}" for k, v in params.items())
    status, answer = get(f"{served[1]}/api/v1/views/{view}?{query}")
    assert status in (400, 404) and answer["error"] == error.__name__


def test_views_listing(axos):
    listed = {row["name"]: row for row in axos.views().to_dicts()}
    assert "q" in listed["orders"]["parameters"]
    assert "selected_customer_id" in listed["orders_behind"]["parameters"]


# --- the client --------------------------------------------------------------------------------


def test_register_lets_analysts_join_tables_in_sql(axos):
    con = axos.register(tables=["orders", "companies"])
    sql = (
        "SELECT c.name, count(*) AS orders, sum(o.total) AS total FROM orders o"
        " JOIN companies c ON c.id = o.customer_id GROUP BY c.name ORDER BY total DESC, c.name"
    )
    assert_frame_equal(con.sql(sql).pl(), direct(sql))
    con.close()


def test_connect_finds_the_local_app_through_its_server_file(served, monkeypatch):
    path, _, _ = served
    monkeypatch.delenv("AXOS_URL", raising=False)
    monkeypatch.delenv("AXOS_TOKEN", raising=False)
    monkeypatch.setenv("AXOS_DB", str(path))
    found = remote.connect()
    assert found.table("statuses").height == direct("SELECT * FROM statuses").height


def test_connect_without_an_app_says_how(tmp_path, monkeypatch):
    monkeypatch.delenv("AXOS_URL", raising=False)
    monkeypatch.delenv("AXOS_TOKEN", raising=False)
    monkeypatch.setenv("AXOS_DB", str(tmp_path / "none.duckdb"))
    with pytest.raises(ax.RemoteAppError, match="Fant ingen kjørende app"):
        remote.connect()
