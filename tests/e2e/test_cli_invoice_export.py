"""`axos export invoices` through the real command."""

import json


def _ready_order(cli, cast, method):
    order_no = cli(
        f"order create --customer {cast.customer} --title T --our-contact {cast.user}"
        f" --invoice-method {method} --json"
    ).json()["order_no"]
    cli(f"order line add {order_no} --product KONS-T --qty 2").out  # noqa: B018
    cli(f"order status {order_no} klar_til_fakturering").out  # noqa: B018
    return order_no


def test_export_invoices_json_refused_reexport_and_reexport(seeded_axos, tmp_path):
    cli, cast = seeded_axos
    ehf_order = _ready_order(cli, cast, "ehf")
    mail_order = _ready_order(cli, cast, "email")
    out = tmp_path / "out"
    report = cli(f"export invoices --out-dir {out} --json").json()
    assert set(report) == {
        "batch_id",
        "folder",
        "order_count",
        "orders",
        "totals",
        "files",
        "not_ehf",
    }
    assert [o["order_no"] for o in report["orders"]] == [ehf_order, mail_order]
    assert report["not_ehf"] == [{"order_no": mail_order, "reason": "Fakturametoden er ikke EHF."}]
    assert "ehf/1.xml" in report["files"] and "manifest.json" in report["files"]
    manifest = json.loads((out / "fakturagrunnlag-000001" / "manifest.json").read_text())
    assert manifest["totals"] == report["totals"]
    assert cli(f"order show {ehf_order} --json").json()["status"] == "fakturert"
    cli(f"export invoices --out-dir {out} --order {ehf_order}").assert_user_error(
        str(ehf_order), "--reexport"
    )
    folder = cli(f"export invoices --out-dir {out} --order {ehf_order} --reexport").out
    assert folder.endswith("fakturagrunnlag-000002")
    cli(f"export validate {folder}/ehf/1.xml").out  # noqa: B018 - valid, exit 0
