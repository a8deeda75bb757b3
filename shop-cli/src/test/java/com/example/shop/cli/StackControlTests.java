package com.example.shop.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.example.shop.cli.SupervisorTests.ListenerPart;
import com.example.shop.cli.load.CallLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's control port on a real process (the supervisor's stand-in listener) and
 * a load run against a stand-in gateway.
 */
class StackControlTests {

	private static final Operator OPERATOR = new Operator("operator", "s3cret");

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	Path state;

	Supervisor supervisor;

	ListenerPart part;

	WireMockServer gateway;

	StackControl control;

	final List<String> said = new CopyOnWriteArrayList<>();

	@BeforeEach
	void startPartAndControl() throws Exception {
		Layout layout = new Layout(this.state, this.state);
		this.supervisor = new Supervisor(layout);
		Path source = this.state.resolve("Listener.java");
		Files.copy(getClass().getResourceAsStream("/Listener.java"), source);
		this.part = new ListenerPart(source, freePort());
		ListenerPart gatewayPart = new ListenerPart(source, freePort()) {
			@Override
			public String name() {
				return "gateway";
			}
		};
		this.supervisor.startAndAwait(this.part, Duration.ofSeconds(60));
		this.gateway = new WireMockServer(options().dynamicPort());
		this.gateway.start();
		this.gateway.stubFor(any(anyUrl()).willReturn(okJson("{}")));
		Stack stack = new Stack(List.of(List.of(this.part, gatewayPart)));
		this.control = StackControl.start(() -> stack, this.supervisor, layout, OPERATOR,
				URI.create(this.gateway.baseUrl()), Duration.ofSeconds(60), this.said::add, 0);
	}

	@AfterEach
	void stopAll() {
		this.control.close();
		this.supervisor.signal(this.part, "KILL");
		this.gateway.stop();
	}

	@Test
	void refusesCallsWithoutTheOperatorsCredentials() throws Exception {
		HttpResponse<String> anonymous = send("GET", "/parts", null, null);
		HttpResponse<String> wrong = send("POST", "/parts/listener/kill", null,
				new Operator("operator", "guess").authorization());

		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Basic"));
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(this.supervisor.state(this.part)).isEqualTo(Supervisor.State.UP);
	}

	@Test
	void listsEveryPartWithItsState() throws Exception {
		JsonNode parts = json.readTree(operator("GET", "/parts", null).body()).path("parts");

		assertThat(parts).hasSize(2);
		assertThat(parts.get(0).path("name").asText()).isEqualTo("listener");
		assertThat(parts.get(0).path("state").asText()).isEqualTo("up");
		assertThat(parts.get(0).path("controllable").asBoolean()).isTrue();
		assertThat(parts.get(1).path("name").asText()).isEqualTo("gateway");
		assertThat(parts.get(1).path("state").asText()).isEqualTo("down");
		assertThat(parts.get(1).path("controllable").asBoolean()).isFalse();
	}

	@Nested
	class Parts {

		@Test
		void pausesAndResumesAPart() throws Exception {
			assertThat(operator("POST", "/parts/listener/pause", null).statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> supervisor.state(part) == Supervisor.State.PAUSED && "paused".equals(stateOf("listener")));

			assertThat(operator("POST", "/parts/listener/resume", null).statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(5)).until(() -> supervisor.state(part) == Supervisor.State.UP);
			assertThat(said).contains("dashboard: pause listener", "dashboard: resume listener");
		}

		@Test
		void killsAPartAndRestartsItInTheBackground() throws Exception {
			ProcessHandle first = supervisor.find(part).orElseThrow();
			assertThat(operator("POST", "/parts/listener/kill", null).statusCode()).isEqualTo(200);
			first.onExit().join();
			assertThat(stateOf("listener")).isEqualTo("down");
			assertThat(operator("POST", "/parts/listener/kill", null).statusCode()).isEqualTo(409);

			HttpResponse<String> restart = operator("POST", "/parts/listener/restart", null);

			assertThat(restart.statusCode()).isEqualTo(202);
			await().atMost(Duration.ofSeconds(60)).until(() -> supervisor.state(part) == Supervisor.State.UP);
			await().atMost(Duration.ofSeconds(10)).until(() -> said.contains("listener is up"));
			assertThat(supervisor.find(part).orElseThrow().pid()).isNotEqualTo(first.pid());
		}

