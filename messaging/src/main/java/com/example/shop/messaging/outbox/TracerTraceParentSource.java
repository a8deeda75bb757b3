package com.example.shop.messaging.outbox;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.lang.Nullable;

/**
 * The current span's context, written as the configured propagator writes it into a
 * message (W3C {@code traceparent}). Looks the tracer up on each call: a service without
 * one simply stores no trace.
 */
final class TracerTraceParentSource implements TraceParentSource {

	private final ObjectProvider<Tracer> tracer;

	private final ObjectProvider<Propagator> propagator;

	TracerTraceParentSource(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		this.tracer = tracer;
		this.propagator = propagator;
	}

	@Override
	@Nullable
	public String current() {
		Tracer tracer = this.tracer.getIfUnique();
		Propagator propagator = this.propagator.getIfUnique();
		Span span = (tracer != null) ? tracer.currentSpan() : null;
		if (span == null || propagator == null) {
			return null;
		}
		Map<String, String> carrier = new HashMap<>();
		propagator.inject(span.context(), carrier, Map::put);
		return carrier.get(TraceParentSource.TRACEPARENT);
	}

}
