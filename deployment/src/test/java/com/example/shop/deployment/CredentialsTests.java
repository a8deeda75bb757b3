package com.example.shop.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No secret in git: every password the services and compose use comes from an environment
 * variable, and the only defaults are the local machine's, named as such
 * ({@code local-only-admin} for the operator, {@code shop} for the database). The
 * Kubernetes side (Secrets referenced, none committed) is
 * {@code KubernetesConsistencyTests}.
 */
class CredentialsTests {

	private static final Set<String> LOCAL_ONLY = Set.of("local-only-admin", "shop");

	/** {@code ${VARIABLE:default}} (Spring) or {@code ${VARIABLE:-default}} (compose). */
	private static final Pattern FROM_ENVIRONMENT = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):-?([^}]*)}");

	private static final Pattern COMPOSE_PASSWORD = Pattern
		.compile("(?m)^\\s*([A-Z0-9_]*PASSWORD[A-Z0-9_]*):\\s*(.*)$");

	/** What committed credentials look like, whoever issued them. */
	private static final Map<String, Pattern> SECRETS = Map.of("private key",
			Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"), "AWS access key",
			Pattern.compile("AKIA[0-9A-Z]{16}"), "GitHub token", Pattern.compile("gh[pousr]_[A-Za-z0-9]{36}"),
			"Slack token", Pattern.compile("xox[abprs]-[A-Za-z0-9-]{10,}"), "Stripe key",
			Pattern.compile("[sr]k_live_[A-Za-z0-9]{16,}"), "password in a URL",
			Pattern.compile("[a-z][a-z0-9+.-]*://[^/\\s:@]+:[^/\\s:@$]+@[\\w.-]+"));

	static List<String> springBootModules() {
		return Repository.springBootModules();
	}

	@ParameterizedTest
	@MethodSource("springBootModules")
	void takesEveryPasswordFromTheEnvironmentWithALocalOnlyDefault(String module) {
		List<String> passwords = new ArrayList<>();
		for (JsonNode document : YamlFiles
			.readAll(Repository.file(module).resolve("src/main/resources/application.yml"))) {
			collectPasswords("", document, passwords);
		}
		assertThat(passwords).allSatisfy((password) -> {
			String value = password.substring(password.indexOf('=') + 1);
			if (!value.equals("${spring.datasource.password}")) {
				assertLocalOnlyDefault(module + " " + password, value);
			}
		});
	}

	@Test
	void composeTakesEveryPasswordFromTheEnvironmentWithALocalOnlyDefault() throws IOException {
		List<String> found = new ArrayList<>();
		try (var files = Files.list(Repository.root())) {
			for (Path file : files.filter((f) -> f.getFileName().toString().matches("docker-compose.*\\.ya?ml"))
				.toList()) {
				Matcher password = COMPOSE_PASSWORD.matcher(YamlFiles.read(file));
				while (password.find()) {
					found.add(password.group(1));
					assertLocalOnlyDefault(file.getFileName() + " " + password.group(1), password.group(2).strip());
				}
			}
		}
		assertThat(found).contains("SHOP_ADMIN_PASSWORD", "DB_PASSWORD", "POSTGRES_PASSWORD");
	}

	@Test
	void commitsNoCredentialsAnywhere() {
		List<String> tracked = trackedFiles();
		assertThat(tracked).contains("pom.xml");
		List<String> found = new ArrayList<>();
		for (String name : tracked) {
			String text = text(Repository.file(name));
			SECRETS.forEach((what, pattern) -> {
				if (text != null && pattern.matcher(text).find()) {
					found.add(name + ": " + what);
				}
			});
			if (name.matches("(.*/)?(\\.env|id_rsa|id_ed25519|.*\\.pem|.*\\.key|.*\\.p12|.*\\.jks|.*\\.keystore)")) {
				found.add(name + ": a credentials file");
			}
		}
		assertThat(found).isEmpty();
	}

	private static void assertLocalOnlyDefault(String where, String value) {
		Matcher placeholder = FROM_ENVIRONMENT.matcher(value);
		assertThat(placeholder.matches()).as("%s = %s comes from an environment variable", where, value).isTrue();
		assertThat(placeholder.group(2)).as("%s: the default is the local machine's", where).isIn(LOCAL_ONLY);
	}

	private static void collectPasswords(String path, JsonNode node, List<String> passwords) {
		node.properties().forEach((entry) -> {
			String key = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
			if (entry.getValue().isObject()) {
				collectPasswords(key, entry.getValue(), passwords);
			}
			else if (entry.getKey().toLowerCase(Locale.ROOT).endsWith("password")) {
				passwords.add(key + "=" + entry.getValue().asText());
			}
		});
	}

	/** The files git tracks, as paths from the repository's root. */
	private static List<String> trackedFiles() {
		try {
			Process git = new ProcessBuilder("git", "ls-files", "-z").directory(Repository.root().toFile())
				.redirectErrorStream(true)
				.start();
			String names = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(git.waitFor(1, TimeUnit.MINUTES)).isTrue();
			assertThat(git.exitValue()).as(names).isZero();
			return List.of(names.split("\0"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The file as UTF-8 text; {@code null} for a binary file or one git tracks as gone.
	 */
	private static String text(Path file) {
		try {
			return Files.isRegularFile(file) ? Files.readString(file) : null;
		}
		catch (MalformedInputException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
