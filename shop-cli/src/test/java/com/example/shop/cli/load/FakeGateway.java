package com.example.shop.cli.load;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock playing the gateway: products, orders answered 202 with an order id, the same
 * key answered again with the same order and {@code Idempotent-Replayed: true}, and order
 * reads.
 */
final class FakeGateway {

	private final WireMockServer server;

	FakeGateway(int delayMillis) {
		this.server = new WireMockServer(options().dynamicPort().containerThreads(200).extensions(new Orders()));
		this.server.start();
		this.server.stubFor(get(urlPathEqualTo("/api/products"))
			.willReturn(okJson("{\"content\":[],\"page\":{}}").withFixedDelay(delayMillis)));
		this.server.stubFor(get(urlPathMatching("/api/products/\\d+"))
			.willReturn(okJson("{\"id\":1,\"price\":12.50}").withFixedDelay(delayMillis)));
		this.server.stubFor(post(urlPathEqualTo("/api/orders"))
			.willReturn(aResponse().withStatus(202).withFixedDelay(delayMillis)));
		this.server.stubFor(get(urlPathMatching("/api/orders/.+"))
			.willReturn(aResponse().withStatus(200).withFixedDelay(delayMillis)));
	}

	URI uri() {
		return URI.create(this.server.baseUrl());
	}

	WireMockServer server() {
		return this.server;
	}

	void stop() {
		this.server.stop();
	}

	private static final class Orders implements ResponseDefinitionTransformerV2 {

		private final Map<String, String> orderIds = new ConcurrentHashMap<>();

		@Override
		public ResponseDefinition transform(ServeEvent event) {
			var request = event.getRequest();
			String path = URI.create(request.getUrl()).getPath();
			if (!path.startsWith("/api/orders")) {
				return event.getResponseDefinition();
			}
			ResponseDefinitionBuilder answer = ResponseDefinitionBuilder.like(event.getResponseDefinition())
				.but()
				.withHeader("Content-Type", "application/json");
			if (request.getMethod().getName().equals("GET")) {
				String id = path.substring("/api/orders/".length());
				return answer.withBody("{\"orderId\":\"" + id + "\",\"status\":\"CONFIRMED\"}").build();
			}
			String key = request.getHeader("Idempotency-Key");
			String fresh = UUID.randomUUID().toString();
			String id = this.orderIds.computeIfAbsent(key, (k) -> fresh);
			if (!id.equals(fresh)) {
				answer.withHeader("Idempotent-Replayed", "true");
			}
			return answer.withBody("{\"orderId\":\"" + id + "\",\"status\":\"PENDING\"}").build();
		}

		@Override
		public String getName() {
			return "fake-orders";
		}

	}

}
