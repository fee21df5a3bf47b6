-- Follow-up: tasks, reminders, followers, notifications and "min dag". Person-sized lists.

-- name: followup_tasks
-- $today is clock.today(): a task is overdue when it is open and its due date has passed.
SELECT t.id, t.order_no, o.title AS order_title, t.title, t.assignee_id,
       a.name AS assignee_name, t.due_date, t.created_by, c.name AS created_by_name,
       t.created_at, t.done_at, t.done_by,
       t.done_at IS NULL AND t.due_date < $today AS overdue
FROM order_tasks t
JOIN orders o ON o.order_no = t.order_no
LEFT JOIN employees a ON a.id = t.assignee_id
LEFT JOIN employees c ON c.id = t.created_by
WHERE ($assignee_id IS NULL OR t.assignee_id = $assignee_id)
  AND ($order_no IS NULL OR t.order_no = $order_no)
  AND ($open_only = false OR t.done_at IS NULL)
ORDER BY t.done_at IS NOT NULL, t.due_date NULLS LAST, t.id
LIMIT $limit

-- name: followup_reminders
SELECT r.id, r.order_no, o.title AS order_title, r.employee_id, e.name AS employee_name,
       r.remind_at, r.note, r.created_by, r.created_at, r.fired_at
FROM reminders r
JOIN orders o ON o.order_no = r.order_no
LEFT JOIN employees e ON e.id = r.employee_id
WHERE ($employee_id IS NULL OR r.employee_id = $employee_id)
  AND ($order_no IS NULL OR r.order_no = $order_no)
  AND ($pending_only = false OR r.fired_at IS NULL)
ORDER BY r.fired_at IS NOT NULL, r.remind_at, r.id
LIMIT $limit

-- name: followup_followers
SELECT e.id, e.name, f.since
FROM order_followers f JOIN employees e ON e.id = f.employee_id
WHERE f.order_no = $order_no
ORDER BY e.name, e.id

-- name: followup_notifications
-- Unread first, newest first. The text is the activity's message or the reminder's note.
SELECT n.id, n.order_no, o.title AS order_title,
       CASE WHEN n.reminder_id IS NULL THEN a.kind ELSE 'reminder' END AS kind,
       coalesce(a.message, r.note) AS message,
       coalesce(a.actor_id, r.created_by) AS actor_id, e.name AS actor_name,
       n.created_at, n.read_at, n.read_at IS NULL AS unread
FROM notifications n
JOIN orders o ON o.order_no = n.order_no
LEFT JOIN order_activity a ON a.id = n.activity_id
LEFT JOIN reminders r ON r.id = n.reminder_id
LEFT JOIN employees e ON e.id = coalesce(a.actor_id, r.created_by)
WHERE n.employee_id = $employee_id AND ($unread_only = false OR n.read_at IS NULL)
ORDER BY n.read_at IS NOT NULL, n.created_at DESC, n.id DESC
LIMIT $limit

-- name: followup_unread_count
SELECT count(*) AS unread FROM notifications
WHERE employee_id = $employee_id AND read_at IS NULL

-- name: followup_my_open_orders
-- Orders where the employee is vår kontakt and the status is not in the closed category.
SELECT o.order_no, o.title, c.name AS customer_name, o.status, s.label AS status_label,
       o.delivery_date, o.total
FROM orders o
JOIN statuses s ON s.key = o.status
JOIN companies c ON c.id = o.customer_id
WHERE o.our_contact_id = $employee_id AND s.category <> 'closed'
ORDER BY o.delivery_date NULLS LAST, o.order_no
LIMIT $limit

-- name: integrity_followup
-- Follow-up rows point at existing orders and employees; a notification at an activity or
-- reminder of its own order (and a reminder's notification at its employee); a reminder is
-- fired exactly when it has a notification, and has at most one.
WITH refs AS (
    SELECT 'task' AS record, id, order_no, assignee_id AS employee_id FROM order_tasks
    UNION ALL SELECT 'task', id, order_no, created_by FROM order_tasks
    UNION ALL SELECT 'reminder', id, order_no, employee_id FROM reminders
    UNION ALL SELECT 'reminder', id, order_no, created_by FROM reminders
    UNION ALL SELECT 'follower', employee_id, order_no, employee_id FROM order_followers
    UNION ALL SELECT 'notification', id, order_no, employee_id FROM notifications
)
SELECT DISTINCT 'missing_order' AS problem, r.record, r.id AS record_id, r.order_no,
       NULL::BIGINT AS other_id
FROM refs r ANTI JOIN orders o ON o.order_no = r.order_no
UNION ALL
SELECT 'missing_employee', r.record, r.id, r.order_no, r.employee_id
FROM refs r ANTI JOIN employees e ON e.id = r.employee_id
UNION ALL
SELECT 'notification_source', 'notification', n.id, n.order_no,
       coalesce(n.activity_id, n.reminder_id)
FROM notifications n
LEFT JOIN order_activity a ON a.id = n.activity_id
LEFT JOIN reminders m ON m.id = n.reminder_id
WHERE (n.activity_id IS NOT NULL AND a.order_no IS DISTINCT FROM n.order_no)
   OR (n.reminder_id IS NOT NULL AND (m.order_no IS DISTINCT FROM n.order_no
                                      OR m.employee_id IS DISTINCT FROM n.employee_id))
UNION ALL
SELECT 'reminder_fired', 'reminder', m.id, m.order_no, count(n.id)
FROM reminders m LEFT JOIN notifications n ON n.reminder_id = m.id
GROUP BY m.id, m.order_no, m.fired_at
HAVING count(n.id) <> CASE WHEN m.fired_at IS NULL THEN 0 ELSE 1 END
ORDER BY 4, 1, 2, 3
