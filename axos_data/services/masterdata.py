"""Companies, contacts, employees, projects and products."""

from __future__ import annotations

from axos_data import db, money, no
from axos_data.access import Con, fetch_row, find_by_id, require_company, require_employee
from axos_data.errors import (
    AlreadyExists,
    InactiveCustomer,
    LastAdmin,
    ProjectNotOfCustomer,
    UnknownEmployee,
    UnknownProduct,
)
from axos_data.model import (
    ROLES,
    Actor,
    optional_text,
    parse_choice,
    parse_email,
    require_text,
)
from axos_data.services._base import require_admin
from axos_data.services.activity import mutate
from axos_data.services.audit import record_audit


def _insert_returning_id(con: Con, sql: str, params: list) -> int:
    return con.execute(sql + " RETURNING id", params).fetchall()[0][0]


def _created(con: Con, actor: Actor | None, entity: str, table: str, new_id: int) -> int:
    """The audit row of a new record: all its fields as the 'after'."""
    row = find_by_id(con, table, new_id) or {}
    after = {k: v for k, v in row.items() if k not in ("id", "created_at")}
    record_audit(con, actor, entity, new_id, "created", None, after)
    return new_id


def add_company(
    con: Con,
    actor: int | Actor | None,
    *,
    name: str,
    orgnr: str | None = None,
    address: str | None = None,
    postcode: str | None = None,
    city: str | None = None,
    country: str = "NO",
    email: str | None = None,
) -> int:
    """New customer; a Norwegian orgnr must pass the MOD11 check."""
    name = require_text(name, "Firmanavn")
    country = (optional_text(country, "Land") or "NO").upper()
    orgnr = optional_text(orgnr, "Organisasjonsnummer")
    if orgnr and country == "NO":
        orgnr = no.validate_orgnr(orgnr)
    email = parse_email(email)

    def work(c: Con, who: Actor) -> int:
        new_id = _insert_returning_id(
            c,
            "INSERT INTO companies (name, orgnr, address, postcode, city, country, email)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                name,
                orgnr,
                optional_text(address, "Adresse"),
                optional_text(postcode, "Postnummer"),
                optional_text(city, "Poststed"),
                country,
                email,
            ],
        )
        return _created(c, who, "company", "companies", new_id)

    return mutate(con, actor, work)


def add_contact(
    con: Con,
    actor: int | Actor | None,
    *,
    company_id: int,
    name: str,
    email: str | None = None,
    phone: str | None = None,
) -> int:
    name = require_text(name, "Navn")
    email = parse_email(email)

    def work(c: Con, who: Actor) -> int:
        company = require_company(c, company_id)
        new_id = _insert_returning_id(
            c,
            "INSERT INTO contacts (company_id, name, email, phone) VALUES (?, ?, ?, ?)",
            [company["id"], name, email, optional_text(phone, "Telefon")],
        )
        return _created(c, who, "contact", "contacts", new_id)

    return mutate(con, actor, work)


def add_employee(
    con: Con,
    actor: int | Actor | None,
    *,
    name: str,
    email: str,
    role: str = "user",
) -> int:
    """New employee. The very first one needs no actor and always becomes admin, so a fresh
    database can be bootstrapped; every later one needs an admin as actor."""
    name = require_text(name, "Navn")
    email = parse_email(require_text(email, "E-post"))
    role = parse_choice(role, ROLES, "Rolle")

    def insert(c: Con, as_role: str, who: Actor | None = None) -> int:
        if fetch_row(c, "SELECT id FROM employees WHERE lower(email) = lower(?)", [email]):
            raise AlreadyExists(f"En ansatt med e-post {email} finnes allerede.")
        new_id = _insert_returning_id(
            c, "INSERT INTO employees (name, email, role) VALUES (?, ?, ?)", [name, email, as_role]
        )
        return _created(c, who, "employee", "employees", new_id)

    def first_employee(c: Con) -> int | None:
        if c.execute("SELECT count(*) FROM employees").fetchall()[0][0] > 0:
            return None
        return insert(c, "admin")

    first = db.atomic(con, first_employee)
    if first is not None:
        return first

    def work(c: Con, who: Actor) -> int:
        require_admin(who, "legge til ansatte")
        return insert(c, role, who)

    return mutate(con, actor, work)


def set_employee_active(con: Con, actor: int | Actor, employee_id: int, active: bool) -> None:
    """Activate or deactivate an employee (admin only); never the last active admin."""

    def work(c: Con, who: Actor) -> None:
        require_admin(who, "aktivere eller deaktivere ansatte")
        row = _employee(c, employee_id)
        if not active:
            keep_an_admin(c, row, "deaktiveres")
        c.execute("UPDATE employees SET active = ? WHERE id = ?", [bool(active), row["id"]])
        if row["active"] != bool(active):
            action = "activated" if active else "deactivated"
            before, after = {"active": row["active"]}, {"active": bool(active)}
            record_audit(c, who, "employee", row["id"], action, before, after)

    mutate(con, actor, work)


