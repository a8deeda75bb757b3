package com.example.shop.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.example.shop.deployment.ComposeProject.Service;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.monitoring.yml fits the shop it watches: Prometheus scrapes every Spring
 * Boot service of the project where it listens and reads the config and rule files of
 * deploy/prometheus, Grafana gets the provisioning folder its dashboard provider reads
 * and a data source URL that reaches Prometheus, Jaeger receives OTLP over HTTP, and the
 * services export their traces to it only with this file.
 */
class ComposeMonitoringTests {

	static final List<String> projects = List.of("full+monitoring", "small+monitoring");

	@ParameterizedTest
	@FieldSource("projects")
	void scrapesEverySpringBootServiceWhereItListensAsItsModule(String name) {
		Map<String, Service> services = ComposeConsistencyTests.project(name).services();
		Map<String, JsonNode> targets = scrapeTargets();
		List<String> problems = new ArrayList<>();
		for (Service service : services.values()) {
			service.module().ifPresent((module) -> {
				String target = service.name() + ":" + SpringModule.of(module).serverPort(service.environment());
				JsonNode job = targets.get(target);
				if (job == null) {
					problems.add("no scrape target " + target);
				}
				else if (!job.path("metrics_path").asText().equals("/actuator/prometheus")
						|| !job.path("application").asText().equals(module)) {
					problems.add(target + " is not scraped at /actuator/prometheus as application " + module);
				}
			});
		}
		// order-2 is a target in every project: in the small one it does not run and is
		// down
		targets.keySet()
			.stream()
			.filter((target) -> !ComposeConsistencyTests.project("full+monitoring")
				.services()
				.containsKey(target.split(":")[0]))
			.forEach((target) -> problems.add(target + " is no compose service"));
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@FieldSource("projects")
	void givesPrometheusItsConfigAndEveryRuleFile(String name) {
		Service prometheus = ComposeConsistencyTests.project(name).services().get("prometheus");
		List<String> volumes = texts(prometheus.definition().path("volumes"));
		assertThat(texts(prometheus.definition().path("command")))
			.contains("--config.file=/etc/prometheus/prometheus.yml");
		assertThat(volumes).contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
		// rule_files are relative to the config file
		PrometheusFilesTests.ruleFiles()
			.forEach((file) -> assertThat(volumes)
				.contains("./deploy/prometheus/" + file + ":/etc/prometheus/" + file + ":ro"));
	}

	@ParameterizedTest
	@FieldSource("projects")
	void givesGrafanaTheProvisioningItsProviderReadsAndAPrometheusThatListens(String name) {
		Map<String, Service> services = ComposeConsistencyTests.project(name).services();
		assertThat(texts(services.get("grafana").definition().path("volumes")))
			.contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
		String url = GrafanaDashboardsTests.provisionedPrometheus().path("url").asText();
		assertThat(url).isEqualTo("http://prometheus:9090");
		assertThat(texts(services.get("prometheus").definition().path("ports"))).contains("127.0.0.1:9090:9090");
	}

	@ParameterizedTest
	@FieldSource("projects")
	void runsJaegerWithItsOtlpHttpReceiverAndAHealthcheck(String name) {
		Service jaeger = ComposeConsistencyTests.project(name).services().get("jaeger");
		assertThat(jaeger.image()).startsWith("jaegertracing/jaeger:2.");
		assertThat(texts(jaeger.definition().path("expose"))).contains("4318");
		assertThat(texts(jaeger.healthcheck().path("test"))).contains("http://localhost:13133/status");
	}

	@ParameterizedTest
	@FieldSource("projects")
	void exportsTracesToJaegerOnlyWithMonitoring(String name) {
		String withoutMonitoring = name.replace("+monitoring", "");
		assertThat(ComposeConsistencyTests.project(withoutMonitoring).services().values())
			.allSatisfy((service) -> assertThat(service.environment()).as(withoutMonitoring + " " + service.name())
				.doesNotContainKey("OTLP_TRACING_ENDPOINT"));
		assertThat(ComposeConsistencyTests.project(name).services().values())
			.filteredOn((service) -> service.module().isPresent())
			.allSatisfy((service) -> assertThat(service.environment().get("OTLP_TRACING_ENDPOINT"))
				.as(name + " " + service.name())
				.isEqualTo("http://jaeger:4318/v1/traces"));
	}

	/**
	 * Every static target of deploy/prometheus/prometheus.yml with its job's path and
	 * label.
	 */
	static Map<String, JsonNode> scrapeTargets() {
		Map<String, JsonNode> targets = new LinkedHashMap<>();
		for (JsonNode job : YamlFiles.readOne(Repository.file("deploy/prometheus/prometheus.yml"))
			.path("scrape_configs")) {
			for (JsonNode config : job.path("static_configs")) {
				for (JsonNode target : config.path("targets")) {
					targets.put(target.asText(),
							YamlFiles.json.createObjectNode()
								.put("metrics_path", job.path("metrics_path").asText())
								.put("application", config.path("labels").path("application").asText()));
				}
			}
		}
		return targets;
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((item) -> texts.add(item.asText()));
		return texts;
	}

}
