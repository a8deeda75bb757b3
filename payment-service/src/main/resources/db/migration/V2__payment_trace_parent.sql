-- The trace a payment was requested in (W3C traceparent), so that every attempt to charge it, the retrier's too,
-- and the event that announces the decision belong to the order's trace. NULL without tracing.
ALTER TABLE payment ADD COLUMN trace_parent VARCHAR(128);
