package com.example.shop.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ProviderFaultsTests {

	private static final String CURRENT = """
			{"latencyMs":250,"latencyJitterMs":0,"errorRate":0.0,"declineRate":0.1,"dropResponseRate":0.0}""";

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	private final List<String> putBodies = new CopyOnWriteArrayList<>();

	private HttpServer provider;

	@BeforeEach
	void startProvider() throws IOException {
		this.provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.provider.createContext("/admin/faults", (exchange) -> {
			this.authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
			String body = CURRENT;
			if (exchange.getRequestMethod().equals("PUT")) {
				body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				this.putBodies.add(body);
			}
			byte[] answer = body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(exchange.getRequestHeaders().containsKey("Authorization") ? 200 : 401,
					answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		this.provider.start();
	}

	@AfterEach
	void stopProvider() {
		this.provider.stop(0);
	}

	@Test
	void changesTheGivenKnobsAndKeepsTheOthers() throws IOException {
		ProviderFaults faults = new ProviderFaults(uri(), new Operator("admin", "secret"));

		faults.change(Map.of("errorRate", 0.5, "dropResponseRate", 0.2));

		JsonNode sent = new ObjectMapper().readTree(this.putBodies.get(0));
		assertThat(sent.get("errorRate").asDouble()).isEqualTo(0.5);
		assertThat(sent.get("dropResponseRate").asDouble()).isEqualTo(0.2);
		assertThat(sent.get("latencyMs").asLong()).isEqualTo(250);
		assertThat(sent.get("declineRate").asDouble()).isEqualTo(0.1);
		assertThat(this.authorizations).allSatisfy((header) -> assertThat(header).isEqualTo("Basic YWRtaW46c2VjcmV0"));
	}

	@Test
	void saysWhenTheProviderRefuses() {
		this.provider.removeContext("/admin/faults");

		assertThatIllegalStateException()
			.isThrownBy(() -> new ProviderFaults(uri(), new Operator("admin", "secret")).show())
			.withMessageContaining("404");
	}

	private URI uri() {
		return URI.create("http://127.0.0.1:" + this.provider.getAddress().getPort());
	}

}
