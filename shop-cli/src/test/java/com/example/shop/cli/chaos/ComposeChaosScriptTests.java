package com.example.shop.cli.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code chaos/compose-chaos.sh}, the scenarios' fault steps for docker compose: it reads
 * the same steps as {@code ./shop chaos}, names only services docker-compose.yml has, and
 * hands docker compose the right arguments (a stand-in {@code COMPOSE} command records
 * them; there is no Docker here).
 */
class ComposeChaosScriptTests {

	private static final Path SCRIPT = Path.of("..", "chaos", "compose-chaos.sh");

	private static final Pattern COMPOSE_CALL = Pattern
		.compile("^ {2}\\$ docker compose (\\w+) (?:-T )?(?:-u \\w+ )?([\\w-]+)");

	@TempDir
	Path dir;

	@Test
	void readsTheSameStepsAsTheChaosRunnerAndNamesOnlyServicesComposeHas() throws Exception {
		Set<String> services = composeServices();
		for (Path file : scenarios()) {
			Scenario scenario = Scenario.read(file);
			List<String> output = run(List.of("--dry-run", file.toString()), Map.of()).lines().toList();

			List<String> expected = scenario.steps()
				.stream()
				.map((step) -> seconds(step.at()) + " step: " + step.text())
				.toList();
			assertThat(output.stream().filter((line) -> line.contains(" step: ")).toList()).as(file.toString())
				.isEqualTo(expected);
			for (String line : output) {
				Matcher call = COMPOSE_CALL.matcher(line);
				if (call.find()) {
					assertThat(services).as(line).contains(call.group(2));
				}
			}
		}
	}

	@Test
	void killsRestartsAndSetsTheProvidersFaultsFromInsideItsContainer() throws Exception {
		Path calls = this.dir.resolve("calls");
		Path compose = this.dir.resolve("compose");
		// one line per call: the script sent in-container has line breaks of its own
		Files.writeString(compose,
				"#!/usr/bin/env bash\necho \"$*\" | tr '\\n' ' ' >> '" + calls + "'\necho >> '" + calls + "'\n");
		Files.setPosixFilePermissions(compose, PosixFilePermissions.fromString("rwx------"));
		Map<String, String> environment = Map.of("COMPOSE", compose.toString(), "CHAOS_TIME_SCALE", "0",
				"SHOP_ADMIN_USER", "ops", "SHOP_ADMIN_PASSWORD", "s3cret");

		run(List.of(Path.of("..", "chaos", "payment-killed.yml").toString()), environment);
		run(List.of(Path.of("..", "chaos", "provider-slow-then-erroring.yml").toString()), environment);

		List<String> received = Files.readAllLines(calls).stream().map(String::strip).toList();
		assertThat(received.subList(0, 2)).containsExactly("kill payment", "restart payment");
		List<String> faults = received.subList(2, received.size());
		assertThat(faults).hasSize(3).allSatisfy((call) -> {
			assertThat(call).startsWith("exec -T provider bash -c ")
				.contains(" http 8089 PUT /admin/faults "
						+ Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8)) + " ");
		});
		assertThat(faults.get(0)).endsWith(
				"{\"latencyMs\":2000,\"latencyJitterMs\":0,\"errorRate\":0,\"declineRate\":0,\"dropResponseRate\":0}");
		assertThat(faults.get(1)).endsWith(
				"{\"latencyMs\":0,\"latencyJitterMs\":0,\"errorRate\":0.5,\"declineRate\":0,\"dropResponseRate\":0}");
		assertThat(faults.get(2)).endsWith(
				"{\"latencyMs\":0,\"latencyJitterMs\":0,\"errorRate\":0,\"declineRate\":0,\"dropResponseRate\":0}");
	}

	@Test
	void neverStartsTheOldPrimaryAgainAfterAFailover() throws Exception {
		String output = run(List.of("--dry-run", Path.of("..", "chaos", "primary-failover.yml").toString()), Map.of());

		assertThat(output)
			.contains("$ docker compose kill pg-primary",
					"$ docker compose exec -T pg-replica psql -X -q -U shop -d postgres -c SELECT pg_promote()",
					"skipped: after a failover the old primary would start as a second primary")
			.doesNotContain("restart pg-primary\n  $");
	}

	private static List<Path> scenarios() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("..", "chaos"))) {
			return files.filter((file) -> file.toString().endsWith(".yml")).sorted().toList();
		}
	}

	private static Set<String> composeServices() throws IOException {
		JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docker-compose.yml").toFile());
		List<String> names = new ArrayList<>();
		compose.get("services").fieldNames().forEachRemaining(names::add);
		return Set.copyOf(names);
	}

	private static String seconds(Duration at) {
		return (at.toMillis() % 1000 == 0) ? at.toSeconds() + "s" : at.toMillis() + "ms";
	}

	private static String run(List<String> arguments, Map<String, String> environment) throws Exception {
		List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

}
