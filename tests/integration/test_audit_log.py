"""The audit primitive: only changed fields are kept, rows come back newest first."""

from axos_data.access import acting_employee
from axos_data.services.audit import audit_entries, changed_fields, record_audit


def test_changed_fields_keeps_only_differences():
    assert changed_fields({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {
        "b": [2, 3],
        "c": [None, 4],
    }
    assert changed_fields(None, None) == {}


def test_record_and_read_back(con, seeded):
    admin = acting_employee(con)
    record_audit(con, admin, "setting", "x", "changed", {"value": 1}, {"value": 2})
    record_audit(con, admin, "company", 7, "created", None, {"name": "Fjord AS"})
    newest, older = audit_entries(con)[:2]
    assert newest["entity"] == "company" and newest["entity_id"] == "7"
    assert newest["changes"] == {"name": [None, "Fjord AS"]}
    assert older["changes"] == {"value": [1, 2]}
    assert newest["actor_name"] == admin.name
