package com.example.shop.gateway.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * {@code shop.gateway.degraded} ({@code shop_gateway_degraded_total{route,reason}}):
 * every answer the gateway sends with {@code X-Degraded}, whether its own fallback set it
 * ({@code catalog-cache}) or a service's answer passed it through
 * ({@code catalog-db-cache} from catalog's own copies). Looked at as the response
 * commits, when its headers are final.
 */
@Component
class DegradedAnswers implements WebFilter, Ordered {

	static final String DEGRADED = "X-Degraded";

	static final String METER = "shop.gateway.degraded";

	private final MeterRegistry meters;

	DegradedAnswers(MeterRegistry meters) {
		this.meters = meters;
		// The known ones at 0 from the start, so a rate over them is defined before the
		// first.
		counter("catalog-service", "catalog-cache");
		counter("catalog-service", "catalog-db-cache");
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getResponse().beforeCommit(() -> {
			String reason = exchange.getResponse().getHeaders().getFirst(DEGRADED);
			if (reason != null) {
				Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
				counter((route != null) ? route.getId() : "none", reason).increment();
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	private Counter counter(String route, String reason) {
		return Counter.builder(METER)
			.description("Answers sent with X-Degraded")
			.tag("route", route)
			.tag("reason", reason)
			.register(this.meters);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
