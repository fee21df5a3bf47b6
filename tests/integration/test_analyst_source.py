"""The data object of analysts' notebooks (axos_data.analyst): read functions only, secrets never
offered, nothing written through it, and the same answers live and from a snapshot."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import axos_data as ax
from axos_data import analyst, services
from axos_data.app import context
from axos_data.demo import load_demo
from tests.conftest import table_snapshot

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "notebooks" / "ordrer_per_maned.py"
READ_INTERFACE = {
    "analytics",
    "duckdb",
    "kind",
    "label",
    "orders",
    "overview",
    "table",
    "tables",
    "view",
    "views",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A small demo database with a login (so user_logins has a hash to hide)."""
    path = tmp_path_factory.mktemp("analyst") / "template.duckdb"
    con = ax.connect(path)
    try:
        load_demo(con, 60, seed=11, progress=False)
        ax.set_password(con, 1, 1, "analytiker-hemmelig")
    finally:
        con.close()
    return path


@pytest.fixture
def live(template, tmp_path):
    """The app's process context on a copy of the template, as the app opens it."""
    path = tmp_path / "axos.duckdb"
    shutil.copyfile(template, path)
    context.reset()
    context.configure(path)
    yield analyst.live_source()
    context.reset()


def _every_read(data) -> None:
    """Call each read function once, as a notebook would."""
    for name in data.tables():
        data.table(name)
    some_order = data.table("orders")["order_no"][0]
    customer = data.table("orders")["customer_id"][0]
    data.orders(categories=["open"], search="a", date_from=dt.date(2020, 1, 1))
    data.overview("customer", customer)
    arguments = {
        "order_detail": (some_order,),
        "order_activity": (some_order,),
        "status_history": (some_order,),
        "overview": ("customer", customer),
    }
    for name in analyst.READ_VIEWS:
        data.view(name, *arguments.get(name, ()))
    scratch = data.duckdb("orders")
    scratch.execute("CREATE TABLE mine AS SELECT order_no FROM orders")
    scratch.execute("DROP VIEW orders")


def test_only_read_functions_are_public(live):
    public = {name for name in dir(live) if not name.startswith("_")}
    assert public == READ_INTERFACE
    assert not public & set(services.__all__)
    with pytest.raises(AttributeError):
        live.connection = context.cursor()  # no place to hang a connection on it


def test_reading_everything_writes_nothing(live):
    # A cursor of its own: the order search keeps its hits in a temporary table of the
    # reading cursor, which is no write to the database.
    before = table_snapshot(context.current().connection.cursor())
    _every_read(live)
    assert table_snapshot(context.current().connection.cursor()) == before


def test_sql_runs_in_a_database_of_its_own(live):
    scratch = live.duckdb("orders")
    scratch.execute("DROP VIEW orders")
    scratch.execute("CREATE TABLE orders AS SELECT 1 AS order_no")
    assert "orders" in live.tables()
    count = context.cursor().execute("SELECT count(*) FROM orders").fetchone()[0]
    assert live.table("orders").height == count == 60


def test_secrets_are_never_offered(live):
    assert {"user_logins", "login_attempts"} <= analyst.SECRET_TABLES
    assert not set(live.tables()) & analyst.SECRET_TABLES
    for name in live.tables():
        assert not [c for c in live.table(name).columns if "password" in c or "token" in c]
    with pytest.raises(ax.UnknownTable, match="«user_logins» finnes ikke eller kan ikke leses"):
        live.table("user_logins")
    with pytest.raises(ax.UnknownTable):
        live.table('orders"; DROP TABLE orders; --')


def test_the_audit_log_is_for_admins_as_in_the_app(template, tmp_path):
    path = tmp_path / "axos.duckdb"
    shutil.copyfile(template, path)
    con = ax.connect(path)
    staff = ax.views.employees(con)
    user = staff.filter(staff["role"] == "user")["id"][0]
    con.close()
    context.reset()
    context.configure(path, user)
    try:
        data = analyst.live_source()
        assert "audit_log" not in data.tables()
        with pytest.raises(ax.PermissionDenied, match="administrator"):
            data.table("audit_log")
    finally:
        context.reset()
    context.configure(path)
    try:
        assert "audit_log" in analyst.live_source().tables()
    finally:
        context.reset()


