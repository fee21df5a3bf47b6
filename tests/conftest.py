"""Shared fixtures: a real DuckDB file in a temp dir, seeded with a small cast of records,
and helpers that prove a refused change left the database exactly as it was."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

import axos_data as ax


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "axos.duckdb"


@pytest.fixture
def con(request: pytest.FixtureRequest, db_path: Path):
    """The test's own database file; a copy of the seeded template when the test uses `seeded`
    (seeding takes ~15 transactions; copying a closed file is much faster)."""
    if "seeded" in request.fixturenames:
        template, _cast = request.getfixturevalue("seeded_template")
        shutil.copyfile(template, db_path)
    connection = ax.connect(db_path)
    yield connection
    connection.close()


@dataclass
class Cast:
    """Ids of the records `seeded` creates."""

    admin: int
    user: int
    customer: int
    other_customer: int
    contact: int
    other_contact: int
    project: int
    product_25: str
    product_15: str
    product_0: str


def seed(con) -> Cast:
    """The small cast every integration test starts from (also used by the CLI tests)."""
    admin = ax.add_employee(con, None, name="Kari Nordmann", email="kari@nordlys.no")
    user = ax.add_employee(con, admin, name="Ola Hansen", email="ola@nordlys.no")
    customer = ax.add_company(
        con,
        admin,
        name="Fjordtun Bygg AS",
        orgnr="988077917",
        address="Strandgata 1",
        postcode="5013",
        city="Bergen",
    )
    other = ax.add_company(con, admin, name="Čáhppes Sámi Design", country="NO")
    contact = ax.add_contact(con, admin, company_id=customer, name="Ingrid Berg")
    other_contact = ax.add_contact(con, admin, company_id=other, name="Máret Sara")
    project = ax.add_project(con, admin, name="Nytt lager", customer_id=customer)
    ax.add_product(
        con, admin, sku="KONS-T", name="Konsulenttime", unit="t", unit_price="1250.00", vat_rate=25
    )
    ax.add_product(
        con, admin, sku="MAT-KG", name="Kaffe", unit="kg", unit_price="189.9000", vat_rate=15
    )
    ax.add_product(
        con, admin, sku="BOK", name="Håndbok", unit="stk", unit_price="349.00", vat_rate=0
    )
    ax.update_settings(
        con,
        admin,
        company_name="Nordlys Systemer AS",
        company_orgnr="923609016",
        company_address="Storgata 10",
        company_postcode="0155",
        company_city="Oslo",
        company_bank_account="12345678903",
    )
    return Cast(
        admin, user, customer, other, contact, other_contact, project, "KONS-T", "MAT-KG", "BOK"
    )


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Cast]:
    """A closed database file holding the seeded cast, made once per session."""
    path = tmp_path_factory.mktemp("template") / "seeded.duckdb"
    connection = ax.connect(path)
    cast = seed(connection)
    connection.close()
    return path, cast


@pytest.fixture
def seeded(con, seeded_template) -> Cast:
    """The seeded cast; `con` opened a copy of the seeded template."""
    return seeded_template[1]


@pytest.fixture(scope="session")
def seeding() -> Callable[[object], Cast]:
    """`seed` itself, for module-scoped databases and CLI test templates."""
    return seed


@pytest.fixture
def new_order(con, seeded) -> Callable[..., int]:
    """Create an order for the seeded customer; keyword arguments override the defaults."""

    def create(**fields: object) -> int:
        values = {
            "customer_id": seeded.customer,
            "title": "Ny server",
            "our_contact_id": seeded.user,
            **fields,
        }
        return ax.create_order(con, seeded.admin, **values)

    return create


def table_snapshot(con) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: equal snapshots mean nothing was written."""
    tables = [
        row[0]
        for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
        ).fetchall()
    ]
    return {name: con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall() for name in tables}


@pytest.fixture
def refused(con) -> Callable[..., object]:
    """`with refused(ErrorType, "fragment", …):` — the block must raise exactly that AxosError
    subclass, with every fragment in its message, and leave every table as it was."""

    @contextmanager
    def check(error_type: type[ax.AxosError], *fragments: str) -> Iterator[None]:
        assert issubclass(error_type, ax.AxosError)
        before = table_snapshot(con)
        with pytest.raises(error_type) as caught:
            yield
        assert type(caught.value) is error_type, f"got {type(caught.value).__name__}"
        message = str(caught.value)
        for fragment in fragments:
            assert fragment in message, f"{fragment!r} not in {message!r}"
        assert table_snapshot(con) == before, "a refused change altered the database"

    return check


def assert_totals_consistent(con) -> None:
    """Stored order totals equal a recomputation from the lines, on every order."""
    mismatches = ax.views.totals_mismatches(con)
    assert mismatches.height == 0, mismatches.to_dicts()


@pytest.fixture
def totals_consistent() -> Callable[[object], None]:
    return assert_totals_consistent


def assert_invariants(con) -> None:
    """The database passes every invariant check (`axos check`)."""
    problems = [problem.as_dict() for problem in ax.views.check(con)]
    assert problems == [], problems


@pytest.fixture
def invariants() -> Callable[[object], None]:
    """`invariants(con)` asserts the whole invariant check passes (crash, fuzz, restore …)."""
    return assert_invariants
