package com.example.shop.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.shop.deployment.Dashboards.Dashboard;
import com.example.shop.deployment.Dashboards.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provisioned Grafana dashboards are valid and ask Prometheus what it can answer:
 * strict JSON, unique uids and panel ids, every query on the provisioned Prometheus data
 * source, every panel with a query that names a metric, and every query valid PromQL by
 * Prometheus's own parser. Whether the metrics exist is system-tests' MonitoringIT.
 */
class GrafanaDashboardsTests {

	private static final Set<String> GRAFANA_VARIABLES = Set.of("__rate_interval", "__interval", "__range");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");

	private static final List<Dashboard> dashboards = Dashboards.all();

	@Test
	void providesTheThreeDashboardsOfTheIssueUnderUniqueUids() {
		assertThat(dashboards).extracting(Dashboard::file)
			.containsExactlyInAnyOrder("circuit-breakers.json", "saga-pipeline.json", "jvm.json");
		assertThat(dashboards).extracting(Dashboard::uid).doesNotHaveDuplicates().allMatch((uid) -> !uid.isBlank());
		assertThat(dashboards).allSatisfy((dashboard) -> {
			assertThat(dashboard.json().path("title").asText()).as(dashboard.file()).isNotBlank();
			assertThat(dashboard.json().path("schemaVersion").asInt()).as(dashboard.file()).isPositive();
		});
	}

	@Test
	void givesEveryPanelAnIdOfItsOwnAndAPlace() {
		for (Dashboard dashboard : dashboards) {
			Set<Integer> ids = new HashSet<>();
			for (JsonNode panel : dashboard.panels()) {
				String where = dashboard.file() + " \"" + panel.path("title").asText() + "\"";
				assertThat(panel.path("id").isInt()).as(where + " has an id").isTrue();
				assertThat(ids.add(panel.path("id").asInt())).as(where + " id " + panel.path("id")).isTrue();
				JsonNode grid = panel.path("gridPos");
				assertThat(List.of("h", "w", "x", "y")).as(where + " gridPos")
					.allMatch((key) -> grid.path(key).isInt());
				assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(where + " fits 24 columns")
					.isLessThanOrEqualTo(24);
			}
		}
	}

	@Test
	void queriesOnlyTheProvisionedPrometheus() {
		JsonNode datasource = provisionedPrometheus();
		String uid = datasource.path("uid").asText();
		assertThat(uid).as("datasources/prometheus.yml gives the data source a fixed uid").isNotBlank();
		for (Dashboard dashboard : dashboards) {
			for (JsonNode panel : dashboard.panels()) {
				if (!panel.path("type").asText().equals("row")) {
					assertThat(panel.path("datasource").path("uid").asText())
						.as(dashboard.file() + " \"" + panel.path("title").asText() + "\"")
						.isEqualTo(uid);
				}
			}
			for (Query query : dashboard.queries()) {
				assertThat(query.datasource().path("uid").asText()).as(query.where()).isEqualTo(uid);
				assertThat(query.datasource().path("type").asText()).as(query.where()).isEqualTo("prometheus");
			}
		}
	}

	@Test
	void givesEveryPanelAQueryThatNamesAMetric() {
		for (Dashboard dashboard : dashboards) {
			for (JsonNode panel : dashboard.panels()) {
				if (panel.path("type").asText().equals("row")) {
					continue;
				}
				String where = dashboard.file() + " \"" + panel.path("title").asText() + "\"";
				assertThat(panel.path("targets")).as(where + " has a query").isNotEmpty();
				panel.path("targets")
					.forEach((target) -> assertThat(PromQL.metricNames(target.path("expr").asText()))
						.as(where + " " + target.path("refId").asText() + " names a metric")
						.isNotEmpty());
			}
		}
	}

	@Test
	void usesOnlyGrafanasIntervalsAndItsOwnVariables() {
		for (Dashboard dashboard : dashboards) {
			Set<String> known = new HashSet<>(GRAFANA_VARIABLES);
			dashboard.variables().forEach((variable) -> known.add(variable.path("name").asText()));
			for (Query query : dashboard.queries()) {
				Matcher matcher = VARIABLE.matcher(query.expr());
				while (matcher.find()) {
					assertThat(known).as(query.where() + " uses $" + matcher.group(1)).contains(matcher.group(1));
				}
			}
		}
	}

	/**
	 * Prometheus's parser, not ours: every query becomes a recording rule of one rules
	 * file, which {@code promtool check rules} parses as the server would.
	 */
	@Test
	void sendsOnlyValidPromQL(@TempDir Path folder) throws Exception {
		List<Map<String, String>> rules = new ArrayList<>();
		List<String> where = new ArrayList<>();
		for (Dashboard dashboard : dashboards) {
			for (Query query : dashboard.queries()) {
				String record = "dashboard:query_" + rules.size();
				rules.add(Map.of("record", record, "expr", query.promql()));
				where.add(record + " = " + query.where());
			}
		}
		assertThat(rules).hasSizeGreaterThan(30);
		Files.writeString(folder.resolve("queries.yml"), YamlFiles.json
			.writeValueAsString(Map.of("groups", List.of(Map.of("name", "dashboards", "rules", rules)))));
		Promtool.Result result = Promtool.run(folder, "check", "rules", "--lint=none", "queries.yml");
		assertThat(result.succeeded()).as(result.output() + "\n" + String.join("\n", where)).isTrue();
		assertThat(result.output()).contains("SUCCESS: " + rules.size() + " rules found");
	}

	@Test
	void readsTheDashboardsWhereTheProviderLooksForThem() {
		JsonNode provider = YamlFiles.readOne(Repository.file(Dashboards.FOLDER + "/shop.yml"))
			.path("providers")
			.get(0);
		assertThat(provider.path("type").asText()).isEqualTo("file");
		// docker-compose.monitoring.yml mounts deploy/grafana/provisioning at
		// /etc/grafana/provisioning (ComposeMonitoringTests)
		assertThat(provider.path("options").path("path").asText()).isEqualTo("/etc/grafana/provisioning/dashboards");
	}

	static JsonNode provisionedPrometheus() {
		JsonNode datasources = YamlFiles
			.readOne(Repository.file("deploy/grafana/provisioning/datasources/prometheus.yml"))
			.path("datasources");
		for (JsonNode datasource : datasources) {
			if (datasource.path("type").asText().equals("prometheus")) {
				return datasource;
			}
		}
		throw new IllegalStateException("datasources/prometheus.yml provisions no Prometheus data source");
	}

}
