package com.example.shop.messaging.outbox;

import org.springframework.lang.Nullable;

/**
 * The trace an outbox event is appended in, as a W3C {@code traceparent}. Two kinds: one
 * that asks Micrometer Tracing for the current span, and {@link #NONE} for a service
 * without a tracer.
 */
@FunctionalInterface
interface TraceParentSource {

	/** The W3C header an event's trace travels in. */
	String TRACEPARENT = "traceparent";

	/** No tracing: events carry no trace. */
	TraceParentSource NONE = () -> null;

	/** The current span's {@code traceparent}, or null when there is no span. */
	@Nullable
	String current();

}
