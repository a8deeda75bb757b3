package com.example.shop.gateway.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers every request with {@code X-Trace-Id}: the id of the trace the gateway started
 * for it (or continued from the client's {@code traceparent}), the one the services' logs
 * and spans carry. A client quoting it finds the whole saga of its order. Set as the
 * response commits, so fallbacks and error answers carry it too.
 */
@Component
class TraceIdHeader implements WebFilter, Ordered {

	static final String TRACE_ID = "X-Trace-Id";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String traceId = traceId(exchange);
		if (traceId != null) {
			exchange.getResponse().beforeCommit(() -> {
				exchange.getResponse().getHeaders().set(TRACE_ID, traceId);
				return Mono.empty();
			});
		}
		return chain.filter(exchange);
	}

	/** The server observation's span, which Spring WebFlux keeps on the exchange. */
	private static String traceId(ServerWebExchange exchange) {
		TracingContext tracing = ServerRequestObservationContext.findCurrent(exchange.getAttributes())
			.map((context) -> context.<TracingContext>get(TracingContext.class))
			.orElse(null);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		return (span != null) ? span.context().traceId() : null;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
