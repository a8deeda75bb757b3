package com.example.shop.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The monitoring asks for what the shop really exports. A real Prometheus runs docker
 * compose's prometheus.yml and alerts.yml against the whole local shop after a few orders
 * (one confirmed, one declined by the provider, one out of stock); then every metric a
 * dashboard panel or an alert names is among the series it scraped, every dashboard query
 * evaluates, every alert rule is loaded and healthy, and none is pending or firing while
 * the shop is healthy.
 */
@ExtendWith(RunningShop.class)
class MonitoringIT {

	private static final Duration SAGA = Duration.ofSeconds(90);

	private static final long PLAIN_PRODUCT = 1;

	private static final long SCARCE_PRODUCT = 19;

	private static final long PRICEY_PRODUCT = 20;

	private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.+),\\s*(\\w+)\\s*\\)\\s*$",
			Pattern.DOTALL);

	private static final Path HOME = Path.of(System.getProperty("shop.home", "..")).toAbsolutePath().normalize();

	private static final ShopClient client = new ShopClient();

	private static LocalPrometheus prometheus;

	@BeforeAll
	static void scrapeTheShopAfterAFewOrders() {
		awaitHealthyShop();
		prometheus = new LocalPrometheus().start();
		List<String> orders = List.of(place(PLAIN_PRODUCT, 1), place(PRICEY_PRODUCT, 1),
				place(SCARCE_PRODUCT, client.stock(SCARCE_PRODUCT) + 1));
		orders.forEach((orderId) -> await().atMost(SAGA)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> !client.order(orderId).get("status").asText().equals("PENDING")));
		assertThat(client.get(ShopClient.GATEWAY + "/api/payments/" + orders.get(0)).status()).isEqualTo(200);
		// Two scrapes of every target after the saga settled, and every rule evaluated on
		// them.
		long settled = Instant.now().getEpochSecond();
		await("two scrapes of every part and a rule evaluation after the orders settled").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(2))
			.untilAsserted(() -> {
				assertThat(prometheus.query("count(up == 1)").path(0).path("value").path(1).asText()).isEqualTo("6");
				assertThat(prometheus.query("min(timestamp(up))").path(0).path("value").path(1).asDouble())
					.isGreaterThan(settled + 10);
				for (JsonNode rule : loadedRules()) {
					assertThat(Instant.parse(rule.path("lastEvaluation").asText()).getEpochSecond())
						.as(rule.path("name").asText())
						.isGreaterThan(settled + 10);
				}
			});
	}

	@AfterAll
	static void stopPrometheus() {
		if (prometheus != null) {
			prometheus.close();
		}
	}

	@Test
	void scrapesEveryPartOfTheShopUnderItsApplicationAndInstance() {
		Map<String, String> applications = new TreeMap<>();
		for (JsonNode target : prometheus.api("/api/v1/targets", Map.of("state", "active"))
			.path("data")
			.path("activeTargets")) {
			JsonNode labels = target.path("labels");
			assertThat(target.path("health").asText()).as(labels.toString()).isEqualTo("up");
			applications.put(labels.path("instance").asText(), labels.path("application").asText());
		}
		assertThat(applications).containsExactlyInAnyOrderEntriesOf(Map.of("localhost:8080", "gateway",
				"localhost:8081", "catalog-service", "localhost:8082", "order-service", "localhost:8092",
				"order-service", "localhost:8083", "payment-service", "localhost:8089", "payment-provider"));
	}

	@Test
	void exportsEveryMetricTheDashboardsAndAlertsName() {
		Set<String> exported = new TreeSet<>();
		prometheus.api("/api/v1/label/__name__/values").path("data").forEach((name) -> exported.add(name.asText()));
		Map<String, Set<String>> missing = new TreeMap<>();
		List<Query> queries = new ArrayList<>(dashboardQueries());
		loadedRules().forEach(
				(rule) -> queries.add(new Query("alert " + rule.path("name").asText(), rule.path("query").asText())));
		for (Query query : queries) {
			for (String name : PromQL.metricNames(query.promql())) {
				if (!exported.contains(name)) {
					missing.computeIfAbsent(name, (n) -> new TreeSet<>()).add(query.where());
				}
			}
		}
		missing.forEach((name, where) -> System.out.println("[monitoring] not exported: " + name + " ← " + where));
		assertThat(missing).as("metrics named by a dashboard or an alert that no part of the shop exports").isEmpty();
	}

	@Test
	void evaluatesEveryDashboardQuery() {
		List<String> errors = new ArrayList<>();
		for (Query query : dashboardQueries()) {
			JsonNode answer = prometheus.api("/api/v1/query", Map.of("query", query.promql()));
			if (!answer.path("status").asText().equals("success")) {
				errors.add(query.where() + ": " + answer.path("error").asText());
			}
		}
		assertThat(errors).isEmpty();
	}

	@Test
	void loadsEveryAlertOfAlertsYmlAndEvaluatesItWithoutError() throws IOException {
		Set<String> defined = new TreeSet<>();
		new YAMLMapper().readTree(HOME.resolve("deploy/prometheus/alerts.yml").toFile())
			.path("groups")
			.forEach((group) -> group.path("rules").forEach((rule) -> defined.add(rule.path("alert").asText())));
		List<JsonNode> rules = loadedRules();
		assertThat(rules).extracting((rule) -> rule.path("name").asText()).containsExactlyInAnyOrderElementsOf(defined);
		assertThat(rules).allSatisfy((rule) -> {
			assertThat(rule.path("health").asText()).as(rule.path("name") + ": " + rule.path("lastError"))
				.isEqualTo("ok");
			assertThat(rule.path("type").asText()).isEqualTo("alerting");
		});
	}

	@Test
	void raisesNoAlertWhileTheShopIsHealthy() {
		JsonNode alerts = prometheus.api("/api/v1/alerts").path("data").path("alerts");
		assertThat(alerts).as("pending or firing:\n" + alerts.toPrettyString()).isEmpty();
	}

	private static List<JsonNode> loadedRules() {
		List<JsonNode> rules = new ArrayList<>();
		prometheus.api("/api/v1/rules")
			.path("data")
			.path("groups")
			.forEach((group) -> group.path("rules").forEach(rules::add));
		return rules;
	}

	/** A query Grafana sends, Grafana's variables replaced, and where it is. */
	record Query(String where, String promql) {
	}

	/** Every panel target of every dashboard, and the selectors of query variables. */
	private static List<Query> dashboardQueries() {
		ObjectMapper json = new ObjectMapper();
		List<Query> queries = new ArrayList<>();
		try (Stream<Path> files = Files.list(HOME.resolve("deploy/grafana/provisioning/dashboards"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).sorted().toList()) {
				JsonNode dashboard = json.readTree(file.toFile());
				List<JsonNode> panels = new ArrayList<>();
				dashboard.path("panels").forEach((panel) -> {
					panels.add(panel);
					panel.path("panels").forEach(panels::add);
				});
				for (JsonNode panel : panels) {
					panel.path("targets")
						.forEach((target) -> queries.add(new Query(
								file.getFileName() + " \"" + panel.path("title").asText() + "\" "
										+ target.path("refId").asText(),
								PromQL.withGrafanaVariables(target.path("expr").asText()))));
				}
				for (JsonNode variable : dashboard.path("templating").path("list")) {
					Matcher labelValues = LABEL_VALUES.matcher(variable.path("query").path("query").asText());
					if (labelValues.matches()) {
						queries.add(new Query(file.getFileName() + " variable " + variable.path("name").asText(),
								PromQL.withGrafanaVariables(labelValues.group(1))));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(queries).hasSizeGreaterThan(30);
		return queries;
	}

	/**
	 * Places one order, sending it again with the same key after a 5xx (as a client is
	 * told to: a freshly started shop can take longer than the gateway's time limit).
	 */
	private static String place(long productId, int quantity) {
		String key = UUID.randomUUID().toString();
		AtomicReference<ShopClient.Answer> accepted = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			ShopClient.Answer answer = client.placeOrder(key, "c-monitoring", productId, quantity);
			assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(202);
			accepted.set(answer);
		});
		return accepted.get().body().get("orderId").asText();
	}

	/** Every part up and answering, whatever ran before in this JVM. */
	private static void awaitHealthyShop() {
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
			ShopClient.Answer product = client.get(ShopClient.GATEWAY + "/api/products/" + PLAIN_PRODUCT);
			assertThat(product.status()).isEqualTo(200);
			assertThat(product.header("X-Degraded")).isNull();
			assertThat(client.get(ShopClient.GATEWAY + "/api/orders/" + UUID.randomUUID()).status()).isEqualTo(404);
		});
	}

}
