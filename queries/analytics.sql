-- Pipeline analytics (issue 11): the queries behind /analyse/, the API's analytics views and
-- their downloads. views/analytics.py runs them and documents each result's columns.
--
-- Every query reads the orders through one filter ({where}, alias o): order date range
-- (inclusive), our contact, customer, project and the category of the order's current status.
-- Values are bound; the only things formatted in are the filter's condition blocks below,
-- {grain} ('week', 'month', 'quarter'), {history_scope} and the dimension identifiers of
-- analytics_value_by, all chosen from fixed lists by views/analytics.py.
--
-- The status history (3.8M rows at 1M orders) is read by open_value, funnel, time in status
-- and DSO. {history_scope} is TRUE when the filter sets nothing (no join with the orders)
-- and `h.order_no IN (SELECT order_no FROM mine)` otherwise.
-- Money is summed exactly as DECIMAL(38, 2) and turned into DOUBLE only at the end (charts).
-- Days between two moments are fractional days (epoch seconds ÷ 86 400).
-- Moments (status changes) fall into a period by their Norwegian calendar day.

-- The filter's conditions, one block each; views/analytics.py joins the ones the filter
-- sets with AND into {where} (TRUE when it sets none), so an unset filter costs nothing.
-- name: analytics_where_date_from
o.order_date >= $date_from
-- name: analytics_where_date_to
o.order_date <= $date_to
-- name: analytics_where_employee_id
o.our_contact_id = $employee_id
-- name: analytics_where_customer_id
o.customer_id = $customer_id
-- name: analytics_where_project_id
o.project_id = $project_id
-- name: analytics_where_status_category
o.status IN (SELECT key FROM statuses WHERE category = $status_category)
-- The same on quotes (alias q), for quote conversion: a quote has no order status.
-- name: analytics_quote_where_date_from
q.quote_date >= $date_from
-- name: analytics_quote_where_date_to
q.quote_date <= $date_to
-- name: analytics_quote_where_employee_id
q.our_contact_id = $employee_id
-- name: analytics_quote_where_customer_id
q.customer_id = $customer_id
-- name: analytics_quote_where_project_id
q.project_id = $project_id

-- Orders and value per period of the order date and current status.
-- name: analytics_status_over_time
WITH counted AS (
    SELECT date_trunc('{grain}', o.order_date)::DATE AS period, o.status,
           count(*) AS order_count, sum(o.total)::DECIMAL(38, 2) AS total_value
    FROM orders o
    WHERE {where}
    GROUP BY ALL
)
SELECT c.period, c.status, s.label AS status_label, s.category AS status_category,
       s.position AS status_position, c.order_count, c.total_value::DOUBLE AS total_value
FROM counted c JOIN statuses s ON s.key = c.status
ORDER BY c.period, s.position

-- Open value (categories open and invoicing: not yet invoiced, as in the overviews) at the
-- end of every period from the first to the last order date of the filtered orders, from the
-- status history: each change into or out of an open category adds or takes away the order's
-- (current) total; the running sum over the periods is what was open at each period's end.
-- The changes are summed per hour first, so only the distinct hours (not 2M moments) are
-- turned into Norwegian time to find their period.
-- name: analytics_open_value
WITH mine AS MATERIALIZED (
    SELECT o.order_no, o.total, o.order_date FROM orders o WHERE {where}
), openness AS (
    SELECT key, category IN ('open', 'invoicing') AS is_open FROM statuses
), steps AS (
    SELECT h.order_no, epoch_us(h.changed_at) // 3600000000 AS hour,
           t.is_open::INTEGER - coalesce(f.is_open, false)::INTEGER AS step
    FROM order_status_history h
    JOIN openness t ON t.key = h.to_status
    LEFT JOIN openness f ON f.key = h.from_status
    WHERE t.is_open <> coalesce(f.is_open, false)
), hourly AS (
    SELECT s.hour, sum(s.step) AS count_delta, sum(s.step * m.total) AS value_delta
    FROM steps s JOIN mine m ON m.order_no = s.order_no
    GROUP BY s.hour
), deltas AS (
    SELECT date_trunc('{grain}', timezone('Europe/Oslo', make_timestamptz(hour * 3600000000)))::DATE
               AS period,
           sum(count_delta) AS count_delta, sum(value_delta) AS value_delta
    FROM hourly
    GROUP BY ALL
), periods AS (
    SELECT unnest(generate_series(
        date_trunc('{grain}', min(order_date)), date_trunc('{grain}', max(order_date)),
        INTERVAL 1 {grain}))::DATE AS period
    FROM mine
), running AS (
    SELECT period,
           sum(count_delta) OVER (ORDER BY period) AS open_count,
           sum(value_delta) OVER (ORDER BY period) AS open_value
    FROM (SELECT period, count_delta, value_delta FROM deltas
          UNION ALL
          SELECT period, 0, 0 FROM periods)
)
SELECT p.period, (p.period + INTERVAL 1 {grain} - INTERVAL 1 DAY)::DATE AS period_end,
       coalesce(max(r.open_count), 0)::BIGINT AS open_count,
       coalesce(max(r.open_value), 0)::DECIMAL(38, 2)::DOUBLE AS open_value
