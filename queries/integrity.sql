-- The invariant check (axos_data/views/integrity.py, `axos check`). Each block returns the
-- rows that break one rule; an empty result means the rule holds.

-- name: integrity_duplicate_order_nos
SELECT order_no, count(*) AS copies
FROM orders GROUP BY order_no HAVING count(*) > 1
ORDER BY order_no

-- Jumps in the numbering. A jump that lands on the order_number_start setting is an admin
-- raising the start, which is allowed; any other jump is a number handed out and lost.
-- name: integrity_order_no_gaps
SELECT previous_no, order_no
FROM (
    SELECT order_no, lag(order_no) OVER (ORDER BY order_no) AS previous_no
    FROM (SELECT DISTINCT order_no FROM orders)
)
WHERE order_no - previous_no > 1 AND order_no <> $start
ORDER BY order_no

-- name: integrity_order_counter
SELECT (SELECT next_value FROM counters WHERE name = 'order_no') AS next_value,
       (SELECT max(order_no) FROM orders) AS last_no

-- name: integrity_unreachable_status
SELECT order_no, status FROM orders
WHERE NOT list_contains($reachable, status)
ORDER BY order_no

-- Orders without exactly one creation record: one history row without a from-status and one
-- activity row of kind created/converted.
-- name: integrity_creation_records
WITH history AS (
    SELECT order_no, count(*) AS n FROM order_status_history
    WHERE from_status IS NULL GROUP BY order_no
), activity AS (
    SELECT order_no, count(*) AS n FROM order_activity
    WHERE kind IN ('created', 'converted') GROUP BY order_no
)
SELECT o.order_no, coalesce(h.n, 0) AS history_rows, coalesce(a.n, 0) AS activity_rows
FROM orders o
LEFT JOIN history h ON h.order_no = o.order_no
LEFT JOIN activity a ON a.order_no = o.order_no
WHERE coalesce(h.n, 0) <> 1 OR coalesce(a.n, 0) <> 1
ORDER BY o.order_no

-- Status changes whose history rows and activity rows (kind status_changed) do not pair up:
-- counted per (order, from, to, moment), so repeated changes at one pinned moment still pair.
-- name: integrity_status_change_records
WITH history AS (
    SELECT order_no, from_status, to_status, changed_at AS at, count(*) AS n
    FROM order_status_history WHERE from_status IS NOT NULL
    GROUP BY ALL
), activity AS (
    SELECT order_no, data->>'from' AS from_status, data->>'to' AS to_status,
           occurred_at AS at, count(*) AS n
    FROM order_activity WHERE kind = 'status_changed'
    GROUP BY ALL
)
SELECT coalesce(h.order_no, a.order_no) AS order_no,
       coalesce(h.from_status, a.from_status) AS from_status,
       coalesce(h.to_status, a.to_status) AS to_status,
       coalesce(h.n, 0) AS history_rows, coalesce(a.n, 0) AS activity_rows
FROM history h
FULL OUTER JOIN activity a
  ON a.order_no = h.order_no AND a.from_status = h.from_status
 AND a.to_status = h.to_status AND a.at = h.at
WHERE coalesce(h.n, 0) <> coalesce(a.n, 0)
ORDER BY 1, 2, 3

-- The history must be a chain (each change starts where the previous ended) that ends in the
-- order's current status.
-- name: integrity_status_chain
WITH steps AS (
    SELECT order_no, from_status, to_status,
           lag(to_status) OVER w AS previous_to,
           row_number() OVER w AS step,
           count(*) OVER (PARTITION BY order_no) AS steps
    FROM order_status_history
    WINDOW w AS (PARTITION BY order_no ORDER BY changed_at, id)
)
SELECT s.order_no, s.from_status, s.previous_to, s.to_status, o.status,
       s.step > 1 AND s.from_status IS DISTINCT FROM s.previous_to AS broken_chain,
       s.step = s.steps AND s.to_status <> o.status AS wrong_end
FROM steps s JOIN orders o ON o.order_no = s.order_no
WHERE broken_chain OR wrong_end
ORDER BY s.order_no, s.step

-- Each history row's previous_at (migration 014: when the order entered the status the row
-- leaves) must be the changed_at of the order's previous row by id; NULL on its first row.
-- name: integrity_status_previous_at
SELECT order_no, id, previous_at, expected
FROM (
    SELECT order_no, id, previous_at,
           lag(changed_at) OVER (PARTITION BY order_no ORDER BY id) AS expected
    FROM order_status_history
)
WHERE previous_at IS DISTINCT FROM expected
ORDER BY order_no, id

-- name: integrity_orphans
SELECT 'line_without_order' AS problem, l.order_no, l.id AS record_id, NULL AS other_id
FROM order_lines l ANTI JOIN orders o ON o.order_no = l.order_no
UNION ALL
SELECT 'line_without_group', l.order_no, l.id, l.group_id
FROM order_lines l LEFT JOIN order_groups g ON g.id = l.group_id
WHERE l.group_id IS NOT NULL AND g.id IS NULL
UNION ALL
SELECT 'line_in_other_orders_group', l.order_no, l.id, l.group_id
FROM order_lines l JOIN order_groups g ON g.id = l.group_id
WHERE g.order_no <> l.order_no
UNION ALL
SELECT 'group_without_order', g.order_no, g.id, NULL
FROM order_groups g ANTI JOIN orders o ON o.order_no = g.order_no
UNION ALL
SELECT 'history_without_order', h.order_no, h.id, NULL
FROM order_status_history h ANTI JOIN orders o ON o.order_no = h.order_no
UNION ALL
SELECT 'activity_without_order', a.order_no, a.id, NULL
FROM order_activity a ANTI JOIN orders o ON o.order_no = a.order_no
ORDER BY 2, 1, 3

