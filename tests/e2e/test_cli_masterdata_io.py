"""`axos import` / `axos export` of customers, products, employees and `axos settings
accounting-code`, through the real command."""

import io

import openpyxl


def test_export_then_import_through_the_command(seeded_axos, tmp_path):
    cli, _cast = seeded_axos
    for kind in ("customers", "products", "employees"):
        for fmt in ("csv", "xlsx"):
            out = tmp_path / f"{kind}.{fmt}"
            written = cli(f"export {kind} -o {out} --json").json()
            assert written["format"] == fmt and written["rows"] > 0 and out.exists()
            report = cli(f"import {kind} {out} --json").json()
            assert report["counts"] == {"added": 0, "changed": 0, "unchanged": written["rows"]}
    forced = tmp_path / "kunder.txt"
    cli(f"export customers --format xlsx -o {forced}").out  # noqa: B018 - asserts success
    book = openpyxl.load_workbook(io.BytesIO(forced.read_bytes()))
    assert book.active["C1"].value == "name"


def test_dry_run_then_import_and_a_refused_file(seeded_axos, tmp_path):
    cli, cast = seeded_axos
    path = tmp_path / "p.csv"
    path.write_text(
        "sku;name;unit;unit_price;vat_rate\nKONS-T;Konsulenttime;t;1300;25\nNY;Ny;stk;5;0\n",
        encoding="utf-8",
    )
    dry = cli(f"import products {path} --dry-run").out
    assert (
        dry.splitlines()[0]
        == "Produkter: 1 nye, 1 endret, 0 uendret (prøvekjøring: ingenting er lagret)"
    )
    assert "~ rad 2 (sku KONS-T): endret" in dry and "unit_price: 1\xa0250 → 1\xa0300" in dry
    assert "+ rad 3 (sku NY): ny" in dry
    listed = tmp_path / "after-dry-run.csv"
    cli(f"export products -o {listed}").out  # noqa: B018
    assert "\nNY;" not in listed.read_text(encoding="utf-8-sig")
    assert cli(f"import products {path} --dry-run --json").json()["counts"]["added"] == 1
    assert cli(f"import products {path}").out.startswith("Produkter: 1 nye, 1 endret")
    assert cli(f"import products {path} --json").json()["counts"]["unchanged"] == 2

    bad = tmp_path / "bad.csv"
    bad.write_text("email;name\nny@nordlys.no;Ny\nikke-epost;Feil\n", encoding="utf-8")
    cli(f"import employees {bad}").assert_user_error("Rad 3", "ikke-epost")
    cli(f"--as {cast.user} import employees {bad}").assert_user_error("Ola Hansen")
    exported = tmp_path / "e.csv"
    cli(f"export employees -o {exported}").out  # noqa: B018
    assert "ny@nordlys.no" not in exported.read_text(encoding="utf-8-sig")


def test_accounting_codes_through_the_settings_command(seeded_axos):
    cli, cast = seeded_axos
    assert cli("settings accounting-code set invoice_method EHF 3").out == "invoice_method ehf → 3"
    assert cli("settings accounting-code set payment_terms 14 10 --json").json() == {
        "kind": "payment_terms",
        "key": "14",
        "code": "10",
    }
    assert cli("settings accounting-code show --json").json() == {
        "invoice_method": {"ehf": "3"},
        "payment_terms": {"14": "10"},
    }
    cli("settings accounting-code set invoice_method papir 1").assert_user_error("«papir»")
    cli(f"--as {cast.user} settings accounting-code set payment_terms 30 3").assert_user_error(
        "Ola Hansen"
    )
    assert cli("settings accounting-code remove payment_terms 14").out
    assert cli("settings show --json").json()["accounting_codes"]["payment_terms"] == {}


def test_customer_numbers_on_the_company_commands(seeded_axos, tmp_path):
    cli, cast = seeded_axos
    new_id = cli("company add --name 'Nummer AS' --customer-no 00042").out
    cli("company add --name 'Dobbel AS' --customer-no 00042").assert_user_error("00042", new_id)
    changed = cli(f"company set {cast.customer} --customer-no K-1 --json").json()
    assert changed["changes"] == {"customer_no": [None, "K-1"]}
    out = tmp_path / "c.csv"
    cli(f"export customers -o {out}").out  # noqa: B018
    text = out.read_text(encoding="utf-8-sig")
    assert "\n00042;;Nummer AS;" in text and "\nK-1;988077917;Fjordtun Bygg AS;" in text
    assert cli(f"company set {cast.customer} --customer-no '' --json").json()["changes"] == {
        "customer_no": ["K-1", None]
    }
