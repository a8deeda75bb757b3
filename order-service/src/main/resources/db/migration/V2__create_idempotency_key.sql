-- One row per client Idempotency-Key: the arbiter between concurrent requests with one key (on any instance).
-- IN_FLIGHT: claimed by the request working on it (claim_token), since claimed_at; an old claim was abandoned.
-- COMPLETED: the answer every retry of the key gets again.
CREATE TABLE idempotency_key (
    key                 VARCHAR(64) PRIMARY KEY,
    request_fingerprint CHAR(64)    NOT NULL,
    status              VARCHAR(16) NOT NULL CHECK (status IN ('IN_FLIGHT', 'COMPLETED')),
    claim_token         UUID        NOT NULL,
    claimed_at          TIMESTAMPTZ NOT NULL,
    response_status     INTEGER,
    response_body       TEXT,
    order_id            UUID,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    CHECK (status = 'IN_FLIGHT' OR (response_status IS NOT NULL AND response_body IS NOT NULL))
);
