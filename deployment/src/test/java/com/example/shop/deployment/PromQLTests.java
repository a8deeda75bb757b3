package com.example.shop.deployment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metric-name extractor finds the metrics of an expression and nothing else, and
 * MonitoringIT's copy of it is the same.
 */
class PromQLTests {

	@Test
	void findsAPlainSelectorAndIgnoresItsLabels() {
		assertThat(PromQL.metricNames("up{job=\"gateway\", application=~\"order-.*\"}")).containsExactly("up");
	}

	@Test
	void ignoresFunctionsAggregationsAndTheirLabelLists() {
		assertThat(PromQL.metricNames(
				"sum by (application, name) (rate(resilience4j_circuitbreaker_not_permitted_calls_total[1m]))"))
			.containsExactly("resilience4j_circuitbreaker_not_permitted_calls_total");
		assertThat(PromQL.metricNames("max without(instance) (x) / on (a) group_left (b) count(y) by (z)"))
			.containsExactly("x", "y");
	}

	@Test
	void ignoresKeywordsNumbersDurationsAndOffsets() {
		assertThat(PromQL.metricNames("a > bool 0.5 and b offset 1h30m or c unless d @ 1609746000 > Inf"))
			.containsExactly("a", "b", "c", "d");
		assertThat(PromQL.metricNames("max_over_time(deriv(outbox_backlog[5m])[10m:1m]) > 1e3"))
			.containsExactly("outbox_backlog");
	}

	@Test
	void ignoresStringsEvenWithBracesOrQuotesInside() {
		assertThat(PromQL.metricNames(
				"label_replace(x{a=\"}{\\\"y\"}, \"dst\", \"$1 z\", \"src\", \"(.*)\") or count_values(\"v\", w)"))
			.containsExactly("w", "x");
	}

	@Test
	void keepsRecordingRuleNamesWithColons() {
		assertThat(PromQL.metricNames("job:http_requests:rate5m * 60")).containsExactly("job:http_requests:rate5m");
	}

	@Test
	void isTheSameAsTheCopyMonitoringITUses() {
		String copy = YamlFiles.read(Repository.file("system-tests/src/test/java/com/example/shop/system/PromQL.java"));
		String original = YamlFiles
			.read(Repository.file("deployment/src/test/java/com/example/shop/deployment/PromQL.java"));
		assertThat(copy.substring(copy.indexOf("final class PromQL")))
			.isEqualTo(original.substring(original.indexOf("final class PromQL")));
	}

	@Test
	void replacesGrafanaVariablesWithWhatPrometheusAccepts() {
		assertThat(PromQL.withGrafanaVariables(
				"rate(x{application=~\"$application\", instance=~\"${instance}\"}[$__rate_interval]) + increase(y[$__range])"))
			.isEqualTo("rate(x{application=~\".*\", instance=~\".*\"}[1m]) + increase(y[5m])");
	}

}
