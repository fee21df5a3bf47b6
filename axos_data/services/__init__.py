"""Every write: one transaction each, with the acting employee and the activity row."""

from axos_data.services.accounting_codes import (
    accounting_code,
    accounting_codes,
    remove_accounting_code,
    require_accounting_code,
    set_accounting_code,
)
from axos_data.services.activity import add_comment
from axos_data.services.api_tokens import (
    create_api_token,
    employee_for_api_token,
    list_api_tokens,
    revoke_api_token,
)
from axos_data.services.audit import audit_entries
from axos_data.services.company_logo import company_logo, remove_company_logo, set_company_logo
from axos_data.services.convert import can_convert_quote, convert_quote
from axos_data.services.custom_fields import (
    define_custom_field,
    list_custom_fields,
    missing_required_fields,
    move_custom_field,
    remove_custom_field,
    set_custom_value,
    update_custom_field,
)
from axos_data.services.dunning import remind_orders
from axos_data.services.files import add_file, collect_garbage, max_file_bytes, remove_file
from axos_data.services.following import follow_order, unfollow_order
from axos_data.services.groups import add_group, remove_group, rename_group, reorder_groups
from axos_data.services.invoice_export import export_invoices
from axos_data.services.lines import (
    add_line,
    move_line,
    recompute_totals,
    remove_line,
    reorder_lines,
    update_line,
)
from axos_data.services.masterdata import (
    add_company,
    add_contact,
    add_employee,
    add_product,
    add_project,
    find_product,
    set_employee_active,
    set_employee_role,
)
from axos_data.services.masterdata_edit import update_record
from axos_data.services.masterdata_import import ImportReport, RowOutcome, import_masterdata
from axos_data.services.notifications import (
    mark_all_read,
    mark_read,
    notifications,
    unread_count,
)
from axos_data.services.orders import create_order, update_order
from axos_data.services.payments import import_payments
from axos_data.services.quotes import create_quote, set_quote_status
from axos_data.services.relations import relate, unrelate
from axos_data.services.reminders import add_reminder, fire_due_reminders
from axos_data.services.settings import (
    add_invoice_method,
    get_setting,
    get_settings,
    invoice_methods,
    missing_company_profile,
    remove_invoice_method,
    update_settings,
)
from axos_data.services.status import allowed_statuses, change_status
from axos_data.services.status_flow import (
    add_status,
    move_status,
    remove_status,
    rename_status,
    set_transition,
    transition_matrix,
    update_status,
)
from axos_data.services.tasks import add_task, complete_task, reopen_task
from axos_data.services.users import (
    check_login,
    clear_password,
    grant_right,
    list_users,
    login_allowed,
    passwords_in_use,
    revoke_right,
    set_login_disabled,
    set_password,
)

__all__ = [
    "ImportReport",
    "RowOutcome",
    "accounting_code",
    "accounting_codes",
    "add_comment",
    "add_company",
    "add_contact",
    "add_employee",
    "add_file",
    "add_group",
    "add_invoice_method",
    "add_line",
    "add_product",
    "add_project",
    "add_reminder",
    "add_status",
    "add_task",
    "allowed_statuses",
    "audit_entries",
    "can_convert_quote",
    "change_status",
    "check_login",
    "clear_password",
    "collect_garbage",
    "company_logo",
    "complete_task",
    "convert_quote",
    "create_api_token",
    "create_order",
    "create_quote",
    "define_custom_field",
    "employee_for_api_token",
    "export_invoices",
    "find_product",
    "fire_due_reminders",
    "follow_order",
    "get_setting",
    "get_settings",
    "grant_right",
    "import_masterdata",
    "import_payments",
    "invoice_methods",
    "list_api_tokens",
    "list_custom_fields",
    "list_users",
    "login_allowed",
    "mark_all_read",
    "mark_read",
    "max_file_bytes",
    "missing_company_profile",
    "missing_required_fields",
    "move_custom_field",
    "move_line",
    "move_status",
    "notifications",
    "passwords_in_use",
    "recompute_totals",
    "relate",
    "remind_orders",
    "remove_accounting_code",
    "remove_company_logo",
    "remove_custom_field",
    "remove_file",
    "remove_group",
    "remove_invoice_method",
    "remove_line",
    "remove_status",
    "rename_group",
    "rename_status",
    "reopen_task",
    "reorder_groups",
    "reorder_lines",
    "require_accounting_code",
    "revoke_api_token",
    "revoke_right",
    "set_accounting_code",
    "set_company_logo",
    "set_custom_value",
    "set_employee_active",
    "set_employee_role",
    "set_login_disabled",
    "set_password",
    "set_quote_status",
    "set_transition",
    "transition_matrix",
    "unfollow_order",
    "unread_count",
    "unrelate",
    "update_custom_field",
    "update_line",
    "update_order",
    "update_record",
    "update_settings",
    "update_status",
]
