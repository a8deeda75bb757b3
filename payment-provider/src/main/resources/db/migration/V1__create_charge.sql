-- The bank's ledger: one row per decision, one decision per idempotency key. The unique constraint is what
-- makes concurrent repeats of a request charge at most once: the second insert fails and replays the first.
CREATE TABLE charge (
    id              VARCHAR(40)   PRIMARY KEY,
    version         INTEGER       NOT NULL,
    idempotency_key VARCHAR(255)  NOT NULL CONSTRAINT charge_idempotency_key_unique UNIQUE,
    reference       VARCHAR(64)   NOT NULL,
    customer_id     VARCHAR(64)   NOT NULL,
    amount          NUMERIC(12, 2) NOT NULL CHECK (amount > 0),
    status          VARCHAR(16)   NOT NULL CHECK (status IN ('APPROVED', 'DECLINED')),
    reason          VARCHAR(64),
    created_at      TIMESTAMPTZ   NOT NULL
);

CREATE INDEX charge_reference_idx ON charge (reference);
