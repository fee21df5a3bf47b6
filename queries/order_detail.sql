-- Orders' headers, groups and lines, for one order or many (order detail, PDF confirmations).
-- Both read one order the way they read a thousand: $order_nos is a list, joined as a table so
-- DuckDB carries its keys into the scans as filters (an IN (subquery) or list_contains here
-- scans every lookup table). Group subtotals, VAT per rate and totals are computed from the
-- lines in Python (views/order_rows.py, money.breakdown), not here.

-- Optional references join on coalesce(…, -1): when every reference is NULL, a plain LEFT JOIN
-- gives the scan no key filter and DuckDB reads the whole table (all 190k quotes for one order).
-- The status's label and category come with order_bodies (one join less to plan).
-- name: order_headers
SELECT o.order_no, o.title, o.status,
       o.customer_id, c.name AS customer_name, c.orgnr AS customer_orgnr,
       c.address AS customer_address, c.postcode AS customer_postcode, c.city AS customer_city,
       c.country AS customer_country, c.email AS customer_email,
       o.contact_id, ct.name AS contact_name, ct.email AS contact_email, ct.phone AS contact_phone,
       o.our_contact_id, e.name AS our_contact_name, e.email AS our_contact_email,
       o.project_id, pr.name AS project_name, o.quote_id, q.title AS quote_title,
       o.order_date, o.delivery_date, o.customer_ref, o.payment_terms_days, o.invoice_method,
       o.currency, o.net_total, o.vat_total, o.total, o.created_at, o.updated_at, o.version
FROM (SELECT unnest($order_nos) AS order_no) wanted
JOIN orders o ON o.order_no = wanted.order_no
LEFT JOIN companies c ON c.id = o.customer_id
LEFT JOIN contacts ct ON ct.id = coalesce(o.contact_id, -1)
LEFT JOIN employees e ON e.id = o.our_contact_id
LEFT JOIN projects pr ON pr.id = coalesce(o.project_id, -1)
LEFT JOIN quotes q ON q.id = coalesce(o.quote_id, -1)

-- Everything else of the orders in one statement (one round trip), one row per line, group,
-- custom field (active ones, with the order's value or NULL) and status (order_no NULL).
-- `description` is the row's text: the line's description, the group's title, the field's
-- or the status's label. Columns that do not apply to a kind are NULL.
-- name: order_bodies
SELECT l.order_no, 'line' AS kind, l.id, l.group_id, l.position, l.product_id,
       p.sku AS product_sku, l.description, l.quantity, l.unit, l.unit_price, l.discount_pct,
       l.vat_rate, l.amount,
       NULL::VARCHAR AS key, NULL::VARCHAR AS field_type, NULL::VARCHAR AS value,
       NULL::VARCHAR AS category, NULL::BOOLEAN AS is_final, l.vat_code
FROM (SELECT unnest($order_nos) AS order_no) wanted
JOIN order_lines l ON l.order_no = wanted.order_no
LEFT JOIN products p ON p.id = coalesce(l.product_id, -1)
UNION ALL
SELECT g.order_no, 'group', g.id, NULL, g.position, NULL, NULL, g.title, NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM (SELECT unnest($order_nos) AS order_no) wanted
JOIN order_groups g ON g.order_no = wanted.order_no
UNION ALL
SELECT wanted.order_no, 'field', f.id, NULL, f.position, NULL, NULL, f.label, NULL, NULL, NULL,
       NULL, NULL, NULL, f.key, f.field_type, v.value, NULL, NULL, NULL
FROM (SELECT unnest($order_nos) AS order_no) wanted
CROSS JOIN custom_fields f
LEFT JOIN custom_field_values v ON v.field_id = f.id AND v.order_no = wanted.order_no
WHERE f.active
UNION ALL
SELECT NULL, 'status', NULL, NULL, position, NULL, NULL, label, NULL, NULL, NULL, NULL, NULL,
       NULL, key, NULL, NULL, category, is_final, NULL
FROM statuses
ORDER BY order_no NULLS FIRST, kind, position, id

-- The VAT of one rate from `base` (the net sum of that rate's lines) and `vat_rate`: the one
-- place the rule is written in SQL (the demo loader and the invariant check use it; it must
-- agree with money.vat_amount, which the order detail and the PDF use).
-- name: vat_amount_expr
round(base * vat_rate * 0.01, 2)::DECIMAL(38, 2)

-- name: line_amount_expr
/* DECIMAL(18, s) × DECIMAL(18, s) stays DECIMAL(18, …) and overflows above ~10 MNOK: widen.
   Sums and amounts computed here are DECIMAL(38, 2) (money.SUM_SQL_TYPE): reads never overflow. */
round(l.quantity::DECIMAL(38, 3) * l.unit_price * (100 - l.discount_pct) * 0.01, 2)::DECIMAL(38, 2)

-- name: recomputed_totals
WITH line_sums AS (
    SELECT l.order_no, l.vat_rate, sum(l.amount) AS base,
           bool_and(l.amount = {line_amount_expr}) AS amounts_ok
    FROM order_lines l
    WHERE $order_nos IS NULL OR list_contains($order_nos, l.order_no)
    GROUP BY l.order_no, l.vat_rate
), per_order AS (
    SELECT order_no,
           sum(base)::DECIMAL(38, 2) AS net,
           sum({vat_amount_expr})::DECIMAL(38, 2) AS vat,
           bool_and(amounts_ok) AS amounts_ok
    FROM line_sums
    GROUP BY order_no
)
SELECT o.order_no,
       coalesce(p.net, 0)::DECIMAL(38, 2) AS net,
       coalesce(p.vat, 0)::DECIMAL(38, 2) AS vat,
       (coalesce(p.net, 0) + coalesce(p.vat, 0))::DECIMAL(38, 2) AS total,
       coalesce(p.amounts_ok, true) AS amounts_ok,
       o.net_total AS stored_net, o.vat_total AS stored_vat, o.total AS stored_total
FROM orders o
LEFT JOIN per_order p ON p.order_no = o.order_no
WHERE $order_nos IS NULL OR list_contains($order_nos, o.order_no)

-- name: totals_mismatches
SELECT * FROM ({recomputed_totals})
WHERE net <> stored_net OR vat <> stored_vat OR total <> stored_total OR NOT amounts_ok
ORDER BY order_no

-- name: order_activity
SELECT a.id, a.occurred_at, a.kind, a.message, a.actor_id, e.name AS actor_name, a.data
FROM order_activity a
LEFT JOIN employees e ON e.id = a.actor_id
WHERE a.order_no = $order_no
ORDER BY a.occurred_at, a.id

-- name: order_status_history
SELECT h.id, h.changed_at, h.from_status, sf.label AS from_label, h.to_status,
       st.label AS to_label, h.changed_by, e.name AS changed_by_name, h.note
FROM order_status_history h
LEFT JOIN statuses sf ON sf.key = h.from_status
LEFT JOIN statuses st ON st.key = h.to_status
LEFT JOIN employees e ON e.id = h.changed_by
WHERE h.order_no = $order_no
ORDER BY h.changed_at, h.id

-- name: order_relations
SELECT r.to_type, r.to_id, r.kind, r.created_at
FROM relations r
WHERE r.from_type = 'order' AND r.from_id = $order_no
ORDER BY r.created_at, r.id
