"""Every write: one transaction each, with the acting employee and the activity row."""

from axos_data.services.activity import add_comment
from axos_data.services.convert import can_convert_quote, convert_quote
from axos_data.services.custom_fields import (
    define_custom_field,
    list_custom_fields,
    set_custom_value,
)
from axos_data.services.files import add_file, collect_garbage, max_file_bytes, remove_file
from axos_data.services.groups import add_group, remove_group, rename_group, reorder_groups
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
from axos_data.services.orders import create_order, update_order
from axos_data.services.quotes import create_quote, set_quote_status
from axos_data.services.relations import relate, unrelate
from axos_data.services.settings import (
    add_status,
    get_setting,
    get_settings,
    missing_company_profile,
    set_transition,
    update_settings,
)
from axos_data.services.status import allowed_statuses, change_status
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
    "add_comment",
    "add_company",
    "add_contact",
    "add_employee",
    "add_file",
    "add_group",
    "add_line",
    "add_product",
    "add_project",
    "add_status",
    "allowed_statuses",
    "can_convert_quote",
    "change_status",
    "check_login",
    "clear_password",
    "collect_garbage",
    "convert_quote",
    "create_order",
    "create_quote",
    "define_custom_field",
    "find_product",
    "get_setting",
    "get_settings",
    "grant_right",
    "list_custom_fields",
    "list_users",
    "login_allowed",
    "max_file_bytes",
    "missing_company_profile",
    "move_line",
    "passwords_in_use",
    "recompute_totals",
    "relate",
    "remove_file",
    "remove_group",
    "remove_line",
    "rename_group",
    "reorder_groups",
    "reorder_lines",
    "revoke_right",
    "set_custom_value",
    "set_employee_active",
    "set_employee_role",
    "set_login_disabled",
    "set_password",
    "set_quote_status",
    "set_transition",
    "unrelate",
    "update_line",
    "update_order",
    "update_settings",
]
