package com.example.shop.gateway.dashboard;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Asks one Spring Boot part how it is: its health (as the operator, so the components
 * show) and its Prometheus metrics, each within the dashboard's timeout. A part that does
 * not answer is {@link Readings.Service#UNREACHABLE}, never an error.
 * <p>
 * Its own client, not the gateway's proxy client nor Boot's observed builder: the
 * dashboard's polling is not shop traffic, and must not show up as traces.
 */
@Component
class ServiceProbe {

	private final WebClient http;

	private final ObjectMapper json;

	private final Duration timeout;

	ServiceProbe(DashboardHttp http, ObjectMapper json, DashboardProperties properties) {
		this.http = http.client();
		this.json = json;
		this.timeout = properties.timeout();
	}

	Mono<Readings.Service> read(URI base) {
		Mono<JsonNode> health = this.http.get()
			.uri(base.resolve("/actuator/health"))
			.accept(MediaType.APPLICATION_JSON)
			// 200 when UP, 503 when DOWN: both are answers
			.exchangeToMono((response) -> response.bodyToMono(String.class).defaultIfEmpty("{}").map(this::tree))
			.timeout(this.timeout);
		Mono<PrometheusScrape> metrics = this.http.get()
			.uri(base.resolve("/actuator/prometheus"))
			.retrieve()
			.bodyToMono(String.class)
			.map(PrometheusScrape::parse)
			.timeout(this.timeout)
			.onErrorReturn(PrometheusScrape.EMPTY)
			.defaultIfEmpty(PrometheusScrape.EMPTY);
		return Mono.zip(health, metrics)
			.map((both) -> service(both.getT1(), both.getT2()))
			.onErrorReturn(Readings.Service.UNREACHABLE)
			.defaultIfEmpty(Readings.Service.UNREACHABLE);
	}

	/** The payment provider's fault knobs ({@code /admin/faults}), or empty. */
	Mono<JsonNode> faults(URI provider) {
		return this.http.get()
			.uri(provider.resolve("/admin/faults"))
			.retrieve()
			.bodyToMono(String.class)
			.map(this::tree)
			.timeout(this.timeout)
			.onErrorResume((ex) -> Mono.empty());
	}

	private static Readings.Service service(JsonNode health, PrometheusScrape metrics) {
		Map<String, String> components = new LinkedHashMap<>();
		health.path("components")
			.properties()
			.forEach((component) -> components.put(component.getKey(), component.getValue().path("status").asText()));
		return new Readings.Service(true, health.path("status").asText(null), Map.copyOf(components), metrics);
	}

	private JsonNode tree(String body) {
		try {
			return this.json.readTree(body);
		}
		catch (Exception ex) {
			return this.json.createObjectNode();
		}
	}

}