		@Test
		void leavesTheGatewayAloneAndRefusesUnknownPartsAndActions() throws Exception {
			assertThat(operator("POST", "/parts/gateway/kill", null).statusCode()).isEqualTo(409);
			assertThat(operator("POST", "/parts/nothing/kill", null).statusCode()).isEqualTo(404);
			assertThat(operator("POST", "/parts/listener/explode", null).statusCode()).isEqualTo(404);
			assertThat(supervisor.state(part)).isEqualTo(Supervisor.State.UP);
		}

	}

	@Nested
	class Load {

		@Test
		void runsALoadAgainstTheGatewayUntilStopped() throws Exception {
			HttpResponse<String> started = operator("POST", "/load", "{\"rate\":20,\"duration\":\"5m\"}");

			assertThat(started.statusCode()).isEqualTo(202);
			assertThat(operator("POST", "/load", "{\"rate\":20,\"duration\":\"5m\"}").statusCode()).isEqualTo(409);
			await().atMost(Duration.ofSeconds(20)).until(() -> gateway.getAllServeEvents().size() >= 20);
			JsonNode running = json.readTree(operator("GET", "/load", null).body()).path("load");
			assertThat(running.path("running").asBoolean()).isTrue();
			assertThat(running.path("rate").asDouble()).isEqualTo(20);

			assertThat(operator("DELETE", "/load", null).statusCode()).isEqualTo(200);

			await().atMost(Duration.ofSeconds(30))
				.until(() -> !json.readTree(operator("GET", "/load", null).body())
					.path("load")
					.path("running")
					.asBoolean());
			JsonNode ended = json.readTree(operator("GET", "/load", null).body()).path("load");
			assertThat(ended.path("summary").asText()).contains("calls sent");
			// stopping lets the calls in flight be answered: none is cut off
			assertThat(CallLog.read(Path.of(ended.path("log").asText()))).hasSizeGreaterThanOrEqualTo(20)
				.allSatisfy((call) -> assertThat(call.status()).isEqualTo(200));
			try (Stream<Path> logs = Files.walk(state.resolve("load"))) {
				assertThat(logs.filter((file) -> file.endsWith("calls.jsonl"))).hasSize(1);
			}
		}

		@Test
		void refusesRatesAndDurationsOutOfBounds() throws Exception {
			assertThat(operator("POST", "/load", "{\"rate\":0,\"duration\":\"10s\"}").statusCode()).isEqualTo(400);
			assertThat(operator("POST", "/load", "{\"rate\":1000,\"duration\":\"10s\"}").statusCode()).isEqualTo(400);
			assertThat(operator("POST", "/load", "{\"rate\":10,\"duration\":\"2h\"}").statusCode()).isEqualTo(400);
			assertThat(operator("POST", "/load", "{\"rate\":10,\"duration\":\"soon\"}").statusCode()).isEqualTo(400);
			assertThat(operator("POST", "/load", "not json").statusCode()).isEqualTo(400);
			assertThat(json.readTree(operator("GET", "/load", null).body()).has("load")).isFalse();
		}

	}

	private String stateOf(String name) throws Exception {
		for (JsonNode part : json.readTree(operator("GET", "/parts", null).body()).path("parts")) {
			if (part.path("name").asText().equals(name)) {
				return part.path("state").asText();
			}
		}
		return null;
	}

	private HttpResponse<String> operator(String method, String path, String body) throws Exception {
		return send(method, path, body, OPERATOR.authorization());
	}

	private HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.control.port() + path))
			.timeout(Duration.ofSeconds(10))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