FROM periods p LEFT JOIN running r ON r.period = p.period
GROUP BY p.period
ORDER BY p.period

-- Orders that went back in the flow (a change to a status at or before the one it left,
-- e.g. Klar til fakturering → Under arbeid, or an admin reopening): only they can enter a
-- status twice. The others — nearly all — are counted and paired without a DISTINCT or a
-- window over the whole history. Whatever the positions are today (an admin may move or
-- remove statuses), entering a status twice means a cycle in the order's path, and a cycle
-- has a step that does not go up; a status no longer in the table counts as such a step.
-- name: analytics_winding
SELECT DISTINCT h.order_no
FROM order_status_history h
LEFT JOIN statuses t ON t.key = h.to_status
LEFT JOIN statuses f ON f.key = h.from_status
WHERE h.from_status IS NOT NULL AND NOT coalesce(t.position > f.position, false)
  AND {history_scope}

-- Per status of the flow: orders that ever entered it (the status history, each order once),
-- their value, and the step it is counted from: the earliest status (by position) with a
-- transition into it from a lower position (a way back is no step).
-- name: analytics_funnel
WITH mine AS MATERIALIZED (
    SELECT o.order_no, o.total FROM orders o WHERE {where}
), winding AS MATERIALIZED ({analytics_winding}), entered AS (
    SELECT h.to_status AS status, count(*) AS reached, sum(m.total) AS reached_value
    FROM order_status_history h JOIN mine m ON m.order_no = h.order_no
    WHERE h.order_no NOT IN (SELECT order_no FROM winding)
    GROUP BY h.to_status
    UNION ALL
    SELECT status, count(*), sum(total)
    FROM (SELECT DISTINCT h.order_no, h.to_status AS status, m.total
          FROM order_status_history h JOIN mine m ON m.order_no = h.order_no
          WHERE h.order_no IN (SELECT order_no FROM winding))
    GROUP BY status
), reached AS (
    SELECT status, sum(reached) AS reached, sum(reached_value) AS reached_value
    FROM entered GROUP BY status
), previous AS (
    SELECT t.to_status AS status, arg_min(t.from_status, f.position) AS previous_status
    FROM status_transitions t
    JOIN statuses f ON f.key = t.from_status
    JOIN statuses s ON s.key = t.to_status
    WHERE f.position < s.position
    GROUP BY t.to_status
)
SELECT s.key AS status, s.label AS status_label, s.category AS status_category,
       s.position AS status_position, coalesce(r.reached, 0)::BIGINT AS reached,
       coalesce(r.reached_value, 0)::DECIMAL(38, 2)::DOUBLE AS reached_value,
       p.previous_status, ps.label AS previous_status_label
FROM statuses s
LEFT JOIN reached r ON r.status = s.key
LEFT JOIN previous p ON p.status = s.key
LEFT JOIN statuses ps ON ps.key = p.previous_status
ORDER BY s.position

-- Stints: every stay of an order in a status. A history row that leaves a status (from_status)
-- ends a stint in it that began at the row's previous_at (migration 014: the changed_at of
-- the order's previous row, filled by every writer), so a finished stint is one row, with no
-- pairing of rows. The stint still going on is the one the order's latest row (by id)
-- entered; only orders whose current status is not final are read for it (the history ends
-- in the current status: integrity check status_records), which a semi join narrows cheaply.
-- Median and 90th percentile come from one quantile_cont over [0.5, 0.9] (median is the
-- continuous 0.5 quantile), so each group's values are ordered once.

