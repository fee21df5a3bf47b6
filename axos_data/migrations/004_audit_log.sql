-- Every write outside an order (settings, master data, quotes, users): who, when, what, and
-- each changed field as {"field": [before, after]}. Orders have their own activity log.
-- No foreign keys, so the log never stops a row it describes from changing.
CREATE SEQUENCE audit_id_seq START 1;
CREATE TABLE audit_log (
    id           BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    occurred_at  TIMESTAMPTZ NOT NULL,
    actor_id     BIGINT,
    entity       VARCHAR NOT NULL,
    entity_id    VARCHAR NOT NULL,
    action       VARCHAR NOT NULL,
    changes      JSON
);
