"""`axos payments …` through the real command: import (CSV and camt.054), list, overdue,
remind, and one-line errors for bad files."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import axos_data as ax
from tests.integration.payment_support import INVOICED_AT, invoiced_order, kid, write_csv

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LATER = {"AXOS_NOW": "2026-12-15T09:00:00"}


def _invoiced(cli, cast, count: int) -> list[int]:
    """Orders invoiced on 20.11.2026 (due 04.12.2026), made with the library on the file."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AXOS_NOW", INVOICED_AT)
        con = ax.connect(cli.db_path)
        numbers = [invoiced_order(con, cast) for _ in range(count)]
        con.close()
    return numbers


def test_import_list_overdue_and_remind(seeded_axos, tmp_path):
    cli, cast = seeded_axos
    paid, partial, late = _invoiced(cli, cast, 3)
    file = write_csv(
        tmp_path / "innbetalinger.csv",
        [
            ("03.12.2026", "12 500,00", kid(paid), "Fjordtun Bygg AS", ""),
            ("03.12.2026", "2 500,00", kid(partial), "Fjordtun Bygg AS", ""),
            ("03.12.2026", "99,00", "55555", "Ukjent", ""),
        ],
        header=("Bokført", "Beløp", "KID", "Betaler", "Tekst"),
    )
    mapping = "--mapping date=Bokført,amount=Beløp,kid=KID,payer=Betaler,text=Tekst"
    dry = cli(f"payments import {file} {mapping} --dry-run --json", env=LATER).json()
    assert dry["dry_run"] and dry["paid_orders"] == [paid]
    done = cli(f"payments import {file} {mapping} --json", env=LATER).json()
    assert (done["new"], done["matched"], done["paid_orders"]) == (3, 2, [paid])
    assert [d["order_no"] for d in done["differences"]] == [partial]
    assert [u["kid"] for u in done["unmatched"]] == ["55555"]
    again = cli(f"payments import {file} {mapping}", env=LATER).out
    assert "0 nye" in again and "3 importert fra før" in again

    assert [r["kid"] for r in cli("payments list --unmatched --json").json()] == ["55555"]
    differences = cli("payments list --differences --json").json()
    assert [(d["order_no"], d["difference"]) for d in differences] == [(partial, "-10000.00")]

    overdue = cli("payments overdue --json", env=LATER).json()
    assert [(r["order_no"], r["days_overdue"], r["outstanding"]) for r in overdue] == [
        (partial, 11, "10000.00"),
        (late, 11, "12500.00"),
    ]
    out = tmp_path / "purringer"
    reminded = cli(
        f"payments remind {partial} {late} --out-dir {out} --new-due 2027-01-04 --json",
        env=LATER,
    ).json()
    assert reminded["moved"] == [partial, late]
    text = subprocess.run(
        ["pdftotext", str(out / f"purring-{partial}-1.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace("\u00a0", " ")
    for fragment in ("Purring", "12 500,00", "2 500,00", "10 000,00", "04.01.2027", kid(partial)):
        assert fragment in text, fragment
    assert cli("payments overdue --json", env=LATER).json() == []
    assert cli("check").returncode == 0


def test_camt054_import_through_the_command(seeded_axos, tmp_path):
    cli, cast = seeded_axos
    paid, partial = _invoiced(cli, cast, 2)
    xml = (FIXTURES / "camt054_kid.xml").read_text(encoding="utf-8")
    xml = xml.replace("{KID1}", kid(paid)).replace("{KID2}", kid(partial))
    file = tmp_path / "camt054.xml"
    file.write_text(xml.replace("{KID3}", "17"), encoding="utf-8")
    result = cli(f"payments import {file} --json", env=LATER).json()
    assert (result["file_format"], result["read"], result["paid_orders"]) == ("camt.054", 3, [paid])


def test_bad_files_are_one_line_errors(seeded_axos, tmp_path):
    cli, _cast = seeded_axos
    bad = write_csv(
        tmp_path / "bad.csv", [("03.12.2026", "12,50", "", "", ""), ("xx", "1", "", "", "")]
    )
    cli(f"payments import {bad}").assert_user_error("bad.csv, linje 3", "xx")
    hostile = tmp_path / "evil.xml"
    hostile.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "y">]>\n<Document/>', encoding="utf-8"
    )
    cli(f"payments import {hostile}").assert_user_error("evil.xml", "DTD")
    cli(f"payments import {tmp_path / 'missing.csv'}").assert_user_error("missing.csv")
    cli(f"payments import {bad} --mapping nonsense").assert_user_error("FELT=KOLONNE")
    assert cli("payments list --json").json() == []
