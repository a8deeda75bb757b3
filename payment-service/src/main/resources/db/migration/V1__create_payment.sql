-- One payment per order (the primary key is what makes a redelivered PaymentRequested harmless). A PENDING payment
-- is charged again from next_attempt_at on; COMPLETED and DECLINED are final.
CREATE TABLE payment (
    order_id        UUID           PRIMARY KEY,
    version         BIGINT         NOT NULL,
    customer_id     VARCHAR(64)    NOT NULL,
    amount          NUMERIC(12, 2) NOT NULL,
    idempotency_key VARCHAR(255)   NOT NULL,
    status          VARCHAR(16)    NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'DECLINED')),
    attempts        INTEGER        NOT NULL,
    charge_id       VARCHAR(64),
    reason          VARCHAR(64),
    next_attempt_at TIMESTAMPTZ,
    created_at      TIMESTAMPTZ    NOT NULL,
    updated_at      TIMESTAMPTZ    NOT NULL
);

-- What the retrier asks every few hundred milliseconds: which pending payments are due.
CREATE INDEX payment_due_idx ON payment (next_attempt_at) WHERE status = 'PENDING';