def test_a_table_can_be_read_for_some_columns_only(live):
    some = live.table("orders", columns=["order_no", "total"])
    assert some.columns == ["order_no", "total"]
    assert some.equals(live.table("orders").select("order_no", "total"))
    with pytest.raises(ax.InvalidChoice, match="ingen kolonne «pris»"):
        live.table("orders", columns=["order_no", "pris"])
    with pytest.raises(ax.InvalidChoice):
        live.table("orders", columns=['total" FROM user_logins; --'])


def test_unknown_views_are_refused_by_name(live):
    with pytest.raises(ax.InvalidChoice, match="Ukjent visning «drop_all»"):
        live.view("drop_all")
    with pytest.raises(ax.InvalidChoice, match="Ukjent analyse «nope»"):
        live.analytics("nope")


def test_outside_the_app_without_a_snapshot_it_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.delenv(analyst.SNAPSHOT_ENV, raising=False)
    with pytest.raises(ax.NoDataSource, match="AXOS_SNAPSHOT=MAPPE"):
        analyst.source()
    missing = tmp_path / "finnes-ikke"
    monkeypatch.setenv(analyst.SNAPSHOT_ENV, str(missing))
    with pytest.raises(ax.NoDataSource, match=f"Snapshot-mappen «{missing}» finnes ikke"):
        analyst.source()


# --- the same answers from a snapshot ----------------------------------------------------------


def _snapshot_of_live(tmp_path):
    from axos_data import snapshot

    folder = tmp_path / "snapshot"
    snapshot.write_snapshot(context.cursor(), folder)
    return folder


def test_a_snapshot_gives_the_same_frames_as_the_live_database(live, tmp_path):
    from polars.testing import assert_frame_equal

    snap = analyst.snapshot_source(_snapshot_of_live(tmp_path))
    assert snap.kind == "snapshot" and live.kind == "live"
    assert snap.tables() == live.tables()
    assert "order_search_terms" not in snap.tables()  # derived: a snapshot leaves it out …
    found = snap.orders(search="a")  # … and the order search builds it on first use
    assert 0 < found.height < live.table("orders").height
    for name in live.tables():
        assert_frame_equal(snap.table(name), live.table(name), check_exact=True)
    customer = live.table("orders")["customer_id"][0]
    for read in (
        lambda d: d.orders(),
        lambda d: d.orders(categories=["open"], search="a", sort="-total"),
        lambda d: d.overview("customer", customer).over_time,
        lambda d: d.view("receivables_ageing", today=dt.date(2026, 6, 30)),
        lambda d: d.view("employees"),
    ):
        assert_frame_equal(read(snap), read(live), check_exact=True)
    total = "SELECT sum(total) FROM orders"
    assert (
        snap.duckdb("orders").sql(total).fetchall() == live.duckdb("orders").sql(total).fetchall()
    )


def test_the_example_notebook_runs_headless_on_a_snapshot(live, tmp_path, monkeypatch):
    import importlib.util

    folder = _snapshot_of_live(tmp_path)
    expected = (
        context.cursor()
        .execute(
            "SELECT strftime(date_trunc('month', order_date), '%Y-%m'), count(*), sum(total)"
            " FROM orders GROUP BY 1 ORDER BY 1 DESC"
        )
        .fetchall()
    )
    context.reset()  # outside the app: nothing but the snapshot to read
    monkeypatch.setenv(analyst.SNAPSHOT_ENV, str(folder))
    path = EXAMPLE
    spec = importlib.util.spec_from_file_location("analyst_example", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    _outputs, defs = module.app.run()
    assert defs["data"].kind == "snapshot"
    assert defs["per_maned"].rows() == expected
