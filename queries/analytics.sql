-- Pipeline analytics (issue 11): the queries behind /analyse/, the API's analytics views and
-- their downloads. views/analytics.py runs them and documents each result's columns.
--
-- Every query reads the orders through one filter (analytics_where, alias o): order date
-- range (inclusive), our contact, customer, project and the category of the order's current
-- status; a NULL parameter means "no limit". Values are bound; the only things formatted in
-- are {grain} ('week', 'month', 'quarter') and the whitelisted dimension identifiers of
-- analytics_value_by, chosen by views/analytics.py.
-- Money is summed exactly as DECIMAL(38, 2) and turned into DOUBLE only at the end (charts).
-- Days between two moments are fractional days (epoch seconds ÷ 86 400).
-- Moments (status changes) fall into a period by their Norwegian calendar day.

-- name: analytics_where
($date_from IS NULL OR o.order_date >= $date_from)
AND ($date_to IS NULL OR o.order_date <= $date_to)
AND ($employee_id IS NULL OR o.our_contact_id = $employee_id)
AND ($customer_id IS NULL OR o.customer_id = $customer_id)
AND ($project_id IS NULL OR o.project_id = $project_id)
AND ($status_category IS NULL
     OR o.status IN (SELECT key FROM statuses WHERE category = $status_category))