-- Quote conversions must be linked both ways: orders.quote_id ↔ quotes.order_no (and the
-- quote's status converted), and one relations row in each direction.
-- name: integrity_conversions
WITH links AS (
    SELECT o.order_no, o.quote_id, q.id AS found_quote, q.order_no AS quote_order_no,
           q.status AS quote_status,
           (SELECT count(*) FROM relations r
            WHERE r.from_type = 'order' AND r.from_id = o.order_no AND r.to_type = 'quote'
              AND r.to_id = o.quote_id AND r.kind = 'converted_from') AS forward,
           (SELECT count(*) FROM relations r
            WHERE r.from_type = 'quote' AND r.from_id = o.quote_id AND r.to_type = 'order'
              AND r.to_id = o.order_no AND r.kind = 'converted_to') AS backward
    FROM orders o LEFT JOIN quotes q ON q.id = o.quote_id
    WHERE o.quote_id IS NOT NULL
)
SELECT 'quote_missing' AS problem, order_no, quote_id FROM links WHERE found_quote IS NULL
UNION ALL
SELECT 'quote_points_elsewhere', order_no, quote_id FROM links
WHERE found_quote IS NOT NULL AND quote_order_no IS DISTINCT FROM order_no
UNION ALL
SELECT 'quote_not_converted', order_no, quote_id FROM links
WHERE found_quote IS NOT NULL AND quote_status <> 'converted'
UNION ALL
SELECT 'relation_count', order_no, quote_id FROM links WHERE forward <> 1 OR backward <> 1
UNION ALL
SELECT 'order_missing', q.order_no, q.id FROM quotes q
WHERE (q.order_no IS NOT NULL OR q.status = 'converted')
  AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_no = q.order_no AND o.quote_id = q.id)
UNION ALL
SELECT 'stray_relation', CASE WHEN r.from_type = 'order' THEN r.from_id ELSE r.to_id END,
       CASE WHEN r.from_type = 'quote' THEN r.from_id ELSE r.to_id END
FROM relations r
WHERE (r.kind = 'converted_from' AND r.from_type = 'order' AND r.to_type = 'quote'
       AND NOT EXISTS (SELECT 1 FROM orders o
                       WHERE o.order_no = r.from_id AND o.quote_id = r.to_id))
   OR (r.kind = 'converted_to' AND r.from_type = 'quote' AND r.to_type = 'order'
       AND NOT EXISTS (SELECT 1 FROM orders o
                       WHERE o.order_no = r.to_id AND o.quote_id = r.from_id))
ORDER BY 2, 1, 3

-- Words missing from the index and stored words no order has (EXCEPT ALL: a stored
-- duplicate counts as extra).
-- name: integrity_search_index
WITH expected AS (
    {search_terms_of_orders}
), missing AS (
    SELECT order_no, term FROM expected
    EXCEPT ALL
    SELECT order_no, term FROM order_search_terms
), extra AS (
    SELECT order_no, term FROM order_search_terms
    EXCEPT ALL
    SELECT order_no, term FROM expected
)
SELECT order_no, sum(missing)::BIGINT AS missing, sum(extra)::BIGINT AS extra,
       min(term) AS example
FROM (SELECT order_no, term, 1 AS missing, 0 AS extra FROM missing
      UNION ALL
      SELECT order_no, term, 0, 1 FROM extra)
GROUP BY order_no
ORDER BY order_no

-- name: integrity_user_rows
-- Logins and grants of employees that do not exist, and stored passwords that are not a
-- hash in our format (a clear-text password would show here).
SELECT 'login_orphan' AS problem, u.employee_id FROM user_logins u
WHERE NOT EXISTS (SELECT 1 FROM employees e WHERE e.id = u.employee_id)
UNION ALL
SELECT 'grant_orphan', g.employee_id FROM employee_grants g
WHERE NOT EXISTS (SELECT 1 FROM employees e WHERE e.id = g.employee_id)
UNION ALL
SELECT 'not_a_hash', u.employee_id FROM user_logins u
WHERE u.password_hash IS NOT NULL
  AND NOT regexp_full_match(u.password_hash,
    '\$scrypt\$ln=[0-9]+,r=[0-9]+,p=[0-9]+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+')
ORDER BY 2, 1;

-- name: integrity_invoice_rows
-- Invoice numbers: every batch row names the invoice number its order was given (an order
-- keeps its number on re-export), no invoice number belongs to two orders, and the series'
-- counter is past every number handed out (so none is handed out again).
SELECT 'batch_mismatch' AS problem, b.order_no, b.batch_id, b.invoice_no,
       i.invoice_no AS recorded
FROM invoice_batch_orders b LEFT JOIN order_invoices i ON i.order_no = b.order_no
WHERE i.invoice_no IS DISTINCT FROM b.invoice_no
UNION ALL
SELECT 'duplicate', min(order_no), NULL, invoice_no, count(*)
FROM order_invoices GROUP BY invoice_no HAVING count(*) > 1
UNION ALL
SELECT 'counter_behind', NULL, NULL, max(i.invoice_no), max(c.next_value)
FROM order_invoices i, counters c WHERE c.name = 'invoice_no'
HAVING max(i.invoice_no) >= max(c.next_value)
ORDER BY 1, 2, 4;
