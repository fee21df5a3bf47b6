-- The order list: filters, search, sorting and paging over stored order totals
-- (never the lines). Every filter parameter may be NULL, meaning "no filter".

-- One block per filter; views/orders.py ANDs together the blocks of the filters in use,
-- so an unused filter costs nothing per row. The search filter is filter_search_hits in
-- search.sql.
-- name: filter_statuses
list_contains($statuses, o.status)
-- name: filter_customer_id
o.customer_id = $customer_id
-- name: filter_contact_id
o.contact_id = $contact_id
-- name: filter_our_contact_id
o.our_contact_id = $our_contact_id
-- name: filter_project_id
o.project_id = $project_id
-- name: filter_date_from
o.order_date >= $date_from
-- name: filter_date_to
o.order_date <= $date_to
-- name: filter_min_total
o.total >= $min_total
-- name: filter_max_total
o.total <= $max_total
-- One custom field equal to a value (as stored: parsed by the field's type first). The
-- placeholders are numbered per field by views/orders.py ($cf_id0, $cf_value0 …).
-- name: filter_custom_field
o.order_no IN (SELECT v.order_no FROM custom_field_values v
               WHERE v.field_id = $cf_id AND v.value = $cf_value)
-- name: filter_none
true

-- A search without a single word (only punctuation): matches no order.
-- name: filter_nothing
false

-- Count and sums of the whole filtered set: orders only, no joins.
-- name: order_list_summary
SELECT count(*) AS total_count,
       coalesce(sum(o.net_total), 0)::DECIMAL(38, 2) AS net_sum,
       coalesce(sum(o.total), 0)::DECIMAL(38, 2) AS total_sum
FROM orders o
WHERE {order_filter}

-- One page: pick the order numbers first (reading only the sort key, and joining only
-- what it needs), then fetch the display columns of those few orders.
-- name: order_list_page
WITH page AS (
    SELECT o.order_no, {sort_key} AS sort_key
    FROM orders o
    {sort_join}
    WHERE {order_filter}
    ORDER BY {order_by}
    LIMIT $limit OFFSET $offset
)
SELECT o.order_no, o.title, o.status, s.label AS status_label, s.category AS status_category,
       o.customer_id, c.name AS customer_name, c.orgnr AS customer_orgnr,
       o.contact_id, ct.name AS contact_name,
       o.our_contact_id, e.name AS our_contact_name,
       o.project_id, pr.name AS project_name, o.quote_id,
       o.order_date, o.delivery_date, o.customer_ref,
       o.payment_terms_days, o.invoice_method, o.currency,
       o.net_total, o.vat_total, o.total, o.created_at, o.updated_at, o.version
FROM page
JOIN orders o ON o.order_no = page.order_no
JOIN companies c ON c.id = o.customer_id
JOIN statuses s ON s.key = o.status
LEFT JOIN contacts ct ON ct.id = o.contact_id
LEFT JOIN employees e ON e.id = o.our_contact_id
LEFT JOIN projects pr ON pr.id = o.project_id
ORDER BY page.sort_key {direction} NULLS LAST, page.order_no {direction}

-- Joins a sort key may need (chosen by name from a whitelist in views/orders.py).
-- name: sort_join_customer
JOIN companies c ON c.id = o.customer_id
-- name: sort_join_contact
LEFT JOIN contacts ct ON ct.id = o.contact_id
-- name: sort_join_employee
LEFT JOIN employees e ON e.id = o.our_contact_id
-- name: sort_join_project
LEFT JOIN projects pr ON pr.id = o.project_id
-- name: sort_join_status
JOIN statuses s ON s.key = o.status
-- name: sort_join_none
-- (no join)

-- name: order_list_export
SELECT o.order_no, o.title, s.label AS status_label, c.name AS customer_name,
       c.orgnr AS customer_orgnr, ct.name AS contact_name, e.name AS our_contact_name,
       pr.name AS project_name, o.order_date, o.delivery_date, o.customer_ref,
       o.payment_terms_days, o.invoice_method, o.currency, o.net_total, o.vat_total, o.total
FROM orders o
JOIN companies c ON c.id = o.customer_id
JOIN statuses s ON s.key = o.status
LEFT JOIN contacts ct ON ct.id = o.contact_id
LEFT JOIN employees e ON e.id = o.our_contact_id
LEFT JOIN projects pr ON pr.id = o.project_id
WHERE {order_filter}
ORDER BY {export_order_by}

-- The active custom fields by key (filters and download columns name them by key).
-- name: custom_fields_by_key
SELECT id, key, label, field_type, options FROM custom_fields
WHERE active AND list_contains($keys, key)

-- name: custom_values_for_orders
SELECT v.order_no, f.key, v.value
FROM custom_field_values v
JOIN custom_fields f ON f.id = v.field_id
WHERE list_contains($order_nos, v.order_no) AND list_contains($keys, f.key)
