package com.example.shop.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (the machine's, {@code /usr/bin/prometheus} unless
 * {@code -Dprometheus.binary} says otherwise) running docker compose's
 * deploy/prometheus/prometheus.yml against the local shop: the same jobs, labels,
 * intervals and rule files, only each compose target replaced by the local part's port.
 * It listens on a free port of 127.0.0.1 and keeps its data under target/.
 */
final class LocalPrometheus implements AutoCloseable {

	/** Compose service and port → the same part under {@code ./shop up}. */
	private static final Map<String, String> LOCAL_TARGETS = Map.of("gateway:8080", "localhost:8080", "catalog:8081",
			"localhost:8081", "order-1:8082", "localhost:8082", "order-2:8082", "localhost:8092", "payment:8083",
			"localhost:8083", "provider:8089", "localhost:8089");

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Path home = Path.of(System.getProperty("shop.home", "..")).toAbsolutePath().normalize();

	private final Path folder = Path.of("target/monitoring-it").toAbsolutePath();

	private final int port = freePort();

	private Process prometheus;

	/** Starts Prometheus and returns once it is ready (config and rules loaded). */
	LocalPrometheus start() {
		Path binary = Path.of(System.getProperty("prometheus.binary", "/usr/bin/prometheus"));
		if (!Files.isExecutable(binary)) {
			throw new IllegalStateException("MonitoringIT runs a real Prometheus, and there is none at " + binary
					+ ": apt-get install prometheus (Debian's 2.42 is what CI uses), or -Dprometheus.binary=...");
		}
		try {
			deleteRecursively(this.folder);
			Files.createDirectories(this.folder);
			Path config = this.folder.resolve("prometheus.yml");
			Files.writeString(config, json.writeValueAsString(localConfig()));
			this.prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config,
					"--storage.tsdb.path=" + this.folder.resolve("data"), "--web.listen-address=127.0.0.1:" + this.port)
				.redirectErrorStream(true)
				.redirectOutput(this.folder.resolve("prometheus.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		await("Prometheus ready on port " + this.port + " (log: target/monitoring-it/prometheus.log)")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				if (!this.prometheus.isAlive()) {
					throw new IllegalStateException("Prometheus exited:\n" + log());
				}
				return status("/-/ready") == 200;
			});
		return this;
	}

	/**
	 * The compose config with local targets and the rule files by their absolute path.
	 */
	private ObjectNode localConfig() throws IOException {
		Path composeConfig = this.home.resolve("deploy/prometheus/prometheus.yml");
		ObjectNode config = (ObjectNode) new YAMLMapper().readTree(composeConfig.toFile());
		ArrayNode ruleFiles = json.createArrayNode();
		config.path("rule_files")
			.forEach((file) -> ruleFiles.add(composeConfig.resolveSibling(file.asText()).toString()));
		config.set("rule_files", ruleFiles);
		for (JsonNode job : config.path("scrape_configs")) {
			for (JsonNode staticConfig : job.path("static_configs")) {
				ArrayNode targets = json.createArrayNode();
				for (JsonNode target : staticConfig.path("targets")) {
					String local = LOCAL_TARGETS.get(target.asText());
					if (local == null) {
						throw new IllegalStateException("deploy/prometheus/prometheus.yml scrapes " + target.asText()
								+ ", which MonitoringIT cannot map to a part of ./shop up: add it to LOCAL_TARGETS");
					}
					targets.add(local);
				}
				((ObjectNode) staticConfig).set("targets", targets);
			}
		}
		return config;
	}

	/** GET an API path with these query parameters (encoded here): the answer's JSON. */
	JsonNode api(String path, Map<String, String> parameters) {
		List<String> query = new ArrayList<>();
		parameters.forEach((name, value) -> query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
		String uri = "http://127.0.0.1:" + this.port + path + (query.isEmpty() ? "" : "?" + String.join("&", query));
		try {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	JsonNode api(String path) {
		return api(path, Map.of());
	}

	/** An instant query's {@code data.result}; fails on an error answer. */
	JsonNode query(String promql) {
		JsonNode answer = api("/api/v1/query", Map.of("query", promql));
		if (!answer.path("status").asText().equals("success")) {
			throw new IllegalStateException(promql + ": " + answer);
		}
		return answer.path("data").path("result");
	}

	String log() {
		try {
			return Files.readString(this.folder.resolve("prometheus.log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private int status(String path) {
		try {
			return this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
					.timeout(Duration.ofSeconds(5))
					.GET()
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		if (this.prometheus == null) {
			return;
		}
		this.prometheus.destroy();
		try {
			if (!this.prometheus.waitFor(30, TimeUnit.SECONDS)) {
				this.prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteRecursively(Path folder) throws IOException {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
