-- API tokens per employee (issue 11): scripts on other machines reach the app's /api/v1 with
-- `Authorization: Bearer <token>` and act as that employee. Only the SHA-256 of the token is
-- stored (the token is 256 random bits, so a plain hash cannot be guessed back); the token
-- itself is shown once, when it is made. A revoked token stays as a row for the audit trail.
CREATE SEQUENCE api_token_id_seq START 1;

CREATE TABLE api_tokens (
    id          BIGINT PRIMARY KEY DEFAULT nextval('api_token_id_seq'),
    employee_id BIGINT NOT NULL,
    name        VARCHAR NOT NULL,
    token_hash  VARCHAR NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  BIGINT NOT NULL,
    revoked_at  TIMESTAMPTZ,
    revoked_by  BIGINT
);
