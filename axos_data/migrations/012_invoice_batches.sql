-- Invoice basis export (issue 10): invoice numbers, export batches and which orders each held.

-- The invoice number of an order, given at its first export and kept on re-export. A side
-- table, not a column: DuckDB cannot ALTER orders, which other tables reference by foreign key.
CREATE TABLE order_invoices (
    order_no    BIGINT PRIMARY KEY,
    invoice_no  BIGINT NOT NULL UNIQUE,
    issue_date  DATE NOT NULL,
    batch_id    BIGINT NOT NULL
);

-- One row per export: who, when, what was selected, and the totals of the files written.
CREATE TABLE invoice_batches (
    id           BIGINT PRIMARY KEY,
    created_at   TIMESTAMPTZ NOT NULL,
    actor_id     BIGINT NOT NULL,
    filter       JSON NOT NULL,
    order_count  INTEGER NOT NULL,
    net_total    DECIMAL(38, 2) NOT NULL,
    vat_total    DECIMAL(38, 2) NOT NULL,
    total        DECIMAL(38, 2) NOT NULL,
    totals       JSON NOT NULL,
    folder       VARCHAR NOT NULL
);

CREATE TABLE invoice_batch_orders (
    batch_id    BIGINT NOT NULL,
    order_no    BIGINT NOT NULL,
    invoice_no  BIGINT NOT NULL,
    reexport    BOOLEAN NOT NULL,
    PRIMARY KEY (batch_id, order_no)
);

-- Invoice numbers and batch ids are never handed out twice (like order numbers).
INSERT INTO counters VALUES ('invoice_no', 1), ('invoice_batch', 1);
INSERT INTO settings VALUES
    ('invoice_number_start', '1'),
    ('invoice_export_status', '"fakturert"');
