package com.example.shop.deployment;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL's lexer to find the metric names an expression reads: the
 * identifiers that are not functions or aggregations, keywords, label names (inside
 * {@code {...}} and the label lists of {@code by}, {@code on}, {@code group_left}, ...),
 * durations or string contents. Prometheus's own parser checks the syntax (promtool);
 * this only names what must exist.
 * <p>
 * system-tests' MonitoringIT uses a copy of this class, from {@code final class} on (the
 * modules share no test code); {@link PromQLTests} keeps the two equal.
 */
final class PromQL {

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "bool", "offset", "inf", "nan",
			"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
			"quantile", "limitk", "limit_ratio");

	private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right");

	/**
	 * Grafana's interval variables, replaced by what a dashboard of a few minutes uses.
	 */
	private static final Map<String, String> GRAFANA_INTERVALS = Map.of("__rate_interval", "1m", "__interval", "1m",
			"__range", "5m");

	private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");

	private PromQL() {
	}

	/**
	 * A Grafana query as Prometheus would get it: interval variables as {@code 1m} (or
	 * {@code 5m} for the range), any other variable (used in {@code =~} matchers) as
	 * "all", {@code .*}.
	 */
	static String withGrafanaVariables(String query) {
		Matcher matcher = GRAFANA_VARIABLE.matcher(query);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(result,
					Matcher.quoteReplacement(GRAFANA_INTERVALS.getOrDefault(matcher.group(1), ".*")));
		}
		return matcher.appendTail(result).toString();
	}

	/** The metric names the expression reads, sorted. */
	static Set<String> metricNames(String expression) {
		Set<String> names = new TreeSet<>();
		String text = expression;
		int i = 0;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '"' || c == '\'' || c == '`') {
				i = afterString(text, i);
			}
			else if (c == '#') {
				int end = text.indexOf('\n', i);
				i = (end < 0) ? text.length() : end;
			}
			else if (c == '{') {
				i = after(text, i, '}');
			}
			else if (c == '[') {
				i = after(text, i, ']');
			}
			else if (Character.isDigit(c) || c == '.') {
				// numbers and durations: 0.5, 1e3, 0x1f, 5m, 1h30m
				while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.')) {
					i++;
				}
			}
			else if (Character.isLetter(c) || c == '_' || c == ':') {
				int start = i;
				while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
						|| text.charAt(i) == ':')) {
					i++;
				}
				String word = text.substring(start, i);
				int next = i;
				while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
					next++;
				}
				boolean call = next < text.length() && text.charAt(next) == '(';
				if (LABEL_LISTS.contains(word.toLowerCase())) {
					i = call ? after(text, next, ')') : i;
				}
				else if (!call && !KEYWORDS.contains(word.toLowerCase())) {
					names.add(word);
				}
			}
			else {
				i++;
			}
		}
		return names;
	}

	/**
	 * The index after the close character that ends what starts at open, strings skipped.
	 */
	private static int after(String text, int open, char close) {
		int i = open + 1;
		while (i < text.length() && text.charAt(i) != close) {
			char c = text.charAt(i);
			i = (c == '"' || c == '\'' || c == '`') ? afterString(text, i) : i + 1;
		}
		return Math.min(i + 1, text.length());
	}

	private static int afterString(String text, int quote) {
		char delimiter = text.charAt(quote);
		int i = quote + 1;
		while (i < text.length() && text.charAt(i) != delimiter) {
			i += (text.charAt(i) == '\\' && delimiter != '`') ? 2 : 1;
		}
		return Math.min(i + 1, text.length());
	}

}
