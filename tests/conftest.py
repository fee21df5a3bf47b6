"""Shared fixtures: a real DuckDB file in a temp dir, seeded with a small cast of records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import axos_data as ax


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "axos.duckdb"


@pytest.fixture
def con(db_path: Path):
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


@pytest.fixture
def seeded(con) -> Cast:
    admin = ax.add_employee(con, None, name="Kari Nordmann", email="kari@nordlys.no")
    user = ax.add_employee(con, admin, name="Ola Hansen", email="ola@nordlys.no")
    customer = ax.add_company(
        con, admin, name="Fjordtun Bygg AS", orgnr="988077917", address="Strandgata 1",
        postcode="5013", city="Bergen",
    )
    other = ax.add_company(con, admin, name="Čáhppes Sámi Design", country="NO")
    contact = ax.add_contact(con, admin, company_id=customer, name="Ingrid Berg")
    other_contact = ax.add_contact(con, admin, company_id=other, name="Máret Sara")
    project = ax.add_project(con, admin, name="Nytt lager", customer_id=customer)
    ax.add_product(con, admin, sku="KONS-T", name="Konsulenttime", unit="t",
                   unit_price="1250.00", vat_rate=25)
    ax.add_product(con, admin, sku="MAT-KG", name="Kaffe", unit="kg",
                   unit_price="189.9000", vat_rate=15)
    ax.add_product(con, admin, sku="BOK", name="Håndbok", unit="stk",
                   unit_price="349.00", vat_rate=0)
    ax.update_settings(
        con, admin, company_name="Nordlys Systemer AS", company_orgnr="923609016",
        company_address="Storgata 10", company_postcode="0155", company_city="Oslo",
        company_bank_account="12345678903",
    )
    return Cast(admin, user, customer, other, contact, other_contact, project,
                "KONS-T", "MAT-KG", "BOK")
