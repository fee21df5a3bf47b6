-- Payment follow-up (issue 10): receivables, overdue orders, ageing, payments and differences.
-- An order is invoiced while its status is in the category 'invoiced' (Fakturert, Purret).
-- invoiced_on: the day (Norwegian time) it last entered that category from outside it.
-- due_date: the latest reminder's new due date, else invoiced_on + payment terms (days).

-- name: payments_receivables
WITH open_orders AS (
    SELECT o.order_no, o.status, s.label AS status_label, o.customer_id, o.total,
           o.payment_terms_days, o.order_date
    FROM orders o JOIN statuses s ON s.key = o.status
    WHERE s.category = 'invoiced'
), invoiced AS (
    SELECT h.order_no, max(h.changed_at) AS invoiced_at
    FROM order_status_history h
    SEMI JOIN open_orders oo ON oo.order_no = h.order_no
    JOIN statuses st ON st.key = h.to_status
    LEFT JOIN statuses sf ON sf.key = h.from_status
    WHERE st.category = 'invoiced' AND sf.category IS DISTINCT FROM 'invoiced'
    GROUP BY h.order_no
), paid AS (
    SELECT p.order_no, sum(p.amount) AS paid
    FROM payments p SEMI JOIN open_orders oo ON oo.order_no = p.order_no
    GROUP BY p.order_no
), reminded AS (
    SELECT order_no, arg_max(due_date, id) AS reminder_due, count(*) AS reminders
    FROM payment_reminders GROUP BY order_no
), receivables AS (
    SELECT o.order_no, o.status, o.status_label, o.customer_id, c.name AS customer_name,
           o.total,
           CAST(coalesce(p.paid, 0) AS DECIMAL(18, 2)) AS paid,
           CAST(o.total - coalesce(p.paid, 0) AS DECIMAL(18, 2)) AS outstanding,
           coalesce(CAST(timezone('Europe/Oslo', i.invoiced_at) AS DATE), o.order_date)
               AS invoiced_on,
           coalesce(r.reminder_due, CAST(invoiced_on + o.payment_terms_days AS DATE))
               AS due_date,
           CAST(coalesce(r.reminders, 0) AS INTEGER) AS reminders,
           CAST(CAST($today AS DATE) - invoiced_on AS INTEGER) AS age_days,
           CAST(greatest(CAST($today AS DATE) - due_date, 0) AS INTEGER) AS days_overdue
    FROM open_orders o
    JOIN companies c ON c.id = o.customer_id
    LEFT JOIN invoiced i ON i.order_no = o.order_no
    LEFT JOIN paid p ON p.order_no = o.order_no
    LEFT JOIN reminded r ON r.order_no = o.order_no
)
SELECT * FROM receivables

-- name: payments_overdue
SELECT * FROM ({payments_receivables})
WHERE days_overdue > 0 AND outstanding > 0
ORDER BY days_overdue DESC, order_no

-- name: payments_receivables_of
SELECT * FROM ({payments_receivables})
WHERE list_contains($order_nos, order_no)
ORDER BY order_no

-- Ageing by days since invoicing, per status; buckets 0–14, 15–30, 31–60, over 60.
-- name: payments_ageing
WITH buckets AS (
    SELECT *, CASE WHEN age_days <= 14 THEN 1 WHEN age_days <= 30 THEN 2
                   WHEN age_days <= 60 THEN 3 ELSE 4 END AS bucket_no
    FROM ({payments_receivables})
)
SELECT bucket_no,
       ['0–14 dager', '15–30 dager', '31–60 dager', 'over 60 dager'][bucket_no] AS bucket,
       status, status_label, count(*) AS orders,
       CAST(sum(total) AS DECIMAL(38, 2)) AS total,
       CAST(sum(paid) AS DECIMAL(38, 2)) AS paid,
       CAST(sum(outstanding) AS DECIMAL(38, 2)) AS outstanding
FROM buckets
GROUP BY ALL
ORDER BY bucket_no, status

-- Invoiced vs reminded vs paid: orders and amounts per status of the invoiced and paid kind.
-- name: payments_summary
WITH paid AS (
    SELECT order_no, sum(amount) AS paid FROM payments
    WHERE order_no IS NOT NULL GROUP BY order_no
)
SELECT o.status, s.label AS status_label, s.category, count(*) AS orders,
       CAST(sum(o.total) AS DECIMAL(38, 2)) AS total,
       CAST(coalesce(sum(p.paid), 0) AS DECIMAL(38, 2)) AS paid,
       CAST(sum(o.total) - coalesce(sum(p.paid), 0) AS DECIMAL(38, 2)) AS outstanding
FROM orders o
JOIN statuses s ON s.key = o.status
LEFT JOIN paid p ON p.order_no = o.order_no
WHERE s.category = 'invoiced' OR o.status = $paid_status
GROUP BY ALL
ORDER BY min(s.position)

-- name: payments_list
SELECT p.payment_id, p.booked_on, p.amount, p.kid, p.payer, p.text, p.bank_ref, p.order_no,
       o.status, p.import_id, p.source
FROM payments p LEFT JOIN orders o ON o.order_no = p.order_no
WHERE (NOT $unmatched OR p.order_no IS NULL)
ORDER BY p.booked_on DESC, p.import_id DESC, p.payment_id
LIMIT $limit

-- Orders whose payments do not add up to their total: part payments and overpayments.
-- name: payments_differences
WITH paid AS (
    SELECT order_no, sum(amount) AS paid, count(*) AS payments, max(booked_on) AS last_paid_on
    FROM payments WHERE order_no IS NOT NULL GROUP BY order_no
)
SELECT o.order_no, o.status, s.label AS status_label, c.name AS customer_name, o.total,
       CAST(p.paid AS DECIMAL(18, 2)) AS paid,
       CAST(p.paid - o.total AS DECIMAL(18, 2)) AS difference,
       CASE WHEN p.paid < o.total THEN 'delbetalt' ELSE 'overbetalt' END AS kind,
       p.payments, p.last_paid_on
FROM paid p
JOIN orders o ON o.order_no = p.order_no
JOIN statuses s ON s.key = o.status
JOIN companies c ON c.id = o.customer_id
WHERE p.paid <> o.total
ORDER BY p.last_paid_on DESC, o.order_no

-- name: payments_unmatched_summary
SELECT count(*) AS payments, CAST(coalesce(sum(amount), 0) AS DECIMAL(38, 2)) AS amount
FROM payments WHERE order_no IS NULL

-- What the import needs of the orders a file's KIDs point at: status and what is paid so far.
-- name: payments_orders_for_matching
SELECT o.order_no, o.status, o.total,
       CAST(coalesce((SELECT sum(p.amount) FROM payments p WHERE p.order_no = o.order_no), 0)
            AS DECIMAL(18, 2)) AS paid
FROM orders o
SEMI JOIN (SELECT unnest($order_nos) AS order_no) k ON k.order_no = o.order_no

-- name: integrity_payment_references
SELECT 'payment_without_order' AS problem, p.order_no, p.payment_id AS record_id
FROM payments p ANTI JOIN orders o ON o.order_no = p.order_no
WHERE p.order_no IS NOT NULL
UNION ALL
SELECT 'reminder_without_order', r.order_no, CAST(r.id AS VARCHAR)
FROM payment_reminders r ANTI JOIN orders o ON o.order_no = r.order_no
UNION ALL
SELECT 'payment_without_import', p.order_no, p.payment_id
FROM payments p ANTI JOIN payment_imports i ON i.id = p.import_id
ORDER BY 2, 1, 3
