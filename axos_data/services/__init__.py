"""Every write: one transaction each, with the acting employee and the activity row."""

from axos_data.services.activity import add_comment
from axos_data.services.convert import can_convert_quote, convert_quote
from axos_data.services.custom_fields import (
    define_custom_field,
    list_custom_fields,
    set_custom_value,
)
from axos_data.services.following import follow_order, unfollow_order
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
from axos_data.services.notifications import (
    mark_all_read,
    mark_read,
    notifications,
    unread_count,
)
from axos_data.services.orders import create_order, update_order
from axos_data.services.quotes import create_quote, set_quote_status
from axos_data.services.reminders import add_reminder, fire_due_reminders
from axos_data.services.settings import (
    add_status,
    get_setting,
    get_settings,
    missing_company_profile,
    set_transition,
    update_settings,
)
from axos_data.services.status import allowed_statuses, change_status
from axos_data.services.tasks import add_task, complete_task, reopen_task

__all__ = [
    "add_comment",
    "add_company",
    "add_contact",
    "add_employee",
    "add_group",
    "add_line",
    "add_product",
    "add_project",
    "add_reminder",
    "add_status",
    "add_task",
    "allowed_statuses",
    "can_convert_quote",
    "change_status",
    "complete_task",
    "convert_quote",
    "create_order",
    "create_quote",
    "define_custom_field",
    "find_product",
    "fire_due_reminders",
    "follow_order",
    "get_setting",
    "get_settings",
    "list_custom_fields",
    "mark_all_read",
    "mark_read",
    "missing_company_profile",
    "move_line",
    "notifications",
    "recompute_totals",
    "remove_group",
    "remove_line",
    "rename_group",
    "reopen_task",
    "reorder_groups",
    "reorder_lines",
    "set_custom_value",
    "set_employee_active",
    "set_employee_role",
    "set_quote_status",
    "set_transition",
    "unfollow_order",
    "unread_count",
    "update_line",
    "update_order",
    "update_settings",
]
