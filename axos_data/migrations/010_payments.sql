-- Payment follow-up (issue 10): incoming payments read from the bank's files, matched by KID
-- to orders, and the reminders (purringer) sent for overdue orders.
-- No foreign keys to orders: DuckDB refuses ALTER TABLE on a referenced table, and orders is
-- still growing columns. views.integrity checks the references instead.

CREATE SEQUENCE payment_import_id_seq START 1;
CREATE SEQUENCE payment_reminder_id_seq START 1;

-- One row per import that added at least one payment (a re-import of the same file adds
-- nothing and leaves no row).
CREATE TABLE payment_imports (
    id             BIGINT PRIMARY KEY DEFAULT nextval('payment_import_id_seq'),
    file_name      VARCHAR NOT NULL,
    file_sha256    VARCHAR NOT NULL,
    file_format    VARCHAR NOT NULL CHECK (file_format IN ('csv', 'camt.054')),
    imported_at    TIMESTAMPTZ NOT NULL,
    imported_by    BIGINT NOT NULL,
    payments_read  INTEGER NOT NULL,
    payments_new   INTEGER NOT NULL
);

-- payment_id is the payment's stable identity: "ref:" + the bank's reference when the file
-- has one, else "hash:" + SHA-256 of date, amount, KID, payer, text and the occurrence index
-- of that combination in the file. order_no NULL: the KID matched no order (unmatched).
CREATE TABLE payments (
    payment_id  VARCHAR PRIMARY KEY,
    import_id   BIGINT NOT NULL,
    booked_on   DATE NOT NULL,
    amount      DECIMAL(18, 2) NOT NULL CHECK (amount > 0),
    kid         VARCHAR,
    payer       VARCHAR,
    text        VARCHAR,
    bank_ref    VARCHAR,
    source      VARCHAR NOT NULL,
    order_no    BIGINT
);

-- Every reminder sent: the due date it set is the order's due date from then on.
CREATE TABLE payment_reminders (
    id           BIGINT PRIMARY KEY DEFAULT nextval('payment_reminder_id_seq'),
    order_no     BIGINT NOT NULL,
    reminded_at  TIMESTAMPTZ NOT NULL,
    reminded_by  BIGINT NOT NULL,
    due_date     DATE NOT NULL,
    total        DECIMAL(18, 2) NOT NULL,
    paid         DECIMAL(18, 2) NOT NULL,
    kid          VARCHAR NOT NULL,
    file_name    VARCHAR NOT NULL,
    sha256       VARCHAR NOT NULL
);
