-- Time in status and the other pipeline analytics (issue 11) without pairing 3.8M history
-- rows with their order's next row at every read: each history row carries the moment the
-- order entered the status it is leaving (the previous row's changed_at, by id; NULL for an
-- order's first row). Every writer of order_status_history fills it in the same statement
-- (services/status.py, status_batch.py, orders.py record_initial_status, demo/sql.py), and
-- the integrity check status_records compares it with the previous row.
ALTER TABLE order_status_history ADD COLUMN previous_at TIMESTAMPTZ;

-- One window pass over the existing history.
UPDATE order_status_history h
SET previous_at = p.previous_at
FROM (
    SELECT id, lag(changed_at) OVER (PARTITION BY order_no ORDER BY id) AS previous_at
    FROM order_status_history
) p
WHERE p.id = h.id AND p.previous_at IS NOT NULL;
