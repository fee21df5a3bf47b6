-- Every login attempt on the app server, for the operator to see guessing and lock-outs.
-- outcome: 'ok' (session made), 'wrong' (credentials refused), 'limited' (refused by the
-- rate limit without checking). employee_id is empty while the app has one shared password;
-- no foreign key, so the log never stops an employee row from changing.
CREATE SEQUENCE login_attempt_id_seq START 1;
CREATE TABLE login_attempts (
    id           BIGINT PRIMARY KEY DEFAULT nextval('login_attempt_id_seq'),
    attempted_at TIMESTAMPTZ NOT NULL,
    client       VARCHAR NOT NULL,
    outcome      VARCHAR NOT NULL CHECK (outcome IN ('ok', 'wrong', 'limited')),
    employee_id  BIGINT
);
