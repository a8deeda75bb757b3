package com.example.shop.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository these tests check: its modules, which of them are Spring Boot
 * applications, and the parts of the local stack ({@code ./shop up}).
 */
final class Repository {

	private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

	private static final Pattern PROPERTY = Pattern.compile("<([\\w.-]+)>([^<]*)</\\1>");

	private static final Pattern SERVICE_PART = Pattern
		.compile("ServicePart\\.of\\(\\s*layout,\\s*\"([^\"]+)\",\\s*\"([^\"]+)\"");

	private Repository() {
	}

	static Path root() {
		String home = System.getProperty("shop.home");
		Path root = (home != null) ? Path.of(home) : Path.of("").toAbsolutePath().getParent();
		if (!Files.exists(root.resolve("pom.xml")) || !Files.isDirectory(root.resolve("k8s"))) {
			throw new IllegalStateException(root + " is not the repository's root (set -Dshop.home)");
		}
		return root;
	}

	static Path file(String relative) {
		return root().resolve(relative);
	}

	static List<String> modules() {
		List<String> modules = new ArrayList<>();
		Matcher matcher = MODULE.matcher(YamlFiles.read(file("pom.xml")));
		while (matcher.find()) {
			modules.add(matcher.group(1).trim());
		}
		return modules;
	}

	/** A property of the root pom, e.g. {@code postgres-image}. */
	static String rootProperty(String name) {
		Matcher matcher = PROPERTY.matcher(YamlFiles.read(file("pom.xml")));
		while (matcher.find()) {
			if (matcher.group(1).equals(name)) {
				return matcher.group(2).trim();
			}
		}
		throw new IllegalStateException("The root pom has no property " + name);
	}

	/** The modules with a {@code @SpringBootApplication}: the ones that are deployed. */
	static List<String> springBootModules() {
		return modules().stream().filter(Repository::isSpringBootApplication).toList();
	}

	private static boolean isSpringBootApplication(String module) {
		Path sources = file(module).resolve("src/main/java");
		if (!Files.isDirectory(sources)) {
			return false;
		}
		try (Stream<Path> files = Files.walk(sources)) {
			return files.filter((f) -> f.toString().endsWith(".java"))
				.anyMatch((f) -> YamlFiles.read(f).contains("@SpringBootApplication"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The Spring Boot parts of {@code ./shop up} (shop-cli's Stack), part name to module:
	 * the names docker compose must use too, so a chaos step reads the same in both.
	 */
	static Map<String, String> localServiceParts() {
		String stack = YamlFiles.read(file("shop-cli/src/main/java/com/example/shop/cli/Stack.java"));
		Map<String, String> parts = new LinkedHashMap<>();
		Matcher matcher = SERVICE_PART.matcher(stack);
		while (matcher.find()) {
			parts.put(matcher.group(1), matcher.group(2));
		}
		if (parts.isEmpty()) {
			throw new IllegalStateException("No ServicePart.of(layout, \"name\", \"module\", ...) found in Stack.java");
		}
		return parts;
	}

}
