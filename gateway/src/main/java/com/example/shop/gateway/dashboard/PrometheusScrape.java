package com.example.shop.gateway.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One service's {@code /actuator/prometheus} answer, read into samples: the Prometheus
 * text exposition format (comment lines, then {@code name{label="value",...} value}
 * lines, with {@code \\}, {@code \"} and {@code \n} escaped in label values).
 *
 * @param samples every sample line, in the order given
 */
record PrometheusScrape(List<Sample> samples) {

	static final PrometheusScrape EMPTY = new PrometheusScrape(List.of());

	/**
	 * One sample.
	 *
	 * @param name the metric name, e.g. {@code resilience4j_circuitbreaker_state}
	 * @param labels its labels
	 * @param value its value ({@code NaN} and infinities included)
	 */
	record Sample(String name, Map<String, String> labels, double value) {

		String label(String label) {
			return this.labels.get(label);
		}

	}

	/** Reads a scrape; lines it cannot read are skipped, never fatal. */
	static PrometheusScrape parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				Sample sample = sample(line.strip());
				if (sample != null) {
					samples.add(sample);
				}
			}
		}
		return new PrometheusScrape(List.copyOf(samples));
	}

	/** Every sample of {@code name}. */
	List<Sample> named(String name) {
		return this.samples.stream().filter((sample) -> sample.name().equals(name)).toList();
	}

	/** The first sample of {@code name} whose labels include {@code labels}. */
	OptionalDouble value(String name, Map<String, String> labels) {
		return this.samples.stream()
			.filter((sample) -> sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet()))
			.mapToDouble(Sample::value)
			.findFirst();
	}

	private static Sample sample(String line) {
		int brace = line.indexOf('{');
		int space = line.indexOf(' ');
		if (space < 0) {
			return null;
		}
		Map<String, String> labels = new LinkedHashMap<>();
		String name;
		int rest;
		if (brace >= 0 && brace < space) {
			name = line.substring(0, brace);
			rest = labels(line, brace + 1, labels);
			if (rest < 0) {
				return null;
			}
		}
		else {
			name = line.substring(0, space);
			rest = space;
		}
		String[] fields = line.substring(rest).strip().split("\\s+");
		Double value = number(fields[0]);
		return (value != null) ? new Sample(name, Map.copyOf(labels), value) : null;
	}

	/**
	 * Reads {@code a="x",b="y"}} from {@code start}; returns the index after the brace.
	 */
	private static int labels(String line, int start, Map<String, String> labels) {
		int i = start;
		while (i < line.length()) {
			char c = line.charAt(i);
			if (c == '}') {
				return i + 1;
			}
			if (c == ',' || c == ' ') {
				i++;
				continue;
			}
			int equals = line.indexOf('=', i);
			if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
				return -1;
			}
			StringBuilder value = new StringBuilder();
			int j = equals + 2;
			for (; j < line.length() && line.charAt(j) != '"'; j++) {
				char v = line.charAt(j);
				if (v == '\\' && j + 1 < line.length()) {
					char escaped = line.charAt(++j);
					value.append((escaped == 'n') ? '\n' : escaped);
				}
				else {
					value.append(v);
				}
			}
			if (j >= line.length()) {
				return -1;
			}
			labels.put(line.substring(i, equals).strip(), value.toString());
			i = j + 1;
		}
		return -1;
	}

	private static Double number(String text) {
		return switch (text) {
			case "NaN" -> Double.NaN;
			case "+Inf" -> Double.POSITIVE_INFINITY;
			case "-Inf" -> Double.NEGATIVE_INFINITY;
			default -> {
				try {
					yield Double.valueOf(text);
				}
				catch (NumberFormatException ex) {
					yield null;
				}
			}
		};
	}

}
