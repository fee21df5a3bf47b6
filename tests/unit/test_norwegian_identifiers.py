"""Organisation numbers (MOD11), bank accounts (11 digits, MOD11) and KID (MOD10/MOD11),
checked against published examples (python-stdnum's docs, Brønnøysund, the norwegian-numbers
test suite, the IBM modulus-11 worked example)."""

import pytest

from axos_data import no
from axos_data.errors import InvalidBankAccount, InvalidKid, InvalidOrgNumber


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("988077917", "988077917"),
        ("923609016", "923609016"),
        ("123456785", "123456785"),
        ("998447356", "998447356"),
        ("988 077 917", "988077917"),
        ("NO 988 077 917 MVA", "988077917"),
        ("no988077917mva", "988077917"),
    ],
)
def test_valid_organisation_numbers(text, digits):
    assert no.validate_orgnr(text) == digits


@pytest.mark.parametrize(
    "text", ["988077918", "123456789", "98807791", "9880779170", "abcdefghi", "", "000000001"]
)
def test_invalid_organisation_numbers_name_the_value(text):
    with pytest.raises(InvalidOrgNumber) as caught:
        no.validate_orgnr(text)
    assert f"«{text}»" in str(caught.value)


def test_format_orgnr_plain_and_vat_registered():
    assert no.format_orgnr("988077917") == "988 077 917"
    assert no.format_orgnr("988077917", vat_registered=True) == "NO 988 077 917 MVA"


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("86011117947", "86011117947"),
        ("8601 11 17947", "86011117947"),
        ("8601.11.17947", "86011117947"),
        ("7694 05 12057", "76940512057"),
        ("12345678903", "12345678903"),
    ],
)
def test_valid_bank_accounts(text, digits):
    assert no.validate_bank_account(text) == digits


@pytest.mark.parametrize(
    "text", ["8601 11 17949", "12345678901", "1234567890", "123456789012", "4090403", "abc", ""]
)
def test_invalid_bank_accounts_name_the_value(text):
    with pytest.raises(InvalidBankAccount) as caught:
        no.validate_bank_account(text)
    assert f"«{text}»" in str(caught.value)


def test_bank_account_is_formatted_4_2_5():
    assert no.format_bank_account("12345678903") == "1234 56 78903"
    assert no.format_bank_account("8601.11.17947") == "8601 11 17947"


@pytest.mark.parametrize(
    ("base", "kid"),
    [("1234", "12344"), ("234567", "2345676"), ("0", "00")],
)
def test_kid_mod10_published_examples(base, kid):
    assert no.make_kid(base, method="mod10") == kid
    assert no.is_valid_kid(kid, "mod10")


@pytest.mark.parametrize(
    ("base", "kid"),
    [
        ("1234567890", "12345678903"),
        ("31", "310"),  # remainder 0 -> check digit 0
        ("40", "40-"),  # remainder 1 -> check "10" is written as '-'
        ("516192872", "5161928722"),
    ],
)
def test_kid_mod11_published_examples(base, kid):
    assert no.make_kid(base, method="mod11") == kid
    assert no.is_valid_kid(kid, "mod11")
    assert no.validate_kid(kid, "mod11") == kid


def test_kid_is_zero_padded_to_the_requested_length():
    kid = no.make_kid(10042, length=10)
    assert kid == "000010042" + no.kid_check_digit("000010042")
    assert len(kid) == 10
    assert no.is_valid_kid(kid)


def test_kid_too_long_for_the_requested_length_is_refused():
    with pytest.raises(InvalidKid) as caught:
        no.make_kid(123456, length=6)
    assert "123456" in str(caught.value)


@pytest.mark.parametrize("kid", ["12345", "2345677", "12345678904", "41-", "1", "x2344", "1" * 26])
def test_kids_with_wrong_check_digit_or_format_are_invalid(kid):
    assert not no.is_valid_kid(kid)
    with pytest.raises(InvalidKid) as caught:
        no.validate_kid(kid)
    assert f"«{kid}»" in str(caught.value)


def test_without_a_method_either_check_digit_is_accepted():
    assert no.is_valid_kid("12344")  # MOD10 only
    assert not no.is_valid_kid("12344", "mod11")
    assert no.is_valid_kid("5161928722")  # MOD11 only
    assert not no.is_valid_kid("5161928722", "mod10")
    assert no.is_valid_kid("40-")
    assert not no.is_valid_kid("40-", "mod10")


def test_kid_base_must_be_digits_and_method_known():
    with pytest.raises(InvalidKid):
        no.kid_check_digit("12a4")
    with pytest.raises(InvalidKid) as caught:
        no.kid_check_digit("1234", "mod97")
    assert "mod97" in str(caught.value)