-- Orders and value per period of the order date and current status.
-- name: analytics_status_over_time
WITH counted AS (
    SELECT date_trunc('{grain}', o.order_date)::DATE AS period, o.status,
           count(*) AS order_count, sum(o.total)::DECIMAL(38, 2) AS total_value
    FROM orders o
    WHERE {analytics_where}
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
-- name: analytics_open_value
WITH mine AS MATERIALIZED (
    SELECT o.order_no, o.total, o.order_date
    FROM orders o
    WHERE {analytics_where}
), open_keys AS (
    SELECT key FROM statuses WHERE category IN ('open', 'invoicing')
), changes AS (
    SELECT date_trunc('{grain}', timezone('Europe/Oslo', h.changed_at))::DATE AS period,
           (h.to_status IN (SELECT key FROM open_keys))::INTEGER
           - coalesce(h.from_status IN (SELECT key FROM open_keys), false)::INTEGER AS step,
           m.total
    FROM order_status_history h
    JOIN mine m ON m.order_no = h.order_no
), deltas AS (
    SELECT period, sum(step)::BIGINT AS count_delta,
           sum(step * total)::DECIMAL(38, 2) AS value_delta
    FROM changes
    WHERE step <> 0
    GROUP BY period
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
       coalesce(max(r.open_value), 0)::DOUBLE AS open_value
FROM periods p LEFT JOIN running r ON r.period = p.period
GROUP BY p.period
ORDER BY p.period

-- Per status of the flow: orders that ever entered it (the status history), their value,
-- and the step it is counted from: the earliest status (by position) with a transition into
-- it from a lower position (a way back, Klar til fakturering → Under arbeid, is no step).
-- name: analytics_funnel
WITH mine AS MATERIALIZED (
    SELECT o.order_no, o.total FROM orders o WHERE {analytics_where}
), entered AS (
    SELECT DISTINCT h.order_no, h.to_status AS status
    FROM order_status_history h
    WHERE h.order_no IN (SELECT order_no FROM mine)
), reached AS (
    SELECT e.status, count(*) AS reached, sum(m.total)::DECIMAL(38, 2) AS reached_value
    FROM entered e JOIN mine m ON m.order_no = e.order_no
    GROUP BY e.status
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
       coalesce(r.reached_value, 0)::DOUBLE AS reached_value,
       p.previous_status, ps.label AS previous_status_label
FROM statuses s
LEFT JOIN reached r ON r.status = s.key
LEFT JOIN previous p ON p.status = s.key
LEFT JOIN statuses ps ON ps.key = p.previous_status
ORDER BY s.position

-- Stints: every stay of an order in a status, from the history row that entered it to the
-- next row of the same order (NULL while it still is there).
-- name: analytics_stints
WITH mine AS MATERIALIZED (
    SELECT o.order_no FROM orders o WHERE {analytics_where}
)
SELECT h.to_status AS status, h.changed_at AS entered_at,
       lead(h.changed_at) OVER (PARTITION BY h.order_no ORDER BY h.changed_at, h.id) AS left_at
FROM order_status_history h
WHERE h.order_no IN (SELECT order_no FROM mine)

-- Median and 90th percentile of the days per stint and status. A stint that has not ended
-- counts until $now when its status is not final (an order still waiting is part of how
-- long orders wait); the stay in a final status (Betalt, Kansellert) has no length.
-- name: analytics_time_in_status
WITH stints AS ({analytics_stints}), measured AS (
    SELECT st.status, st.left_at IS NULL AS ongoing,
           epoch(coalesce(st.left_at, $now::TIMESTAMPTZ) - st.entered_at) / 86400.0 AS days
    FROM stints st JOIN statuses s ON s.key = st.status
    WHERE st.left_at IS NOT NULL OR NOT s.is_final
)
SELECT s.key AS status, s.label AS status_label, s.category AS status_category,
       s.position AS status_position, count(m.days)::BIGINT AS stints,
       (count(m.days) FILTER (WHERE m.ongoing))::BIGINT AS ongoing,
       median(m.days)::DOUBLE AS median_days,
       quantile_cont(m.days, 0.9)::DOUBLE AS p90_days
FROM statuses s LEFT JOIN measured m ON m.status = s.key
WHERE NOT s.is_final
GROUP BY ALL
ORDER BY s.position

-- The trend: finished stints per period of the day they ended (left the status).
-- name: analytics_time_in_status_trend
WITH stints AS ({analytics_stints}), measured AS (
    SELECT status,
           date_trunc('{grain}', timezone('Europe/Oslo', left_at))::DATE AS period,
           epoch(left_at - entered_at) / 86400.0 AS days
    FROM stints
    WHERE left_at IS NOT NULL
)
SELECT m.period, s.key AS status, s.label AS status_label, s.position AS status_position,
       count(*)::BIGINT AS stints, median(m.days)::DOUBLE AS median_days,
       quantile_cont(m.days, 0.9)::DOUBLE AS p90_days
FROM measured m JOIN statuses s ON s.key = m.status
GROUP BY ALL
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
WHERE ($date_from IS NULL OR q.quote_date >= $date_from)
  AND ($date_to IS NULL OR q.quote_date <= $date_to)
  AND ($employee_id IS NULL OR q.our_contact_id = $employee_id)
  AND ($customer_id IS NULL OR q.customer_id = $customer_id)
  AND ($project_id IS NULL OR q.project_id = $project_id)
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
    WHERE {analytics_where}
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
    WHERE {analytics_where}
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
-- after it, per period of the payment's day.
-- name: analytics_dso
WITH mine AS MATERIALIZED (
    SELECT o.order_no FROM orders o WHERE {analytics_where}
), marks AS (
    SELECT h.order_no,
           min(h.changed_at) FILTER (WHERE h.to_status = $invoiced_status) AS invoiced_at,
           min(h.changed_at) FILTER (WHERE h.to_status = $paid_status) AS paid_at
    FROM order_status_history h
    WHERE h.to_status IN ($invoiced_status, $paid_status)
      AND h.order_no IN (SELECT order_no FROM mine)
    GROUP BY h.order_no
), measured AS (
    SELECT date_trunc('{grain}', timezone('Europe/Oslo', paid_at))::DATE AS period,
           epoch(paid_at - invoiced_at) / 86400.0 AS days
    FROM marks
    WHERE paid_at >= invoiced_at
)
SELECT period, count(*)::BIGINT AS paid_count, median(days)::DOUBLE AS median_days,
       quantile_cont(days, 0.9)::DOUBLE AS p90_days, avg(days)::DOUBLE AS mean_days
FROM measured
GROUP BY period
ORDER BY period

-- The orders behind a chart selection, newest first. Each selection parameter is NULL when
-- the chart selected nothing on that axis; $period_start/$period_end bound the order date.
-- name: analytics_orders_behind
SELECT o.order_no, o.title, o.customer_id, c.name AS customer_name, o.our_contact_id,
       e.name AS our_contact_name, o.project_id, p.name AS project_name, o.status,
       s.label AS status_label, o.order_date, o.total
FROM orders o
JOIN statuses s ON s.key = o.status
JOIN companies c ON c.id = o.customer_id
LEFT JOIN employees e ON e.id = o.our_contact_id
LEFT JOIN projects p ON p.id = o.project_id
WHERE {analytics_where}
  AND ($period_start IS NULL OR o.order_date >= $period_start)
  AND ($period_end IS NULL OR o.order_date <= $period_end)
  AND ($status IS NULL OR o.status = $status)
  AND ($selected_customer_id IS NULL OR o.customer_id = $selected_customer_id)
  AND ($selected_employee_id IS NULL OR o.our_contact_id = $selected_employee_id)
  AND ($selected_project_id IS NULL OR o.project_id = $selected_project_id)
ORDER BY o.order_date DESC, o.order_no DESC
LIMIT $limit
