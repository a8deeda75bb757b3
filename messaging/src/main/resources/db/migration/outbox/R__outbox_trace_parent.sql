-- The trace an event belongs to: the W3C traceparent of the span that appended it, so the relay publishes it as part
-- of that trace. Repeatable rather than versioned on purpose: the outbox's versions (0.x) sort below each service's own,
-- so a new 0.x version would be an out-of-order migration on every database already past V1 and fail validation. A
-- repeatable migration runs after the versioned ones wherever it has not run yet, and this one is idempotent.
ALTER TABLE outbox_event ADD COLUMN IF NOT EXISTS trace_parent VARCHAR(128);
