-- Order confirmations (PDF) for many orders at once: the columns of order_header, order_groups,
-- order_lines and order_vat (order_detail.sql) that the document prints, for a list of orders.
-- VAT per rate comes from vat_amount_expr (order_detail.sql), like order_vat's.

-- name: confirmation_order_nos
SELECT o.order_no
FROM orders o
WHERE ($statuses IS NULL OR list_contains($statuses, o.status))
  AND ($order_nos IS NULL OR list_contains($order_nos, o.order_no))
ORDER BY o.order_no

-- name: confirmation_headers
SELECT o.order_no, o.version, o.updated_at, o.title, o.order_date, o.delivery_date,
       o.customer_ref, o.payment_terms_days, o.currency,
       c.name AS customer_name, c.orgnr AS customer_orgnr, c.address AS customer_address,
       c.postcode AS customer_postcode, c.city AS customer_city, c.country AS customer_country,
       ct.name AS contact_name,
       o.our_contact_id, e.name AS our_contact_name, e.email AS our_contact_email,
       pr.name AS project_name
FROM orders o
JOIN companies c ON c.id = o.customer_id
LEFT JOIN contacts ct ON ct.id = o.contact_id
LEFT JOIN employees e ON e.id = o.our_contact_id
LEFT JOIN projects pr ON pr.id = o.project_id
WHERE o.order_no IN (SELECT unnest($order_nos))

-- name: confirmation_groups
SELECT g.order_no, g.id, g.title, g.position,
       coalesce(sum(l.amount), 0)::DECIMAL(38, 2) AS subtotal
FROM order_groups g
LEFT JOIN order_lines l ON l.group_id = g.id AND l.order_no = g.order_no
WHERE g.order_no IN (SELECT unnest($order_nos))
GROUP BY g.order_no, g.id, g.title, g.position
ORDER BY g.order_no, g.position

-- name: confirmation_lines
SELECT l.order_no, l.group_id, l.description, l.quantity, l.unit, l.unit_price,
       l.discount_pct, l.vat_rate, l.amount
FROM order_lines l
LEFT JOIN order_groups g ON g.id = l.group_id
WHERE l.order_no IN (SELECT unnest($order_nos))
ORDER BY l.order_no, g.position NULLS FIRST, l.position

-- name: confirmation_vat
SELECT order_no, vat_rate AS rate, base, {vat_amount_expr} AS amount
FROM (
    SELECT order_no, vat_rate, sum(amount)::DECIMAL(38, 2) AS base
    FROM order_lines
    WHERE order_no IN (SELECT unnest($order_nos))
    GROUP BY order_no, vat_rate
)
ORDER BY order_no, vat_rate DESC
