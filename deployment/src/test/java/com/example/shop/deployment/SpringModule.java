package com.example.shop.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a Spring Boot module reads from its environment: the placeholders of its
 * {@code application.yml}, the properties that file sets (which Spring Boot also binds
 * from environment variables, {@code SERVER_PORT} for {@code server.port}), the
 * {@code @ConfigurationProperties} records of the module and of the shop modules it uses,
 * and its profiles.
 */
final class SpringModule {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");

	private static final Pattern CONFIGURATION_PROPERTIES = Pattern
		.compile("@ConfigurationProperties\\(\"([^\"]+)\"\\)\\s*(?:@\\w+\\s*)*(?:public\\s+)?record\\s+\\w+\\s*\\(");

	private static final Pattern SHOP_DEPENDENCY = Pattern
		.compile("<groupId>com\\.example\\.shop</groupId>\\s*<artifactId>([^<]+)</artifactId>");

	private final String name;

	private final String applicationYml;

	private final List<JsonNode> documents;

	private final Set<String> boundProperties = new LinkedHashSet<>();

	private SpringModule(String name) {
		this.name = name;
		this.applicationYml = YamlFiles.read(Repository.file(name).resolve("src/main/resources/application.yml"));
		this.documents = YamlFiles.readAll(this.applicationYml);
		for (JsonNode document : this.documents) {
			collectKeys("", document);
		}
		for (String module : withShopDependencies(name, new LinkedHashSet<>())) {
			collectConfigurationProperties(module);
		}
	}

	static SpringModule of(String name) {
		return new SpringModule(name);
	}

	String name() {
		return this.name;
	}

	/**
	 * The port the module listens on with this environment: {@code server.port} of
	 * application.yml, its placeholder resolved, or {@code SERVER_PORT}.
	 */
	int serverPort(Map<String, String> environment) {
		if (environment.containsKey("SERVER_PORT")) {
			return Integer.parseInt(environment.get("SERVER_PORT"));
		}
		return Integer.parseInt(resolve(this.documents.get(0).path("server").path("port").asText(), environment));
	}

	/** The database of the module's default {@code DB_URL}, e.g. {@code catalog}. */
	String defaultDatabase() {
		Matcher matcher = PLACEHOLDER.matcher(this.applicationYml);
		while (matcher.find()) {
			if (matcher.group(1).equals("DB_URL")) {
				return database(matcher.group(2));
			}
		}
		throw new IllegalStateException(this.name + " has no ${DB_URL:...} in application.yml");
	}

	boolean usesDatabase() {
		return placeholders().contains("DB_URL");
	}

	/** Kubernetes probe groups: liveness and readiness health groups are enabled. */
	boolean hasProbeHealthGroups() {
		return this.documents.get(0)
			.path("management")
			.path("endpoint")
			.path("health")
			.path("probes")
			.path("enabled")
			.asBoolean(false);
	}

	Set<String> placeholders() {
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = PLACEHOLDER.matcher(this.applicationYml);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	/**
	 * Why the module would not read this environment variable, or empty when it reads it.
	 */
	Optional<String> ignored(String variable, String value) {
		if (placeholders().contains(variable)) {
			return Optional.empty();
		}
		if (variable.equals("SPRING_PROFILES_ACTIVE")) {
			Set<String> profiles = profiles();
			return Stream.of(value.split(","))
				.map(String::trim)
				.filter((profile) -> !profiles.contains(profile))
				.findFirst()
				.map((profile) -> "profile " + profile + " is not in " + this.name + "'s application.yml");
		}
		if (this.boundProperties.contains(variable.toLowerCase(Locale.ROOT).replace('_', '.'))) {
			return Optional.empty();
		}
		return Optional.of(variable + " is neither a placeholder of " + this.name
				+ "'s application.yml nor a property it sets or binds");
	}

	Set<String> profiles() {
		Set<String> profiles = new LinkedHashSet<>();
		for (JsonNode document : this.documents) {
			JsonNode profile = document.path("spring").path("config").path("activate").path("on-profile");
			if (profile.isTextual()) {
				profiles.add(profile.asText());
			}
		}
		return profiles;
	}

	/** Canonical form of a property: lower case, no dashes, dots between the parts. */
	private static String canonical(String property) {
		return property.replace("-", "").toLowerCase(Locale.ROOT);
	}

	private void collectKeys(String prefix, JsonNode node) {
		if (!node.isObject()) {
			return;
		}
		for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
			Map.Entry<String, JsonNode> field = fields.next();
			String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
			this.boundProperties.add(canonical(key));
			collectKeys(key, field.getValue());
		}
	}

	private void collectConfigurationProperties(String module) {
		Path sources = Repository.file(module).resolve("src/main/java");
		if (!Files.isDirectory(sources)) {
			return;
		}
		try (Stream<Path> files = Files.walk(sources)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
				String source = YamlFiles.read(file);
				Matcher matcher = CONFIGURATION_PROPERTIES.matcher(source);
				while (matcher.find()) {
					for (String component : recordComponents(source, matcher.end())) {
						this.boundProperties.add(canonical(matcher.group(1) + "." + component));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The component names of a record header whose opening parenthesis ends at start. */
	private static List<String> recordComponents(String source, int start) {
		List<String> names = new ArrayList<>();
		int depth = 0;
		StringBuilder component = new StringBuilder();
		for (int i = start; i < source.length(); i++) {
			char c = source.charAt(i);
			if ((c == ',' || c == ')') && depth == 0) {
				String[] words = component.toString().trim().split("[^\\w]+");
				if (words.length > 0 && !words[words.length - 1].isEmpty()) {
					names.add(words[words.length - 1]);
				}
				component.setLength(0);
				if (c == ')') {
					break;
				}
				continue;
			}
			if (c == '(' || c == '<') {
				depth++;
			}
			else if (c == ')' || c == '>') {
				depth--;
			}
			component.append(c);
		}
		return names;
	}

	private static Set<String> withShopDependencies(String module, Set<String> seen) {
		if (seen.add(module)) {
			Path pom = Repository.file(module).resolve("pom.xml");
			if (Files.exists(pom)) {
				Matcher matcher = SHOP_DEPENDENCY.matcher(YamlFiles.read(pom));
				while (matcher.find()) {
					withShopDependencies(matcher.group(1), seen);
				}
			}
		}
		return seen;
	}

	private static String resolve(String value, Map<String, String> environment) {
		Matcher matcher = PLACEHOLDER.matcher(value);
		if (matcher.matches()) {
			String set = environment.get(matcher.group(1));
			return (set != null) ? set : matcher.group(2);
		}
		return value;
	}

	/** The database name of a JDBC URL: the path after the host list. */
	static String database(String jdbcUrl) {
		String afterHosts = jdbcUrl.replaceFirst("^jdbc:postgresql://[^/]*/", "");
		int query = afterHosts.indexOf('?');
		return (query >= 0) ? afterHosts.substring(0, query) : afterHosts;
	}

}
