"""Importing and exporting customers, products and employees (CSV and Excel): dry runs write
nothing, a bad row refuses the whole file, an export imported again changes nothing, and the
library's own writes (validation, permissions, audit) decide every row."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import axos_data as ax
from axos_data.services.audit import audit_entries
from tests.conftest import table_snapshot


def _csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _awkward_records(con, cast) -> None:
    """Values that test the round trip: formulas, quotes, leading zeros, tiny and negative
    prices, Sami letters, separators, deactivated records."""
    ax.add_company(con, cast.admin, name="=SUM(A1:A9)", customer_no="00123", country="SE")
    ax.add_company(con, cast.admin, name="'=quoted", orgnr="923609016", city="Tromsø; nord")
    ax.add_company(con, cast.admin, name="'apostrof", customer_no="+47", email="a@b.no")
    gone = ax.add_company(con, cast.admin, name="Borte AS", customer_no="K-9")
    ax.update_record(con, cast.admin, "company", gone, active=False)
    ax.add_product(con, cast.admin, sku="-RABATT", name="@rabatt", unit="stk", unit_price="-0.0001")
    tiny = ax.add_product(con, cast.admin, sku="Á1", name='Sámi "dáidda"', unit="t", unit_price=1)
    ax.update_record(con, cast.admin, "product", tiny, active=False)
    ax.add_employee(con, cast.admin, name="=Máret", email="maret@nordlys.no")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["customers", "products", "employees"])
def test_an_export_imported_again_changes_nothing(con, seeded, tmp_path, kind, fmt):
    _awkward_records(con, seeded)
    path = tmp_path / f"{kind}.{fmt}"
    path.write_bytes(ax.views.export_masterdata(con, kind, fmt))
    before = table_snapshot(con)
    report = ax.import_masterdata(con, seeded.admin, kind, path)
    assert report.counts() == {
        "added": 0,
        "changed": 0,
        "unchanged": len(ax.views.masterdata_rows(con, kind)),
    }
    assert table_snapshot(con) == before


def test_exported_text_is_neutralised_and_the_layout_is_stable(con, seeded, tmp_path):
    _awkward_records(con, seeded)
    text = ax.views.export_masterdata(con, "customers", "csv").decode("utf-8-sig")
    lines = [line.rsplit(";", 1)[0] for line in text.split("\r\n")]  # without the id
    assert lines[0] == "customer_no;orgnr;name;address;postcode;city;country;email;active"
    assert "00123;;'=SUM(A1:A9);;;;SE;;true" in lines
    assert ";923609016;''=quoted;;;\"Tromsø; nord\";NO;;true" in lines  # our quote + theirs
    assert "'+47;;'apostrof;;;;NO;a@b.no;true" in lines  # their own quote stays single
    assert "K-9;;Borte AS;;;;NO;;false" in lines
    assert text.split("\r\n")[0].endswith(";active;id")
    products = ax.views.export_masterdata(con, "products", "csv").decode("utf-8-sig")
    assert "'-RABATT;'@rabatt;stk;-0,0001;25;true" in products.split("\r\n")
    sheet = openpyxl.load_workbook(
        _write(tmp_path / "p.xlsx", ax.views.export_masterdata(con, "products", "xlsx"))
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("sku", "name", "unit", "unit_price", "vat_rate", "active")
    assert ("-RABATT", "@rabatt", "stk", -0.0001, 25, True) in rows
    risky = next(r for r in sheet.iter_rows() if r[0].value == "-RABATT")
    assert risky[0].data_type == "s" and risky[0].quotePrefix  # text, never a formula


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_dry_run_reports_everything_and_writes_nothing(con, seeded, tmp_path):
    path = _csv(
        tmp_path / "p.csv",
        "sku;name;unit;unit_price;vat_rate",
        "KONS-T;Konsulenttime;t;1300,00;25",  # price changes
        "MAT-KG;Kaffe;kg;189,90;15",  # as it is
        "NY-1;Ny vare;stk;10;12",  # new
    )
    before = table_snapshot(con)
    dry = ax.import_masterdata(con, seeded.user, "products", path, dry_run=True)
    assert table_snapshot(con) == before
    assert dry.dry_run and dry.counts() == {"added": 1, "changed": 1, "unchanged": 1}
    changed, same, added = dry.rows
    assert (changed.row, changed.key, changed.action) == (2, "sku KONS-T", "changed")
    assert changed.changes == {"unit_price": [Decimal("1250.0000"), Decimal("1300")]}
    assert (same.row, same.action, same.changes) == (3, "unchanged", {})
    assert (added.row, added.action) == (4, "added")
    assert added.changes["vat_rate"] == [None, 12]

    done = ax.import_masterdata(con, seeded.user, "products", path)
    assert not done.dry_run
    assert [(r.row, r.action, r.changes) for r in done.rows] == [
        (r.row, r.action, r.changes) for r in dry.rows
    ]
    assert ax.find_product(con, "KONS-T")["unit_price"] == Decimal("1300")
    assert ax.find_product(con, "NY-1")["vat_rate"] == 12
    entries = audit_entries(con)
    assert [(e["entity"], e["action"], e["actor_id"]) for e in entries[:2]] == [
        ("product", "created", seeded.user),
        ("product", "changed", seeded.user),
    ]
    assert entries[1]["changes"]["unit_price"][0] == "1250.0000"
    assert ax.import_masterdata(con, seeded.user, "products", path).counts()["unchanged"] == 3


def test_a_bad_row_refuses_the_whole_file_with_its_number(con, seeded, tmp_path, refused):
    path = _csv(
        tmp_path / "p.csv",
        "sku;name;unit;unit_price;vat_rate",
        "KONS-T;Konsulenttime;t;1300;25",
        "NY-1;Ny vare;stk;10;12",
        "",  # empty rows are skipped but still counted, as a spreadsheet counts them
        "NY-2;Feil sats;stk;10;20",
    )
    with refused(ax.ImportRefused, "Rad 5", "sku NY-2", "«20»") as _:
        ax.import_masterdata(con, seeded.admin, "products", path)
    with pytest.raises(ax.ImportRefused) as caught:
        ax.import_masterdata(con, seeded.admin, "products", path, dry_run=True)
    assert caught.value.row == 5 and isinstance(caught.value.cause, ax.InvalidVatRate)


def test_orgnr_is_mod11_checked_and_matched_compacted(con, seeded, tmp_path, refused):
    bad = _csv(tmp_path / "bad.csv", "orgnr;name", "988 077 917;Fjordtun Bygg AS", "123456789;X")
    with refused(ax.ImportRefused, "Rad 3", "123456789", "kontrollsiffer"):
        ax.import_masterdata(con, seeded.admin, "customers", bad)
    good = _csv(tmp_path / "ok.csv", "orgnr;name;city", "NO 988 077 917 MVA;Fjordtun Bygg AS;Os")
    report = ax.import_masterdata(con, seeded.admin, "customers", good)
    assert [(r.id, r.action, r.changes) for r in report.rows] == [
        (seeded.customer, "changed", {"city": ["Bergen", "Os"]})
    ]


def test_customers_are_keyed_by_orgnr_else_by_customer_number(con, seeded, tmp_path, refused):
    ax.update_record(con, seeded.admin, "company", seeded.other_customer, customer_no="K-2")
    path = _csv(
        tmp_path / "c.csv",
        "customer_no;orgnr;name;city",
        "K-1;988077917;Fjordtun Bygg AS;Bergen",  # by orgnr: gets a customer number
        "K-2;;Čáhppes Sámi Design;Kárášjohka",  # by customer number
        "K-3;;Ny Kunde AS;",  # new, keyed by its number
        "K-4;923609016;Med orgnr AS;",  # new, keyed by orgnr
    )
    report = ax.import_masterdata(con, seeded.admin, "customers", path)
    assert [(r.action, r.changes) for r in report.rows[:2]] == [
        ("changed", {"customer_no": [None, "K-1"]}),
        ("changed", {"city": [None, "Kárášjohka"]}),
    ]
    assert [r.action for r in report.rows[2:]] == ["added", "added"]
    rows = {r["customer_no"]: r for r in ax.views.masterdata_rows(con, "customers")}
    assert rows["K-4"]["orgnr"] == "923609016" and rows["K-3"]["name"] == "Ny Kunde AS"
    created = next(e for e in audit_entries(con) if e["action"] == "created")
    assert created["changes"]["customer_no"] == [None, "K-4"]

    nokey = _csv(tmp_path / "n.csv", "customer_no;orgnr;name;id", ";;Uten nøkkel AS;")
    with refused(ax.ImportRefused, "Rad 2", "orgnr", "customer_no"):
        ax.import_masterdata(con, seeded.admin, "customers", nokey)
    ghost = _csv(tmp_path / "g.csv", "orgnr;name;id", ";Spøkelse AS;999")
    with refused(ax.ImportRefused, "Rad 2", "firma-id 999"):
        ax.import_masterdata(con, seeded.admin, "customers", ghost)
    # Axos' own id is the last key: a customer with neither gets its orgnr this way.
    by_id = _csv(
        tmp_path / "i.csv",
        "orgnr;name;id",
        f"974760673;Čáhppes Sámi Design;{seeded.other_customer}",
    )
    report = ax.import_masterdata(con, seeded.admin, "customers", by_id)
    assert [(r.id, r.changes) for r in report.rows] == [
        (seeded.other_customer, {"orgnr": [None, "974760673"]})
    ]
    taken = _csv(tmp_path / "t.csv", "customer_no;orgnr;name", "K-2;988077917;Fjordtun Bygg AS")
    with refused(ax.ImportRefused, "Rad 2", "Kundenummer K-2", str(seeded.other_customer)):
        ax.import_masterdata(con, seeded.admin, "customers", taken)


def test_one_record_on_two_rows_is_refused(con, seeded, tmp_path, refused):
    path = _csv(
        tmp_path / "e.csv",
        "email;name",
        "ny@nordlys.no;Ny",
        "ola@nordlys.no;Ola",
        "NY@nordlys.no;Ny igjen",
    )
    with refused(ax.ImportRefused, "Rad 4", "rad 2"):
        ax.import_masterdata(con, seeded.admin, "employees", path)


def test_permissions_are_those_of_the_writes(con, seeded, tmp_path, refused):
    employees = _csv(tmp_path / "e.csv", "email;name;role", "ny@nordlys.no;Ny Ansatt;user")
    with refused(ax.PermissionDenied, "Ola Hansen"):
        ax.import_masterdata(con, seeded.user, "employees", employees, dry_run=True)
    with refused(ax.PermissionDenied, "Ola Hansen"):
        ax.import_masterdata(con, seeded.user, "employees", employees)
    assert ax.import_masterdata(con, seeded.admin, "employees", employees).counts()["added"] == 1
    demote = _csv(tmp_path / "d.csv", "email;role", "kari@nordlys.no;user")
    with refused(ax.ImportRefused, "Rad 2", "siste aktive administratoren"):
        ax.import_masterdata(con, seeded.admin, "employees", demote)


def test_columns_left_out_or_empty(con, seeded, tmp_path, refused):
    unknown = _csv(tmp_path / "u.csv", "sku;pris", "KONS-T;1")
    with refused(ax.ImportRefused, "rad 1", "pris", "unit_price"):
        ax.import_masterdata(con, seeded.admin, "products", unknown)
    nokey = _csv(tmp_path / "k.csv", "name;unit", "X;t")
    with refused(ax.ImportRefused, "rad 1", "sku"):
        ax.import_masterdata(con, seeded.admin, "products", nokey)
    # A column left out leaves the field alone; empty `active` too; "nei" deactivates.
    path = _csv(
        tmp_path / "c.csv",
        "orgnr;name;email;active",
        "988077917;Fjordtun Bygg AS;;nei",
        "923609016;Ny AS;;",
    )
    report = ax.import_masterdata(con, seeded.admin, "customers", path)
    assert report.rows[0].changes == {"active": [True, False]}
    assert report.rows[1].action == "added"
    rows = {r["name"]: r for r in ax.views.masterdata_rows(con, "customers")}
    assert rows["Fjordtun Bygg AS"]["active"] is False
    assert rows["Fjordtun Bygg AS"]["address"] == "Strandgata 1"
    assert rows["Ny AS"]["active"] is True
    assert audit_entries(con)[1]["action"] == "deactivated"
    required = _csv(tmp_path / "r.csv", "sku;name;unit", "NY;Ny;stk")
    with refused(ax.ImportRefused, "Rad 2", "Enhetspris"):
        ax.import_masterdata(con, seeded.admin, "products", required)


def test_excel_cells_typed_by_hand(con, seeded, tmp_path):
    """Numbers typed into Excel: an orgnr or customer number as a number, prices as numbers,
    active as TRUE/FALSE."""
    path = _xlsx(
        tmp_path / "c.xlsx",
        [
            ["Customer_No", "orgnr", "name", "active"],
            [4711, 988077917, "Fjordtun Bygg AS", True],
            [None, None, None, None],
            [4712, 923609016, "Excel AS", False],
        ],
    )
    report = ax.import_masterdata(con, seeded.admin, "customers", path)
    assert [(r.row, r.action) for r in report.rows] == [(2, "changed"), (4, "added")]
    assert report.rows[0].changes == {"customer_no": [None, "4711"]}
    products = _xlsx(
        tmp_path / "p.xlsx",
        [["sku", "name", "unit", "unit_price", "vat_rate"], ["X1", "+47 Kontor", "t", 12.3456, 15]],
    )
    ax.import_masterdata(con, seeded.admin, "products", products)
    assert ax.find_product(con, "X1")["unit_price"] == Decimal("12.3456")
    assert ax.find_product(con, "X1")["name"] == "+47 Kontor"


def test_unreadable_files_are_refused(con, seeded, tmp_path, refused):
    fake = tmp_path / "c.xlsx"
    fake.write_bytes(b"not a zip")
    with refused(ax.ImportRefused, "c.xlsx"):
        ax.import_masterdata(con, seeded.admin, "customers", fake)
    with refused(ax.InvalidInput, "ods"):
        ax.import_masterdata(con, seeded.admin, "customers", tmp_path / "c.ods")


def test_an_atomic_inside_an_atomic_joins_it(con, seeded, refused):
    def both(c):
        ax.add_product(c, seeded.admin, sku="A", name="A", unit="t", unit_price=1)
        ax.add_product(c, seeded.admin, sku="B", name="B", unit="t", unit_price="x")

    with refused(ax.InvalidNumber, "«x»"):
        ax.atomic(con, both)
