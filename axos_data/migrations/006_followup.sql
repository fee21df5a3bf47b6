-- Follow-up on orders: tasks, reminders, followers and the notifications of the bell.
-- No foreign keys (DuckDB cannot cascade and a referenced row could never be deleted); the
-- invariant check `followup` (axos check) verifies every reference instead.

CREATE SEQUENCE task_id_seq START 1;
CREATE TABLE order_tasks (
    id           BIGINT PRIMARY KEY DEFAULT nextval('task_id_seq'),
    order_no     BIGINT NOT NULL,
    title        VARCHAR NOT NULL,
    assignee_id  BIGINT NOT NULL,
    due_date     DATE,
    created_by   BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    done_at      TIMESTAMPTZ,
    done_by      BIGINT
);

-- A reminder fires once: fired_at is set in the same transaction that writes its one
-- notification (services/reminders.py).
CREATE SEQUENCE reminder_id_seq START 1;
CREATE TABLE reminders (
    id           BIGINT PRIMARY KEY DEFAULT nextval('reminder_id_seq'),
    order_no     BIGINT NOT NULL,
    employee_id  BIGINT NOT NULL,
    remind_at    TIMESTAMPTZ NOT NULL,
    note         VARCHAR NOT NULL,
    created_by   BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    fired_at     TIMESTAMPTZ
);

CREATE TABLE order_followers (
    order_no     BIGINT NOT NULL,
    employee_id  BIGINT NOT NULL,
    since        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (order_no, employee_id)
);

-- One row per employee and event: an activity on a followed order (activity_id) or a
-- reminder that fell due (reminder_id). The text is read from the activity or reminder.
CREATE SEQUENCE notification_id_seq START 1;
CREATE TABLE notifications (
    id           BIGINT PRIMARY KEY DEFAULT nextval('notification_id_seq'),
    employee_id  BIGINT NOT NULL,
    order_no     BIGINT NOT NULL,
    activity_id  BIGINT,
    reminder_id  BIGINT,
    created_at   TIMESTAMPTZ NOT NULL,
    read_at      TIMESTAMPTZ,
    CHECK ((activity_id IS NULL) <> (reminder_id IS NULL))
);
