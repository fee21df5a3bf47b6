"""Quotes from the command line: create with a CSV or JSON lines file, status, convert."""

import json

import axos_data as ax

CSV = """description;quantity;unit;unit_price;discount_pct;vat_rate;group;product
;7,5;;;12,5;;Arbeid;KONS-T
Reise;1;stk;1499,9951;;12;Arbeid;
;1,333;;;;;Materiell;MAT-KG
"""
LINES_JSON = {
    "lines": [
        {"product": "KONS-T", "quantity": "7.5", "discount_pct": "12.5", "group": "Arbeid"},
        {"description": "Reise", "quantity": 1, "unit": "stk", "unit_price": "1499.9951",
         "vat_rate": 12, "group": "Arbeid"},
        {"product": "MAT-KG", "quantity": "1.333", "group": "Materiell"},
    ]
}  # fmt: skip


def test_quote_from_csv_and_from_json_are_the_same(seeded_axos, tmp_path):
    cli, cast = seeded_axos
    csv_file = tmp_path / "linjer.csv"
    csv_file.write_text(CSV, encoding="utf-8")
    json_file = tmp_path / "linjer.json"
    json_file.write_text(json.dumps(LINES_JSON), encoding="utf-8")
    common = f"quote create --customer {cast.customer} --our-contact {cast.user} --title Lager"
    from_csv = cli(f"{common} --contact {cast.contact} --lines {csv_file}").out
    from_json = cli(f"{common} --lines {json_file} --json").json()["id"]
    assert (int(from_csv), from_json) == (1, 2)
    con = ax.connect(cli.db_path)
    try:
        rows = [
            ax.views.quote_detail(con, quote_id)[1]
            .select("group_title", "description", "quantity", "unit_price", "vat_rate", "amount")
            .rows()
            for quote_id in (1, 2)
        ]
        header = ax.views.quote_detail(con, 1)[0]
    finally:
        con.close()
    assert rows[0] == rows[1]
    assert [r[1] for r in rows[0]] == ["Konsulenttime", "Reise", "Kaffe"]
    assert header["status"] == "draft"
    # net 8203.13 (8203.125) + 1500.00 (1499.9951) + 253.14; VAT 2050.78 + 180.00 + 37.97
    assert str(header["total"]) == "12225.02"


def test_quote_status_and_convert(seeded_axos, tmp_path):
    cli, cast = seeded_axos
    lines = tmp_path / "l.json"
    lines.write_text(json.dumps(LINES_JSON), encoding="utf-8")
    quote_id = cli(
        f"quote create --customer {cast.customer} --our-contact {cast.user} --title Lager"
        f" --project {cast.project} --reference RFQ-1 --lines {lines}"
    ).out
    draft = cli(f"quote convert {quote_id}")
    draft.assert_user_error(f"Tilbud {quote_id}", "Utkast")
    moved = cli(f"quote status {quote_id} accepted --json").json()
    assert moved == {"id": int(quote_id), "from": "draft", "to": "accepted"}
    order_no = cli(f"quote convert {quote_id}").out
    assert order_no == "10001"
    again = cli(f"quote convert {quote_id}")
    again.assert_user_error(f"Tilbud {quote_id}", "allerede konvertert", "ordre 10001")
    shown = cli(f"order show {order_no} --json").json()
    assert (shown["quote_id"], shown["title"], shown["customer_ref"]) == (
        int(quote_id),
        "Lager",
        "RFQ-1",
    )
    assert shown["project"] == {"id": cast.project, "name": "Nytt lager"}
    assert [g["title"] for g in shown["groups"]] == ["Arbeid", "Materiell"]
    assert shown["totals"]["total"] == "12225.02"
    quote = cli(f"quote show {quote_id} --json").json()
    assert (quote["status"], quote["order_no"], quote["total"]) == ("converted", 10001, "12225.02")
    listed = cli("quote list --status converted --json").json()
    assert [q["id"] for q in listed] == [int(quote_id)]