def set_employee_role(con: Con, actor: int | Actor, employee_id: int, role: str) -> None:
    """Give an employee the role user or admin (admin only); never demote the last admin."""
    role = parse_choice(role, ROLES, "Rolle")

    def work(c: Con, who: Actor) -> None:
        require_admin(who, "endre roller")
        row = _employee(c, employee_id)
        if role != "admin":
            keep_an_admin(c, row, "miste administratorrollen")
        c.execute("UPDATE employees SET role = ? WHERE id = ?", [role, row["id"]])
        if row["role"] != role:
            before, after = {"role": row["role"]}, {"role": role}
            record_audit(c, who, "employee", row["id"], "changed", before, after)

    mutate(con, actor, work)


def _employee(con: Con, employee_id: object) -> dict:
    row = find_by_id(con, "employees", employee_id)
    if row is None:
        raise UnknownEmployee(f"Ansatt {employee_id} finnes ikke.")
    return row


def keep_an_admin(con: Con, employee: dict, change: str) -> None:
    """Refuse a change that would leave no active admin: nobody could then change settings,
    add employees or reopen orders, and the CLI's default actor would be gone."""
    if employee["role"] != "admin" or not employee["active"]:
        return
    others = con.execute(
        "SELECT count(*) FROM employees WHERE role = 'admin' AND active AND id <> ?",
        [employee["id"]],
    ).fetchall()[0][0]
    if others == 0:
        raise LastAdmin(
            f"{employee['name']} ({employee['id']}) er den siste aktive administratoren og kan"
            f" ikke {change}. Gi en annen ansatt administratorrollen først."
        )


def add_project(
    con: Con,
    actor: int | Actor | None,
    *,
    name: str,
    customer_id: int,
    manager_id: int | None = None,
) -> int:
    name = require_text(name, "Prosjektnavn")

    def work(c: Con, who: Actor) -> int:
        customer = require_company(c, customer_id)
        manager = require_employee(c, manager_id, "Prosjektleder")["id"] if manager_id else who.id
        new_id = _insert_returning_id(
            c,
            "INSERT INTO projects (name, customer_id, manager_id) VALUES (?, ?, ?)",
            [name, customer["id"], manager],
        )
        return _created(c, who, "project", "projects", new_id)

    return mutate(con, actor, work)


def add_product(
    con: Con,
    actor: int | Actor | None,
    *,
    sku: str,
    name: str,
    unit: str,
    unit_price: object,
    vat_rate: object = 25,
) -> int:
    sku = require_text(sku, "Varenummer")
    name = require_text(name, "Produktnavn")
    unit = require_text(unit, "Enhet")
    price = money.parse_unit_price(unit_price)
    rate = money.parse_vat_rate(vat_rate)

    def work(c: Con, who: Actor) -> int:
        if fetch_row(c, "SELECT id FROM products WHERE sku = ?", [sku]):
            raise AlreadyExists(f"Et produkt med varenummer {sku} finnes allerede.")
        new_id = _insert_returning_id(
            c,
            "INSERT INTO products (sku, name, unit, unit_price, vat_rate) VALUES (?, ?, ?, ?, ?)",
            [sku, name, unit, price, rate],
        )
        return _created(c, who, "product", "products", new_id)

    return mutate(con, actor, work)


def find_product(con: Con, product: int | str) -> dict:
    """A product by id or SKU."""
    row = fetch_row(con, "SELECT * FROM products WHERE sku = ?", [str(product).strip()])
    if row is None and str(product).strip().isdigit():
        row = fetch_row(con, "SELECT * FROM products WHERE id = ?", [int(product)])
    if row is None:
        raise UnknownProduct(f"Produkt «{product}» finnes ikke (verken som varenummer eller id).")
    return row


def require_active(row: dict, what: str) -> dict:
    """Refuse a deactivated contact or project for a new order or quote: it keeps its
    history, but gets nothing new."""
    if not row.get("active", True):
        raise InactiveCustomer(
            f"{what} {row['id']} «{row['name']}» er deaktivert og kan ikke brukes på nye ordrer"
            " eller tilbud. Aktiver den igjen om det er feil."
        )
    return row


def company_active(con: Con, company_id: int) -> bool:
    return not con.execute(
        "SELECT count(*) FROM inactive_companies WHERE company_id = ?", [company_id]
    ).fetchall()[0][0]


def require_active_customer(con: Con, customer_id: object) -> dict:
    """The customer for a new order or quote: it must exist and not be deactivated."""
    company = require_company(con, customer_id)
    if not company_active(con, company["id"]):
        raise InactiveCustomer(
            f"Firma {company['id']} «{company['name']}» er deaktivert og kan ikke få nye ordrer"
            " eller tilbud. Historikken er beholdt; aktiver firmaet igjen om det er feil."
        )
    return company


def check_project_customer(project: dict, customer_id: int) -> None:
    if project["customer_id"] != customer_id:
        raise ProjectNotOfCustomer(
            f"Prosjekt {project['id']} «{project['name']}» tilhører et annet firma"
            f" (firma {project['customer_id']}), ikke firma {customer_id}."
        )