-- Median and 90th percentile of the days per stint and status. A stint that has not ended
-- counts until $now when its status is not final (an order still waiting is part of how
-- long orders wait); the stay in a final status (Betalt, Kansellert) has no length.
-- name: analytics_time_in_status
WITH mine AS MATERIALIZED (
    SELECT o.order_no FROM orders o WHERE {where}
), measured AS (
    SELECT h.from_status AS status, false AS ongoing,
           (epoch_us(h.changed_at) - epoch_us(h.previous_at)) / 86400e6 AS days
    FROM order_status_history h
    WHERE h.previous_at IS NOT NULL AND {history_scope}
      AND h.from_status IN (SELECT key FROM statuses WHERE NOT is_final)
    UNION ALL
    SELECT arg_max(h.to_status, h.id), true,
           (epoch_us($now::TIMESTAMPTZ) - arg_max(epoch_us(h.changed_at), h.id)) / 86400e6
    FROM order_status_history h
    WHERE h.order_no IN (SELECT o.order_no FROM orders o
                         WHERE o.status IN (SELECT key FROM statuses WHERE NOT is_final)
                           AND {where})
    GROUP BY h.order_no
), summed AS (
    SELECT status, count(*) AS stints, count(*) FILTER (WHERE ongoing) AS ongoing,
           quantile_cont(days, [0.5, 0.9]) AS q
    FROM measured
    GROUP BY status
)
SELECT s.key AS status, s.label AS status_label, s.category AS status_category,
       s.position AS status_position, coalesce(m.stints, 0)::BIGINT AS stints,
       coalesce(m.ongoing, 0)::BIGINT AS ongoing,
       m.q[1]::DOUBLE AS median_days, m.q[2]::DOUBLE AS p90_days
FROM statuses s LEFT JOIN summed m ON m.status = s.key
WHERE NOT s.is_final
ORDER BY s.position

-- The trend: finished stints per period of the day they ended (left the status); the hours
-- they ended in are turned into Norwegian periods once each.
-- name: analytics_time_in_status_trend
WITH mine AS MATERIALIZED (
    SELECT o.order_no FROM orders o WHERE {where}
), finished AS (
    SELECT h.from_status AS status, epoch_us(h.changed_at) // 3600000000 AS hour,
           (epoch_us(h.changed_at) - epoch_us(h.previous_at)) / 86400e6 AS days
    FROM order_status_history h
    WHERE h.previous_at IS NOT NULL AND {history_scope}
), hours AS (
    SELECT hour, date_trunc('{grain}',
               timezone('Europe/Oslo', make_timestamptz(hour * 3600000000)))::DATE AS period
    FROM (SELECT DISTINCT hour FROM finished)
), summed AS (
    SELECT hr.period, f.status, count(*) AS stints, quantile_cont(f.days, [0.5, 0.9]) AS q
    FROM finished f JOIN hours hr ON hr.hour = f.hour
    GROUP BY ALL
)
SELECT m.period, s.key AS status, s.label AS status_label, s.position AS status_position,
       m.stints::BIGINT AS stints, m.q[1]::DOUBLE AS median_days, m.q[2]::DOUBLE AS p90_days
FROM summed m JOIN statuses s ON s.key = m.status
ORDER BY m.period, s.position

-- Quotes per period of the quote date; converted = turned into an order (quotes.order_no);
-- lead time = the order's date − the quote's date, in days. The filter reads the quote's own
-- date, customer, our contact and project (a quote has no order status: status_category
-- does not apply).
-- name: analytics_quote_conversion
SELECT date_trunc('{grain}', q.quote_date)::DATE AS period, count(*)::BIGINT AS quotes,
       count(o.order_no)::BIGINT AS converted,
       (count(o.order_no) / count(*))::DOUBLE AS conversion_rate,
       median(o.order_date - q.quote_date)::DOUBLE AS median_lead_days,
       quantile_cont(o.order_date - q.quote_date, 0.9)::DOUBLE AS p90_lead_days
FROM quotes q
LEFT JOIN orders o ON o.order_no = q.order_no
WHERE {quote_where}
GROUP BY ALL
ORDER BY period

-- Value per customer / our contact / project: the $top_n largest by value, then one row
-- for all the others. {key_column} and {name_table} are whitelisted by views/analytics.py.
-- Orders without a project form their own group (id NULL).
-- name: analytics_value_by
WITH per AS (
    SELECT o.{key_column} AS id, count(*) AS order_count,
           sum(o.total)::DECIMAL(38, 2) AS total_value
    FROM orders o
    WHERE {where}
    GROUP BY ALL
), ranked AS (
    SELECT *, row_number() OVER (ORDER BY total_value DESC, id NULLS LAST) AS place
    FROM per
), grouped AS (
    SELECT least(place, $top_n + 1)::BIGINT AS rank, place > $top_n AS is_other,
           CASE WHEN place <= $top_n THEN id END AS id,
           sum(order_count)::BIGINT AS order_count,
           sum(total_value)::DECIMAL(38, 2) AS total_value
    FROM ranked
    GROUP BY ALL
)
SELECT g.rank, g.id,
       CASE WHEN g.is_other THEN 'Andre' WHEN g.id IS NULL THEN $no_key_label ELSE n.name END
           AS name,
       g.order_count, g.total_value::DOUBLE AS total_value,
       (g.total_value / nullif(sum(g.total_value) OVER (), 0))::DOUBLE AS share,
       g.is_other
