-- One order: header, groups with subtotals, lines, VAT per rate and totals recomputed from lines.
-- VAT per rate = round(net of that rate × rate/100, 2); multiplying by 0.01 keeps DECIMAL exact.

-- name: order_header
SELECT o.order_no, o.title, o.status, s.label AS status_label, s.category AS status_category,
       s.is_final AS status_is_final,
       o.customer_id, c.name AS customer_name, c.orgnr AS customer_orgnr,
       c.address AS customer_address, c.postcode AS customer_postcode, c.city AS customer_city,
       c.country AS customer_country, c.email AS customer_email,
       o.contact_id, ct.name AS contact_name, ct.email AS contact_email, ct.phone AS contact_phone,
       o.our_contact_id, e.name AS our_contact_name, e.email AS our_contact_email,
       o.project_id, pr.name AS project_name, o.quote_id, q.title AS quote_title,
       o.order_date, o.delivery_date, o.customer_ref, o.payment_terms_days, o.invoice_method,
       o.currency, o.net_total, o.vat_total, o.total, o.created_at, o.updated_at, o.version
FROM orders o
JOIN companies c ON c.id = o.customer_id
JOIN statuses s ON s.key = o.status
LEFT JOIN contacts ct ON ct.id = o.contact_id
LEFT JOIN employees e ON e.id = o.our_contact_id
LEFT JOIN projects pr ON pr.id = o.project_id
LEFT JOIN quotes q ON q.id = o.quote_id
WHERE o.order_no = $order_no

-- name: order_groups
SELECT g.id, g.title, g.position,
       count(l.id) AS line_count,
       coalesce(sum(l.amount), 0)::DECIMAL(38, 2) AS subtotal
FROM order_groups g
LEFT JOIN order_lines l ON l.group_id = g.id AND l.order_no = g.order_no
WHERE g.order_no = $order_no
GROUP BY g.id, g.title, g.position
ORDER BY g.position

-- name: order_lines
SELECT l.id, l.group_id, g.title AS group_title, l.position, l.product_id, p.sku AS product_sku,
       l.description, l.quantity, l.unit, l.unit_price, l.discount_pct, l.vat_rate, l.amount
FROM order_lines l
LEFT JOIN order_groups g ON g.id = l.group_id
LEFT JOIN products p ON p.id = l.product_id
WHERE l.order_no = $order_no
ORDER BY g.position NULLS FIRST, l.position

-- name: order_vat
SELECT vat_rate AS rate, base, {vat_amount_expr} AS amount
FROM (
    SELECT vat_rate, sum(amount)::DECIMAL(38, 2) AS base
    FROM order_lines
    WHERE order_no = $order_no
    GROUP BY vat_rate
)
ORDER BY vat_rate DESC

-- The VAT of one rate from `base` (the net sum of that rate's lines) and `vat_rate`: the one
-- place the rule is written in SQL (the demo loader, the PDF and the invariant check use it).
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

-- name: order_custom_values
SELECT f.key, f.label, f.field_type, v.value
FROM custom_fields f
LEFT JOIN custom_field_values v ON v.field_id = f.id AND v.order_no = $order_no
WHERE f.active
ORDER BY f.position
