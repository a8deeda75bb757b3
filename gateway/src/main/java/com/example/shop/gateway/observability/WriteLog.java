package com.example.shop.gateway.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * One INFO line per routed write (an order placed, say) with its answer's status: where a
 * saga starts, and the first line its trace id appears on. Reads are not logged: they are
 * most of the traffic and change nothing.
 */
@Component
class WriteLog implements GlobalFilter, Ordered {

	private static final Logger log = LoggerFactory.getLogger(WriteLog.class);

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		HttpMethod method = exchange.getRequest().getMethod();
		if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange)
			.doOnSuccess((done) -> log.info("{} {} answered {}", method, exchange.getRequest().getPath(),
					exchange.getResponse().getStatusCode()));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
