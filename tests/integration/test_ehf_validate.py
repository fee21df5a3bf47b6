"""The vendored Peppol BIS 3.0 / EN 16931 rules run offline and catch what matters."""

import subprocess
import sys
from pathlib import Path

import pytest

from axos_data import ehf_validate

EXAMPLES = ehf_validate.peppol_dir() / "examples"
NORWEGIAN = (EXAMPLES / "Norwegian-example-1.xml").read_bytes()


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.xml")))
def test_the_official_examples_have_no_fatal_assertion(name):
    result = ehf_validate.validate_file(EXAMPLES / name)
    assert result.valid, result.fatal


def test_a_changed_vat_total_breaks_br_co_14_and_15():
    original = b'<cbc:TaxAmount currencyID="NOK">365.28</cbc:TaxAmount>'
    assert NORWEGIAN.count(original) == 1
    changed = NORWEGIAN.replace(original, b'<cbc:TaxAmount currencyID="NOK">365.29</cbc:TaxAmount>')
    ids = {f.id for f in ehf_validate.validate_bytes(changed).fatal}
    assert {"BR-CO-14", "BR-CO-15"} <= ids


def test_a_seller_vat_id_without_mva_breaks_no_r_001():
    assert NORWEGIAN.count(b"MVA</cbc:CompanyID>") >= 1
    changed = NORWEGIAN.replace(b"MVA</cbc:CompanyID>", b"</cbc:CompanyID>", 1)
    failed = [f for f in ehf_validate.validate_bytes(changed).fatal if f.id == "NO-R-001"]
    assert failed and failed[0].message and failed[0].location


def test_a_file_with_a_doctype_is_refused_before_parsing(tmp_path):
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    )
    with pytest.raises(ehf_validate.InvalidInput, match="DOCTYPE"):
        ehf_validate.validate_bytes(hostile)


def _axos(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "axos_data.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_cli_prints_each_broken_rule_and_exits_1_on_a_fatal(tmp_path: Path):
    bad = tmp_path / "feil.xml"
    bad.write_bytes(NORWEGIAN.replace(b"MVA</cbc:CompanyID>", b"</cbc:CompanyID>", 1))
    run = _axos("export", "validate", str(EXAMPLES / "base-example.xml"), str(bad))
    assert run.returncode == 1, run.stderr
    assert "base-example.xml: gyldig" in run.stdout
    assert "feil.xml: UGYLDIG" in run.stdout
    assert "NO-R-001 (feil):" in run.stdout


def test_cli_exits_0_when_every_file_is_valid():
    run = _axos("export", "validate", str(EXAMPLES / "Norwegian-example-1.xml"))
    assert run.returncode == 0, run.stderr
    assert "UBL-CR-679 (advarsel)" in run.stdout
