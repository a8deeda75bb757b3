package com.example.shop.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/prometheus as Prometheus reads it: the config and its rule files pass
 * {@code promtool check}, the alerts pass their unit tests (alerts-test.yml), each alert
 * is tested both ways and says how bad it is and what it means.
 */
class PrometheusFilesTests {

	private static final Path FOLDER = Repository.file("deploy/prometheus");

	@Test
	void configIsValidWithItsRuleFiles() {
		Promtool.Result result = Promtool.run(FOLDER, "check", "config", "prometheus.yml");
		assertThat(result.succeeded()).as(result.output()).isTrue();
		assertThat(result.output()).contains("SUCCESS: " + ruleFiles().size() + " rule files found");
	}

	@Test
	void rulesAreValid() {
		Promtool.Result result = Promtool.run(FOLDER, "check", "rules", "--lint=all", "--lint-fatal", "alerts.yml");
		assertThat(result.succeeded()).as(result.output()).isTrue();
	}

	@Test
	void alertsPassTheirUnitTests() {
		Promtool.Result result = Promtool.run(FOLDER, "test", "rules", "alerts-test.yml");
		assertThat(result.succeeded()).as(result.output()).isTrue();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void loadsTheAlertsAndNothingElse() {
		assertThat(ruleFiles()).containsExactly("alerts.yml");
		assertThat(YamlFiles.readOne(FOLDER.resolve("alerts-test.yml")).path("rule_files")).extracting(JsonNode::asText)
			.containsExactly("alerts.yml");
	}

	@Test
	void raisesTheAlertsOfTheIssue() {
		assertThat(alerts().keySet()).containsExactlyInAnyOrder("ServiceDown", "CircuitBreakerOpen",
				"OutboxBacklogGrowing", "DeadLettersWaiting", "ReplicaLagging");
	}

	@Test
	void givesEveryAlertASeverityASummaryAndADescription() {
		alerts().forEach((name, rule) -> {
			assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("critical", "warning");
			assertThat(rule.path("annotations").path("summary").asText()).as(name + " summary").isNotBlank();
			assertThat(rule.path("annotations").path("description").asText()).as(name + " description").isNotBlank();
			assertThat(PromQL.metricNames(rule.path("expr").asText())).as(name + " names a metric").isNotEmpty();
		});
	}

	/**
	 * A test that cannot fail is a defect, and so is an alert that cannot fire: each
	 * alert has a test case where it fires and one where it stays quiet.
	 */
	@Test
	void testsEveryAlertFiringAndQuiet() {
		Map<String, Set<String>> cases = new TreeMap<>();
		for (JsonNode test : YamlFiles.readOne(FOLDER.resolve("alerts-test.yml")).path("tests")) {
			for (JsonNode alertTest : test.path("alert_rule_test")) {
				boolean fires = !alertTest.path("exp_alerts").isEmpty();
				cases.computeIfAbsent(alertTest.path("alertname").asText(), (alert) -> new TreeSet<>())
					.add(fires ? "fires" : "quiet");
			}
		}
		alerts().keySet().forEach((alert) -> assertThat(cases.get(alert)).as(alert).containsExactly("fires", "quiet"));
	}

	static List<String> ruleFiles() {
		List<String> files = new ArrayList<>();
		YamlFiles.readOne(FOLDER.resolve("prometheus.yml"))
			.path("rule_files")
			.forEach((file) -> files.add(file.asText()));
		return files;
	}

	/** Every alerting rule of alerts.yml by name. */
	static Map<String, JsonNode> alerts() {
		Map<String, JsonNode> alerts = new TreeMap<>();
		for (JsonNode group : YamlFiles.readOne(FOLDER.resolve("alerts.yml")).path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				if (rule.has("alert")) {
					assertThat(alerts.put(rule.path("alert").asText(), rule)).as(rule.path("alert").asText() + " twice")
						.isNull();
				}
			}
		}
		return alerts;
	}

}
