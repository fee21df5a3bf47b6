-- The order list: filters, search, sorting and paging over stored order totals
-- (never the lines). Every filter parameter may be NULL, meaning "no filter".

-- name: order_filter
    ($statuses IS NULL OR list_contains($statuses, o.status))
    AND ($categories IS NULL OR list_contains($categories, s.category))
    AND ($customer_id IS NULL OR o.customer_id = $customer_id)
    AND ($contact_id IS NULL OR o.contact_id = $contact_id)
    AND ($our_contact_id IS NULL OR o.our_contact_id = $our_contact_id)
    AND ($project_id IS NULL OR o.project_id = $project_id)
    AND ($date_from IS NULL OR o.order_date >= $date_from)
    AND ($date_to IS NULL OR o.order_date <= $date_to)
    AND ($min_total IS NULL OR o.total >= $min_total)
    AND ($max_total IS NULL OR o.total <= $max_total)
    AND ($search IS NULL
         OR CAST(o.order_no AS VARCHAR) = $search
         OR contains(lower(o.title), $search)
         OR contains(lower(c.name), $search)
         OR contains(lower(o.customer_ref), $search))

-- name: order_list_summary
SELECT count(*) AS total_count,
       coalesce(sum(o.net_total), 0)::DECIMAL(18, 2) AS net_sum,
       coalesce(sum(o.total), 0)::DECIMAL(18, 2) AS total_sum
FROM orders o
JOIN companies c ON c.id = o.customer_id
JOIN statuses s ON s.key = o.status
WHERE {order_filter}

-- name: order_list_page
SELECT o.order_no, o.title, o.status, s.label AS status_label, s.category AS status_category,
       o.customer_id, c.name AS customer_name, c.orgnr AS customer_orgnr,
       o.contact_id, ct.name AS contact_name,
       o.our_contact_id, e.name AS our_contact_name,
       o.project_id, pr.name AS project_name, o.quote_id,
       o.order_date, o.delivery_date, o.customer_ref,
       o.payment_terms_days, o.invoice_method, o.currency,
       o.net_total, o.vat_total, o.total, o.created_at, o.updated_at, o.version
FROM orders o
JOIN companies c ON c.id = o.customer_id
JOIN statuses s ON s.key = o.status
LEFT JOIN contacts ct ON ct.id = o.contact_id
LEFT JOIN employees e ON e.id = o.our_contact_id
LEFT JOIN projects pr ON pr.id = o.project_id
WHERE {order_filter}
ORDER BY {order_by}
LIMIT $limit OFFSET $offset

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
ORDER BY {order_by}

-- name: custom_values_for_orders
SELECT v.order_no, f.key, v.value
FROM custom_field_values v
JOIN custom_fields f ON f.id = v.field_id
WHERE list_contains($order_nos, v.order_no) AND list_contains($keys, f.key)
