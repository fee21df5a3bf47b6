"""axos company/contact/employee/project/product add."""

from __future__ import annotations

import click

from axos_data import money, services
from axos_data.cli._common import State, emit, with_state
from axos_data.model import ROLES


def _created(state: State, new_id: int) -> None:
    emit(state, {"id": new_id}, str(new_id))


@click.group("company")
def company() -> None:
    """Customers (firma)."""


@company.command("add")
@click.option("--name", required=True)
@click.option("--orgnr", default=None, help="9 digits, MOD11-checked when the country is NO.")
@click.option("--address", default=None)
@click.option("--postcode", default=None)
@click.option("--city", default=None)
@click.option("--country", default="NO", show_default=True)
@click.option("--email", default=None)
@with_state
def company_add(state: State, **fields: str | None) -> None:
    """Add a company; prints its id."""
    _created(state, services.add_company(state.con, state.actor(), **fields))


@click.group("contact")
def contact() -> None:
    """Contact persons at customers."""


@contact.command("add")
@click.option("--company", "company_id", type=int, required=True)
@click.option("--name", required=True)
@click.option("--email", default=None)
@click.option("--phone", default=None)
@with_state
def contact_add(state: State, **fields: object) -> None:
    """Add a contact person to a company; prints its id."""
    _created(state, services.add_contact(state.con, state.actor(), **fields))


@click.group("employee")
def employee() -> None:
    """Employees (ansatte)."""


@employee.command("add")
@click.option("--name", required=True)
@click.option("--email", required=True)
@click.option("--admin", is_flag=True, help="Give the employee the admin role.")
@with_state
def employee_add(state: State, name: str, email: str, admin: bool) -> None:
    """Add an employee (the first one becomes admin and needs no --as); prints its id."""
    has_employees = state.con.execute("SELECT count(*) FROM employees").fetchall()[0][0] > 0
    actor = state.actor() if has_employees else None
    new_id = services.add_employee(
        state.con, actor, name=name, email=email, role="admin" if admin else "user"
    )
    _created(state, new_id)


@employee.command("deactivate")
@click.argument("employee_id", type=int)
@with_state
def employee_deactivate(state: State, employee_id: int) -> None:
    """Deactivate an employee (never the last active admin)."""
    services.set_employee_active(state.con, state.actor(), employee_id, False)
    emit(state, {"id": employee_id, "active": False}, f"Ansatt {employee_id} er deaktivert")


@employee.command("activate")
@click.argument("employee_id", type=int)
@with_state
def employee_activate(state: State, employee_id: int) -> None:
    """Activate an employee again."""
    services.set_employee_active(state.con, state.actor(), employee_id, True)
    emit(state, {"id": employee_id, "active": True}, f"Ansatt {employee_id} er aktiv")


@employee.command("role")
@click.argument("employee_id", type=int)
@click.argument("role", type=click.Choice(ROLES))
@with_state
def employee_role(state: State, employee_id: int, role: str) -> None:
    """Give an employee the role user or admin (never demote the last active admin)."""
    services.set_employee_role(state.con, state.actor(), employee_id, role)
    emit(state, {"id": employee_id, "role": role}, f"Ansatt {employee_id} har rollen {role}")


@click.group("project")
def project() -> None:
    """Projects."""


@project.command("add")
@click.option("--name", required=True)
@click.option("--customer", "customer_id", type=int, required=True)
@click.option("--manager", "manager_id", type=int, default=None)
@with_state
def project_add(state: State, **fields: object) -> None:
    """Add a project for a customer; prints its id."""
    _created(state, services.add_project(state.con, state.actor(), **fields))


@click.group("product")
def product() -> None:
    """Products (varer)."""


@product.command("add")
@click.option("--sku", required=True)
@click.option("--name", required=True)
@click.option("--unit", required=True)
@click.option("--price", "unit_price", required=True, help="Unit price, up to 4 decimals.")
@click.option(
    "--vat",
    "vat_rate",
    default="25",
    show_default=True,
    help=f"VAT rate in %: {', '.join(map(str, money.VAT_RATES))}.",
)
@with_state
def product_add(state: State, **fields: object) -> None:
    """Add a product; prints its id."""
    _created(state, services.add_product(state.con, state.actor(), **fields))


def _set_command(kind: str, options: list[click.Option]) -> click.Command:
    """`axos KIND set ID --field value…`: only the options given are changed."""

    @with_state
    def command(state: State, record_id: int, **fields: object) -> None:
        changes = {key: value for key, value in fields.items() if value is not None}
        if not changes:
            raise click.UsageError("Oppgi minst ett felt å endre, f.eks. --name.")
        diff = services.update_record(state.con, state.actor(), kind, record_id, **changes)
        text = "; ".join(f"{k}: {b} → {a}" for k, (b, a) in diff.items()) or "ingen endring"
        emit(state, {"id": record_id, "changes": diff}, text)

    command.__doc__ = f"Change fields of a {kind}; --active no deactivates it."
    command = click.argument("record_id", type=int)(command)
    for option in reversed(options):
        command = option(command)
    return click.command("set")(command)


def _opt(name: str, key: str | None = None, **kwargs: object):
    return click.option(f"--{name}", key or name.replace("-", "_"), default=None, **kwargs)


_ACTIVE = _opt("active", help="ja/nei: nei deactivates (keeps the history).")
company.add_command(
    _set_command(
        "company",
        [
            _opt("name"),
            _opt("orgnr"),
            _opt("address"),
            _opt("postcode"),
            _opt("city"),
            _opt("country"),
            _opt("email"),
            _ACTIVE,
        ],
    )
)
contact.add_command(_set_command("contact", [_opt("name"), _opt("email"), _opt("phone"), _ACTIVE]))
employee.add_command(
    _set_command(
        "employee",
        [_opt("name"), _opt("email"), _opt("role", type=click.Choice(ROLES)), _ACTIVE],
    )
)
project.add_command(_set_command("project", [_opt("name"), _opt("manager", "manager_id"), _ACTIVE]))
product.add_command(
    _set_command(
        "product",
        [
            _opt("name"),
            _opt("unit"),
            _opt("price", "unit_price"),
            _opt("vat", "vat_rate"),
            _ACTIVE,
        ],
    )
)


def register(cli: click.Group) -> None:
    for group in (company, contact, employee, project, product):
        cli.add_command(group)
