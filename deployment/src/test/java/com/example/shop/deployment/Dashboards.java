package com.example.shop.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboards of deploy/grafana/provisioning/dashboards, and the queries they
 * send to Prometheus: each panel's targets and each query variable's metric selector.
 */
final class Dashboards {

	static final String FOLDER = "deploy/grafana/provisioning/dashboards";

	private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.+),\\s*(\\w+)\\s*\\)\\s*$",
			Pattern.DOTALL);

	/**
	 * Strict JSON: a key twice or anything after the document fails (Grafana would
	 * guess).
	 */
	private static final JsonMapper json = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private Dashboards() {
	}

	/** One dashboard file. */
	record Dashboard(String file, JsonNode json) {

		String uid() {
			return this.json.path("uid").asText();
		}

		/** Every panel, those inside rows included; rows themselves too. */
		List<JsonNode> panels() {
			List<JsonNode> panels = new ArrayList<>();
			this.json.path("panels").forEach((panel) -> {
				panels.add(panel);
				panel.path("panels").forEach(panels::add);
			});
			return panels;
		}

		List<JsonNode> variables() {
			List<JsonNode> variables = new ArrayList<>();
			this.json.path("templating").path("list").forEach(variables::add);
			return variables;
		}

		/** Every PromQL query: panel targets, then the selectors of query variables. */
		List<Query> queries() {
			List<Query> queries = new ArrayList<>();
			for (JsonNode panel : panels()) {
				panel.path("targets")
					.forEach((target) -> queries.add(new Query(
							this.file + " panel " + panel.path("id").asText() + " \"" + panel.path("title").asText()
									+ "\" " + target.path("refId").asText(),
							target.path("expr").asText(), target.path("datasource"))));
			}
			for (JsonNode variable : variables()) {
				if (variable.path("type").asText().equals("query")) {
					JsonNode query = variable.path("query");
					String text = query.isObject() ? query.path("query").asText() : query.asText();
					Matcher labelValues = LABEL_VALUES.matcher(text);
					queries.add(new Query(this.file + " variable " + variable.path("name").asText(),
							labelValues.matches() ? labelValues.group(1) : text, variable.path("datasource")));
				}
			}
			return queries;
		}

	}

	/** A query, where it is, and the data source it names. */
	record Query(String where, String expr, JsonNode datasource) {

		/** The query as Prometheus gets it, Grafana's variables replaced. */
		String promql() {
			return PromQL.withGrafanaVariables(this.expr);
		}

	}

	static List<Dashboard> all() {
		try (Stream<Path> files = Files.list(Repository.file(FOLDER))) {
			return files.filter((f) -> f.getFileName().toString().endsWith(".json"))
				.sorted()
				.map((f) -> new Dashboard(f.getFileName().toString(), read(f)))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static JsonNode read(Path file) {
		try {
			return json.readTree(file.toFile());
		}
		catch (IOException ex) {
			throw new IllegalStateException(file + " is not valid JSON: " + ex.getMessage(), ex);
		}
	}

}
