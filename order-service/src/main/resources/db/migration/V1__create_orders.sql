-- An order and its lines, priced when placed. One order per client Idempotency-Key.
CREATE TABLE orders (
    id               UUID          PRIMARY KEY,
    customer_id      VARCHAR(64)   NOT NULL,
    idempotency_key  VARCHAR(64)   NOT NULL UNIQUE,
    status           VARCHAR(16)   NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED')),
    saga_step        VARCHAR(32)   NOT NULL CHECK (saga_step IN ('AWAITING_STOCK', 'AWAITING_PAYMENT')),
    rejection_reason VARCHAR(32),
    total            NUMERIC(12, 2) NOT NULL,
    created_at       TIMESTAMPTZ   NOT NULL,
    updated_at       TIMESTAMPTZ   NOT NULL,
    version          BIGINT        NOT NULL,
    CHECK ((status = 'REJECTED') = (rejection_reason IS NOT NULL))
);

CREATE TABLE order_line (
    order_id   UUID           NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no    INTEGER        NOT NULL,
    product_id BIGINT         NOT NULL,
    quantity   INTEGER        NOT NULL CHECK (quantity > 0),
    unit_price NUMERIC(12, 2) NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
