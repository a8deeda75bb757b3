package com.example.shop.gateway.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The local stack's control port ({@code ./shop up}): every process's state, and the
 * actions the page offers on them. Absent outside the local stack (docker compose,
 * Kubernetes), where those faults are {@code docker compose kill} or
 * {@code kubectl delete pod}.
 */
@Component
class StackClient {

	private final WebClient http;

	private final ObjectMapper json;

	private final DashboardProperties properties;

	StackClient(DashboardHttp http, ObjectMapper json, DashboardProperties properties) {
		this.http = http.client();
		this.json = json;
		this.properties = properties;
	}

	boolean present() {
		return this.properties.hasStack();
	}

	Mono<Readings.Stack> read() {
		if (!present()) {
			return Mono.just(Readings.Stack.NONE);
		}
		return Mono.zip(get("/parts"), get("/load"))
			.map((both) -> stack(both.getT1(), both.getT2()))
			.timeout(this.properties.timeout())
			.onErrorReturn(Readings.Stack.NONE);
	}

	/**
	 * Sends an action on to the control port and hands back its answer (status and JSON
	 * body) as it is.
	 */
	Mono<ResponseEntity<String>> send(HttpMethod method, String path, String body) {
		WebClient.RequestBodySpec request = this.http.method(method)
			.uri(this.properties.stackControl() + path)
			.contentType(MediaType.APPLICATION_JSON);
		return ((body != null) ? request.bodyValue(body) : request)
			.exchangeToMono((response) -> response.toEntity(String.class))
			.timeout(this.properties.timeout());
	}

	private Mono<JsonNode> get(String path) {
		return this.http.get()
			.uri(this.properties.stackControl() + path)
			.retrieve()
			.bodyToMono(String.class)
			.map(this::tree);
	}

	private static Readings.Stack stack(JsonNode parts, JsonNode load) {
		Map<String, String> states = new LinkedHashMap<>();
		List<String> busy = new ArrayList<>();
		for (JsonNode part : parts.path("parts")) {
			states.put(part.path("name").asText(), part.path("state").asText());
			if (part.path("busy").asBoolean()) {
				busy.add(part.path("name").asText());
			}
		}
		return new Readings.Stack(true, states, List.copyOf(busy), load.has("load") ? load.get("load") : null);
	}

	private JsonNode tree(String body) {
		try {
			return this.json.readTree(body);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The stack's control port answered no JSON", ex);
		}
	}

}