FROM grouped g
LEFT JOIN {name_table} n ON n.id = g.id AND NOT g.is_other
ORDER BY g.rank

-- Cohorts: the month of the order date × the order's current status.
-- name: analytics_cohorts
WITH counted AS (
    SELECT date_trunc('month', o.order_date)::DATE AS cohort_month, o.status,
           count(*) AS order_count, sum(o.total)::DECIMAL(38, 2) AS total_value
    FROM orders o
    WHERE {where}
    GROUP BY ALL
)
SELECT c.cohort_month, c.status, s.label AS status_label, s.category AS status_category,
       s.position AS status_position, c.order_count::BIGINT AS order_count,
       c.total_value::DOUBLE AS total_value,
       (c.order_count / sum(c.order_count) OVER (PARTITION BY c.cohort_month))::DOUBLE
           AS share_of_cohort
FROM counted c JOIN statuses s ON s.key = c.status
ORDER BY c.cohort_month, s.position

-- Days from the first entry into $invoiced_status to the first entry into $paid_status
-- after it, per period of the payment's day. Orders that never went back enter each once:
-- their two rows are paired by order; the winding ones take the first of each.
-- name: analytics_dso
WITH mine AS MATERIALIZED (
    SELECT o.order_no FROM orders o WHERE {where}
), winding AS MATERIALIZED ({analytics_winding}), invoiced AS (
    SELECT h.order_no, epoch_us(h.changed_at) AS at
    FROM order_status_history h
    WHERE h.to_status = $invoiced_status AND {history_scope}
      AND h.order_no NOT IN (SELECT order_no FROM winding)
), paid AS (
    SELECT h.order_no, epoch_us(h.changed_at) AS at
    FROM order_status_history h
    WHERE h.to_status = $paid_status AND {history_scope}
      AND h.order_no NOT IN (SELECT order_no FROM winding)
), marks AS (
    SELECT i.at AS invoiced_us, p.at AS paid_us
    FROM paid p JOIN invoiced i ON i.order_no = p.order_no
    UNION ALL
    SELECT min(epoch_us(h.changed_at)) FILTER (WHERE h.to_status = $invoiced_status),
           min(epoch_us(h.changed_at)) FILTER (WHERE h.to_status = $paid_status)
    FROM order_status_history h
    WHERE h.order_no IN (SELECT order_no FROM winding)
    GROUP BY h.order_no
), measured AS (
    SELECT paid_us // 3600000000 AS hour, (paid_us - invoiced_us) / 86400e6 AS days
    FROM marks
    WHERE paid_us >= invoiced_us
), hours AS (
    SELECT hour, date_trunc('{grain}',
               timezone('Europe/Oslo', make_timestamptz(hour * 3600000000)))::DATE AS period
    FROM (SELECT DISTINCT hour FROM measured)
)
SELECT hr.period, count(*)::BIGINT AS paid_count, median(m.days)::DOUBLE AS median_days,
       quantile_cont(m.days, 0.9)::DOUBLE AS p90_days, avg(m.days)::DOUBLE AS mean_days
FROM measured m JOIN hours hr ON hr.hour = m.hour
GROUP BY hr.period
ORDER BY hr.period

-- The orders behind a chart selection, newest first. Each selection parameter is NULL when
-- the chart selected nothing on that axis; $period_start/$period_end bound the order date.
-- name: analytics_orders_behind
WITH picked AS (
    SELECT o.order_no, o.title, o.customer_id, o.our_contact_id, o.project_id, o.status,
           o.order_date, o.total
    FROM orders o
    WHERE {where}
      AND ($period_start IS NULL OR o.order_date >= $period_start)
      AND ($period_end IS NULL OR o.order_date <= $period_end)
      AND ($status IS NULL OR o.status = $status)
      AND ($selected_customer_id IS NULL OR o.customer_id = $selected_customer_id)
      AND ($selected_employee_id IS NULL OR o.our_contact_id = $selected_employee_id)
      AND ($selected_project_id IS NULL OR o.project_id = $selected_project_id)
    ORDER BY o.order_date DESC, o.order_no DESC
    LIMIT $limit
)
SELECT o.order_no, o.title, o.customer_id, c.name AS customer_name, o.our_contact_id,
       e.name AS our_contact_name, o.project_id, p.name AS project_name, o.status,
       s.label AS status_label, o.order_date, o.total
FROM picked o
JOIN statuses s ON s.key = o.status
JOIN companies c ON c.id = o.customer_id
LEFT JOIN employees e ON e.id = o.our_contact_id
LEFT JOIN projects p ON p.id = o.project_id
ORDER BY o.order_date DESC, o.order_no DESC
