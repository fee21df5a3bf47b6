-- Files (Filer) on orders: metadata here, content in a content-addressed folder beside the
-- database (<db dir>/files/ab/cdef…, named by SHA-256), so the same content is stored once.
-- The relations table of 001 is used as it is: each link is two rows, one per direction.
CREATE SEQUENCE order_file_id_seq START 1;

CREATE TABLE order_files (
    id           BIGINT PRIMARY KEY DEFAULT nextval('order_file_id_seq'),
    order_no     BIGINT NOT NULL REFERENCES orders (order_no),
    name         VARCHAR NOT NULL,   -- as uploaded; sanitised only where it meets a disk or header
    sha256       VARCHAR NOT NULL,
    size         BIGINT NOT NULL,
    uploaded_by  BIGINT NOT NULL REFERENCES employees (id),
    uploaded_at  TIMESTAMPTZ NOT NULL
);

CREATE INDEX order_files_order ON order_files (order_no);
CREATE INDEX relations_from ON relations (from_type, from_id);

INSERT INTO settings (key, value) VALUES ('max_file_mb', '25');
