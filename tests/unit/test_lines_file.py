"""Reading quote lines from CSV (comma or semicolon) and JSON files."""

import json

import pytest

from axos_data.errors import InvalidInput
from axos_data.lines_file import read_lines_file


def test_csv_with_commas(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text(
        "description,quantity,unit,unit_price,discount_pct,vat_rate,group\n"
        "Konsulent,2.5,t,1250,10,25,Arbeid\n"
        "Frakt,1,stk,300,,,\n",
        encoding="utf-8",
    )
    assert read_lines_file(path) == [
        {
            "description": "Konsulent",
            "quantity": "2.5",
            "unit": "t",
            "unit_price": "1250",
            "discount_pct": "10",
            "vat_rate": "25",
            "group": "Arbeid",
        },
        {"description": "Frakt", "quantity": "1", "unit": "stk", "unit_price": "300"},
    ]


def test_csv_with_semicolons_and_decimal_commas_and_bom(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text(
        "\ufeffdescription;quantity;unit;unit_price\nKaffe;1,333;kg;189,90\n", encoding="utf-8"
    )
    assert read_lines_file(path) == [
        {"description": "Kaffe", "quantity": "1,333", "unit": "kg", "unit_price": "189,90"}
    ]


def test_json_list_or_object_with_lines(tmp_path):
    rows = [{"product": "KONS-T", "quantity": 2}, {"description": "Frakt", "quantity": 1}]
    as_list = tmp_path / "a.json"
    as_list.write_text(json.dumps(rows), encoding="utf-8")
    as_object = tmp_path / "b.json"
    as_object.write_text(json.dumps({"lines": rows}), encoding="utf-8")
    assert read_lines_file(as_list) == rows
    assert read_lines_file(as_object) == rows


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("bad.json", "[{", "bad.json"),
        ("bad.json", '{"rows": []}', "liste"),
        ("bad.csv", "description,price\nx,1\n", "price"),
        ("bad.xlsx", "x", "bad.xlsx"),
        ("empty.csv", "", "empty.csv"),
    ],
)
def test_malformed_files_raise_invalid_input_naming_the_problem(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_lines_file(path)
    assert fragment in str(caught.value)


def test_missing_file_raises_invalid_input(tmp_path):
    with pytest.raises(InvalidInput) as caught:
        read_lines_file(tmp_path / "nowhere.csv")
    assert "nowhere.csv" in str(caught.value)


@pytest.mark.parametrize("name", ["linjer\x00.csv", "linjer\ud800.json"])
def test_a_name_no_file_can_have_is_refused_as_invalid_input(name):
    with pytest.raises(InvalidInput, match="har et navn ingen fil kan ha"):
        read_lines_file(name)
