package com.example.shop.gateway.catalog;

import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The route filter {@code CatalogResponseCache}: keeps the last successful answer (200)
 * of every catalog GET, keyed by path and query, in a bounded Caffeine cache, for
 * {@link CatalogFallback} to serve while catalog is down.
 */
@Component
class CatalogResponseCacheGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

	private static final String KEY_ATTRIBUTE = CatalogResponseCacheGatewayFilterFactory.class.getName() + ".key";

	/*
	 * Runs just outside NettyWriteResponseFilter, the filter that writes the upstream
	 * body, so the body passes through the recorder below.
	 */
	private static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

	private final Cache<String, CachedResponse> responses;

	CatalogResponseCacheGatewayFilterFactory(CatalogCacheProperties properties) {
		super(Object.class);
		this.responses = Caffeine.newBuilder()
			.maximumSize(properties.maxEntries())
			.expireAfterWrite(properties.ttl())
			.build();
	}

	@Override
	public GatewayFilter apply(Object config) {
		return new OrderedGatewayFilter(this::record, ORDER);
	}

	Optional<CachedResponse> lastKnownGood(ServerWebExchange exchange) {
		String key = exchange.getAttribute(KEY_ATTRIBUTE);
		return Optional.ofNullable(key).map(this.responses::getIfPresent);
	}

	private Mono<Void> record(ServerWebExchange exchange, GatewayFilterChain chain) {
		if (!HttpMethod.GET.equals(exchange.getRequest().getMethod())) {
			return chain.filter(exchange);
		}
		String key = keyOf(exchange.getRequest());
		exchange.getAttributes().put(KEY_ATTRIBUTE, key);
		// Asks catalog for an unencoded body, so the copy can be served to any client.
		ServerWebExchange recorded = exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.remove(HttpHeaders.ACCEPT_ENCODING)))
			.response(new Recorder(exchange, key))
			.build();
		return chain.filter(recorded);
	}

	private static String keyOf(ServerHttpRequest request) {
		String query = request.getURI().getRawQuery();
		return request.getURI().getRawPath() + ((query != null) ? "?" + query : "");
	}

	/** A copy of one catalog answer and when it was fetched. */
	record CachedResponse(byte[] body, MediaType contentType, Instant cachedAt) {
	}

	private final class Recorder extends ServerHttpResponseDecorator {

		private final ServerWebExchange exchange;

		private final String key;

		Recorder(ServerWebExchange exchange, String key) {
			super(exchange.getResponse());
			this.exchange = exchange;
			this.key = key;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			if (!isFreshSuccess()) {
				return super.writeWith(body);
			}
			return DataBufferUtils.join(body).defaultIfEmpty(bufferFactory().wrap(new byte[0])).flatMap((joined) -> {
				byte[] bytes = new byte[joined.readableByteCount()];
				joined.read(bytes);
				DataBufferUtils.release(joined);
				responses.put(this.key, new CachedResponse(bytes, getHeaders().getContentType(), Instant.now()));
				return super.writeWith(Mono.just(bufferFactory().wrap(bytes)));
			});
		}

		// A fallback answer (the breaker recorded an exception) is not catalog's answer.
		private boolean isFreshSuccess() {
			return HttpStatus.OK.isSameCodeAs(getStatusCode())
					&& !getHeaders().containsKey(HttpHeaders.CONTENT_ENCODING) && this.exchange.getAttributes()
						.get(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR) == null;
		}

	}

}
