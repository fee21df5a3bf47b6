"""Settings from the command line: status flow, custom fields, master data edits, audit."""

import io

from PIL import Image


def test_status_flow_commands(seeded_axos):
    cli, cast = seeded_axos
    added = cli(
        "status add venter --label 'Venter på kunde' --category open --from under_arbeid"
        " --to under_arbeid --json"
    ).json()
    assert [r["key"] for r in added][-1] == "venter"
    assert cli("status rename venter 'Venter på svar'").out is not None
    assert cli("status move venter 2").out is not None
    assert cli("status allow klar_til_fakturering venter").out is not None
    cli("status disallow fakturert purret").assert_user_error("«Purret»", "ikke kan nås")
    cli(f"--as {cast.user} status remove purret").assert_user_error("Ola Hansen")
    flow = cli("status list --json").json()
    assert [r["key"] for r in flow][:2] == ["under_arbeid", "venter"]
    assert flow[1]["label"] == "Venter på svar"
    number = cli(f"order create --customer {cast.customer} --title T --our-contact {cast.user}").out
    cli("status remove under_arbeid").assert_user_error("«Under arbeid»", "1 ordre")
    assert cli(f"order status {number} venter").out is not None
    assert cli("status remove purret").out is not None
    assert "purret" not in [r["key"] for r in cli("status list --json").json()]


def test_custom_field_commands(seeded_axos):
    cli, cast = seeded_axos
    assert (
        cli("field add avdeling --label Avdeling --type choice --option Bergen --option Oslo").out
        is not None
    )
    assert cli("field add timer --label Timer --type number --required").out is not None
    number = cli(f"order create --customer {cast.customer} --title T --our-contact {cast.user}").out
    assert cli(f"order field set {number} timer 7,5 --json").json()["timer"] == "7.5000"
    cli(f"order field set {number} timer sju").assert_user_error("sju")
    cli(f"order field set {number} avdeling Tromsø").assert_user_error("Tromsø", "Bergen")
    cli(f"order field set {number} timer ''").assert_user_error("påkrevd")
    assert cli("field move timer 1").out is not None
    assert [f["key"] for f in cli("field list --json").json()] == ["timer", "avdeling"]
    assert cli("field remove avdeling").out is not None
    assert [f["key"] for f in cli("field list --json").json()] == ["timer"]
    cli(f"--as {cast.user} field add x --label X").assert_user_error("Ola Hansen")


def test_master_data_set_and_audit(seeded_axos, tmp_path):
    cli, cast = seeded_axos
    changed = cli(f"company set {cast.customer} --name 'Havbris AS' --active nei --json").json()
    assert changed["changes"]["name"] == ["Fjordtun Bygg AS", "Havbris AS"]
    cli(
        f"order create --customer {cast.customer} --title T --our-contact {cast.user}"
    ).assert_user_error("Havbris AS", "deaktivert")
    cli(f"company set {cast.customer} --orgnr 123456789").assert_user_error("123456789")
    cli(f"--as {cast.user} employee set {cast.admin} --name X").assert_user_error("Ola Hansen")
    assert cli("product set 1 --price 1300 --vat 15").out is not None
    logo = tmp_path / "logo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (30, 10), (0, 80, 160)).save(buffer, format="PNG")
    logo.write_bytes(buffer.getvalue())
    assert cli(f"settings logo {logo}").out is not None
    (tmp_path / "fake.png").write_bytes(b"not an image")
    cli(f"settings logo {tmp_path / 'fake.png'}").assert_user_error("fake.png")
    assert cli("settings set company_phone '55 55 55 55'").out is not None
    entries = cli("audit --since 2000-01-01 --json").json()
    kinds = [(e["entity"], e["action"]) for e in entries[:4]]
    assert kinds == [
        ("settings", "changed"),
        ("company_logo", "changed"),
        ("product", "changed"),
        ("company", "deactivated"),
    ]
    assert entries[0]["changes"] == {"company_phone": ["", "55 55 55 55"]}
    assert "Havbris AS" in cli("audit").out
    assert cli("audit --since 2999-01-01 --json").json() == []
