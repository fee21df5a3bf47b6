"""db.atomic retries write conflicts, but a genuine duplicate key fails at once as
DuplicateValue naming the value (not a long retry loop ending in ConcurrentModification)."""

import pytest

import axos_data as ax


def test_a_genuine_duplicate_fails_after_one_fresh_attempt_naming_the_value(con, seeded):
    attempts = []

    def work(c):
        attempts.append(1)
        c.execute(
            "INSERT INTO products (sku, name, unit, unit_price, vat_rate, vat_code)"
            " VALUES ('KONS-T', 'Kopi', 't', 1, 25, 'standard')"
        )

    with pytest.raises(ax.DuplicateValue) as caught:
        ax.atomic(con, work, timeout=60)
    assert len(attempts) == 2  # the first, and one on a fresh snapshot: no retry loop
    assert "«KONS-T»" in str(caught.value)
    assert isinstance(caught.value, ax.AlreadyExists)
    assert con.execute("SELECT count(*) FROM products WHERE sku = 'KONS-T'").fetchall() == [(1,)]


def test_a_duplicate_committed_by_another_session_meanwhile_is_answered_by_the_fresh_attempt(
    con, seeded
):
    """The row arrives after our transaction began, so our own check cannot see it; the
    fresh attempt sees it and the service's rule answers (AlreadyExists), not a retry loop."""
    other = con.cursor()
    attempts = []

    def work(c):
        attempts.append(1)
        c.execute("SELECT count(*) FROM products").fetchall()  # our snapshot starts here
        if len(attempts) == 1:
            other.execute(
                "INSERT INTO products (sku, name, unit, unit_price, vat_rate, vat_code)"
                " VALUES ('NY-1', 'Fra en annen økt', 'stk', 1, 25, 'standard')"
            )
        if c.execute("SELECT 1 FROM products WHERE sku = 'NY-1'").fetchall():
            raise ax.AlreadyExists("Et produkt med varenummer NY-1 finnes allerede.")
        c.execute(
            "INSERT INTO products (sku, name, unit, unit_price, vat_rate, vat_code)"
            " VALUES ('NY-1', 'Vår', 'stk', 1, 25, 'standard')"
        )

    with pytest.raises(ax.AlreadyExists) as caught:
        ax.atomic(con, work)
    assert not isinstance(caught.value, ax.DuplicateValue)
    assert len(attempts) == 2


def test_a_duplicate_found_at_commit_is_a_write_conflict_and_retried(con, seeded):
    """Two open transactions insert the same key: the later commit fails with a
    TransactionException, which is retried; the retry then sees the other row."""
    other = con.cursor()
    attempts = []

    def work(c):
        attempts.append(1)
        c.execute("SELECT count(*) FROM products").fetchall()
        if c.execute("SELECT 1 FROM products WHERE sku = 'NY-2'").fetchall():
            return "fantes"
        c.execute(
            "INSERT INTO products (sku, name, unit, unit_price, vat_rate, vat_code)"
            " VALUES ('NY-2', 'Vår', 'stk', 1, 25, 'standard')"
        )
        if len(attempts) == 1:
            other.execute(
                "INSERT INTO products (sku, name, unit, unit_price, vat_rate, vat_code)"
                " VALUES ('NY-2', 'Deres', 'stk', 1, 25, 'standard')"
            )
        return "satt inn"

    assert ax.atomic(con, work) == "fantes"
    assert len(attempts) == 2
    assert con.execute("SELECT name FROM products WHERE sku = 'NY-2'").fetchall() == [("Deres",)]


def test_adding_an_existing_sku_or_email_through_the_services_names_it(con, seeded):
    with pytest.raises(ax.AlreadyExists, match="KONS-T"):
        ax.add_product(con, seeded.admin, sku="KONS-T", name="X", unit="t", unit_price="1")
    with pytest.raises(ax.AlreadyExists, match=r"ola@nordlys\.no"):
        ax.add_employee(con, seeded.admin, name="Ola 2", email="ola@nordlys.no")
