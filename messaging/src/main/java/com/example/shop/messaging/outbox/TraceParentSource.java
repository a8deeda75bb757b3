package com.example.shop.messaging.outbox;

import org.springframework.lang.Nullable;

/**
 * The current trace as a W3C {@code traceparent}, for work stored now and carried on
 * later in the same trace: an outbox event the relay publishes, a payment the retrier
 * charges again. Two kinds: one that asks Micrometer Tracing for the current span (a bean
 * with Micrometer Tracing on the classpath), and {@link #NONE} for a service without a
 * tracer.
 */
@FunctionalInterface
public interface TraceParentSource {

	/** The W3C header an event's trace travels in. */
	String TRACEPARENT = "traceparent";

	/** No tracing: events carry no trace. */
	TraceParentSource NONE = () -> null;

	/** The current span's {@code traceparent}, or null when there is no span. */
	@Nullable
	String current();

}
