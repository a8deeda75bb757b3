package com.example.shop.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.example.shop.deployment.ComposeProject.Service;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml (alone, with docker-compose.small.yml over it, and either with
 * docker-compose.monitoring.yml) agrees with the modules it runs and with the local
 * stack: the same services under the same names, environment variables the modules read,
 * the ports they listen on, URLs that reach them, dependencies that exist, and Kafka
 * replication the brokers can hold.
 */
class ComposeConsistencyTests {

	static final List<String> projects = List.of("full", "small", "full+monitoring", "small+monitoring");

	private static final Set<String> INFRASTRUCTURE = Set.of("pg-primary", "pg-replica", "kafka-1", "kafka-2",
			"kafka-3", "prometheus", "grafana", "jaeger");

	private static final Pattern HTTP_URL = Pattern.compile("^https?://([^:/]+):(\\d+)(/.*)?$");

	private static final Pattern JDBC_URL = Pattern.compile("^jdbc:postgresql://([^/]+)/([^?]+).*$");

	/** The project as {@code docker compose -f ... up} starts it: no profile enabled. */
	static ComposeProject project(String name) {
		return ComposeProject.of(files(name), List.of());
	}

	private static boolean full(String name) {
		return name.startsWith("full");
	}

	@ParameterizedTest
	@FieldSource("projects")
	void buildsEverySpringBootModuleAndNothingElse(String name) {
		Map<String, Service> services = project(name).services();
		Set<String> built = services.values()
			.stream()
			.flatMap((s) -> s.module().stream())
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(built).containsExactlyInAnyOrderElementsOf(Repository.springBootModules());
		assertThat(services.values()).filteredOn((s) -> s.module().isPresent()).allSatisfy((s) -> {
			assertThat(s.image()).as(s.name()).startsWith("shop/" + s.module().get() + ":");
			assertThat(s.definition().path("build").path("context").asText()).as(s.name()).isEqualTo(".");
		});
	}

	@ParameterizedTest
	@FieldSource("projects")
	void namesItsServicesLikeThePartsOfTheLocalStack(String name) {
		Map<String, Service> services = project(name).services();
		Map<String, String> parts = Repository.localServiceParts();
		parts.forEach((part, module) -> {
			if (full(name) || !part.equals("order-2")) {
				assertThat(services).as("compose service " + part).containsKey(part);
				assertThat(services.get(part).module()).as(part).contains(module);
			}
		});
		assertThat(services.keySet())
			.allSatisfy((service) -> assertThat(parts.containsKey(service) || INFRASTRUCTURE.contains(service))
				.as(service + " is a part of ./shop up or known infrastructure")
				.isTrue());
	}

	@ParameterizedTest
	@FieldSource("projects")
	void setsOnlyEnvironmentVariablesTheModulesRead(String name) {
		List<String> problems = new ArrayList<>();
		for (Service service : project(name).services().values()) {
			service.module().ifPresent((module) -> {
				SpringModule spring = SpringModule.of(module);
				service.environment()
					.forEach((variable, value) -> spring.ignored(variable, value)
						.ifPresent((problem) -> problems.add(service.name() + ": " + problem)));
			});
		}
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@FieldSource("projects")
	void checksEachServicesReadinessOnThePortItListensOn(String name) {
		String dockerfile = YamlFiles.read(Repository.file("Dockerfile"));
		assertThat(dockerfile).contains("deploy/docker/healthcheck.sh /usr/local/bin/healthcheck");
		for (Service service : project(name).services().values()) {
			service.module().ifPresent((module) -> {
				SpringModule spring = SpringModule.of(module);
				assertThat(spring.hasProbeHealthGroups()).as(module + " enables the probe health groups").isTrue();
				int port = spring.serverPort(service.environment());
				List<String> test = new ArrayList<>();
				service.healthcheck().path("test").forEach((word) -> test.add(word.asText()));
				// healthcheck PORT [PATH]: PATH defaults to the readiness group
				assertThat(test).as(service.name()).containsExactly("CMD", "healthcheck", String.valueOf(port));
			});
		}
	}

	@ParameterizedTest
	@FieldSource("projects")
	void pointsEveryUrlAtAServiceThatListensThere(String name) {
		ComposeProject project = project(name);
		Map<String, Service> services = project.services();
		List<String> problems = new ArrayList<>();
		for (Service service : services.values()) {
			if (service.module().isEmpty()) {
				continue;
			}
			service.environment().forEach((variable, value) -> {
				Matcher http = HTTP_URL.matcher(value);
				if (http.matches()) {
					Service target = services.get(http.group(1));
					if (target == null) {
						problems.add(service.name() + " " + variable + ": no service " + http.group(1));
					}
					else if (target.module().isEmpty()) {
						// not ours (Jaeger): the ports it declares with expose
						List<String> exposed = new ArrayList<>();
						target.definition().path("expose").forEach((port) -> exposed.add(port.asText()));
						if (!exposed.contains(http.group(2))) {
							problems.add(service.name() + " " + variable + ": " + http.group(1) + " exposes no port "
									+ http.group(2));
						}
					}
					else if (SpringModule.of(target.module().get()).serverPort(target.environment()) != Integer
						.parseInt(http.group(2))) {
						problems.add(service.name() + " " + variable + ": " + http.group(1) + " does not listen on "
								+ http.group(2));
					}
				}
				Matcher jdbc = JDBC_URL.matcher(value);
				if (jdbc.matches()) {
					for (String host : jdbc.group(1).split(",")) {
						Service target = services.get(host.split(":")[0]);
						if (target == null || !target.image().startsWith("postgres:") || !host.endsWith(":5432")) {
							problems.add(service.name() + " " + variable + ": no PostgreSQL at " + host);
						}
					}
					String database = SpringModule.database(value);
					if (!database.equals(SpringModule.of(service.module().get()).defaultDatabase())) {
						problems.add(service.name() + " " + variable + ": database " + database
								+ " is not the module's own");
					}
					if (!YamlFiles.read(Repository.file("deploy/postgres/primary-init.sh"))
						.contains("CREATE DATABASE " + database + ";")) {
						problems.add(service.name() + ": deploy/postgres/primary-init.sh creates no " + database);
					}
				}
				if (variable.equals("KAFKA_BOOTSTRAP_SERVERS")) {
					for (String broker : value.split(",")) {
						Service target = services.get(broker.split(":")[0]);
						if (target == null || !target.image().startsWith("apache/kafka:")
								|| !broker.endsWith(":9092")) {
							problems.add(service.name() + " " + variable + ": no broker at " + broker);
						}
					}
				}
			});
		}
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@FieldSource("projects")
	void waitsOnlyForHealthyServicesThatExist(String name) {
		ComposeProject project = project(name);
		Map<String, Service> enabled = project.services();
		JsonNode all = project.model().path("services");
		List<String> problems = new ArrayList<>();
		for (Service service : enabled.values()) {
			service.dependsOn().fields().forEachRemaining((dependency) -> {
				String target = dependency.getKey();
				JsonNode condition = dependency.getValue();
				if (!all.has(target)) {
					problems.add(service.name() + " depends on undefined " + target);
				}
				else if (!enabled.containsKey(target) && condition.path("required").asBoolean(true)) {
					problems.add(service.name() + " requires " + target + ", which does not start here");
				}
				if (!condition.path("condition").asText().equals("service_healthy")) {
					problems.add(service.name() + " does not wait for " + target + " to be healthy");
				}
				else if (all.path(target).path("healthcheck").isMissingNode()) {
					problems.add(service.name() + " waits for the health of " + target + ", which has no healthcheck");
				}
			});
		}
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@FieldSource("projects")
	void publishesOnlyTheGateway(String name) {
		ComposeProject everything = project(name);
		Set<String> monitoring = monitoringServices();
		for (Service service : everything.services().values()) {
			if (monitoring.contains(service.name())) {
				assertThat(service.ports()).as(service.name())
					.allSatisfy((port) -> assertThat(port.asText()).startsWith("127.0.0.1:"));
			}
			else if (!service.name().equals("gateway")) {
				assertThat(service.ports().isMissingNode()).as(service.name() + " publishes no port").isTrue();
			}
		}
		Service gateway = everything.services().get("gateway");
		int port = SpringModule.of("gateway").serverPort(gateway.environment());
		assertThat(gateway.ports()).singleElement().extracting(JsonNode::asText).isEqualTo(port + ":" + port);
	}

	@ParameterizedTest
	@FieldSource("projects")
	void restartsEveryServiceAndLimitsItsMemory(String name) {
		assertThat(project(name).services().values()).allSatisfy((service) -> {
			assertThat(service.definition().path("restart").asText()).as(service.name()).isEqualTo("unless-stopped");
			assertThat(service.definition().path("deploy").path("resources").path("limits").path("memory").asText())
				.as(service.name())
				.matches("\\d+M");
		});
	}

	@ParameterizedTest
	@FieldSource("projects")
	void replicatesKafkaTopicsNoMoreThanTheBrokersCanHold(String name) {
		Map<String, Service> services = project(name).services();
		List<Service> brokers = services.values()
			.stream()
			.filter((s) -> s.image().startsWith("apache/kafka:"))
			.toList();
		Set<String> brokerNames = brokers.stream().map(Service::name).collect(Collectors.toSet());
		for (Service broker : brokers) {
			Map<String, String> env = broker.environment();
			Set<String> voters = new HashSet<>();
			for (String voter : env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(",")) {
				voters.add(voter.replaceAll("^\\d+@", "").replaceAll(":\\d+$", ""));
			}
			assertThat(voters).as(broker.name() + "'s controller quorum").isEqualTo(brokerNames);
			int replicas = Integer.parseInt(env.get("KAFKA_DEFAULT_REPLICATION_FACTOR"));
			int minInSync = Integer.parseInt(env.get("KAFKA_MIN_INSYNC_REPLICAS"));
			assertThat(replicas).as(broker.name()).isEqualTo(brokers.size());
			assertThat(Integer.parseInt(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"))).isEqualTo(replicas);
			assertThat(Integer.parseInt(env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"))).isEqualTo(replicas);
			// one broker may go without refusing acks=all writes, none without losing
			// them
			assertThat(minInSync).as(broker.name()).isEqualTo((replicas == 1) ? 1 : replicas - 1);
		}
		for (Service service : services.values()) {
			String topicReplicas = service.environment().get("SHOP_MESSAGING_TOPICS_REPLICATIONFACTOR");
			// every service that declares the saga's topics (the gateway only reads
			// consumer lag)
			boolean declaresTopics = service.module()
				.map((module) -> SpringModule.of(module)
					.ignored("SHOP_MESSAGING_TOPICS_REPLICATIONFACTOR", "1")
					.isEmpty())
				.orElse(false);
			if (declaresTopics && service.environment().containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
				assertThat(topicReplicas).as(service.name()).isEqualTo(String.valueOf(brokers.size()));
			}
		}
		assertThat(brokers).hasSize(full(name) ? 3 : 1);
	}

	@ParameterizedTest
	@FieldSource("projects")
	void runsThePostgresMajorVersionOfTheLocalStack(String name) {
		Map<String, Service> services = project(name).services();
		assertThat(services.get("pg-primary").image()).isEqualTo(Repository.rootProperty("postgres-image"));
		assertThat(services.get("pg-replica").image()).isEqualTo(Repository.rootProperty("postgres-image"));
	}

	static List<Path> files(String name) {
		List<Path> files = new ArrayList<>(List.of(Repository.file("docker-compose.yml")));
		if (name.startsWith("small")) {
			files.add(Repository.file("docker-compose.small.yml"));
		}
		if (name.endsWith("+monitoring")) {
			files.add(Repository.file("docker-compose.monitoring.yml"));
		}
		return files;
	}

	/** The services docker-compose.monitoring.yml adds (it changes others too). */
	static Set<String> monitoringServices() {
		Set<String> added = new TreeSet<>();
		YamlFiles.readOne(Repository.file("docker-compose.monitoring.yml"))
			.path("services")
			.fields()
			.forEachRemaining((service) -> {
				if (service.getValue().has("image")) {
					added.add(service.getKey());
				}
			});
		return added;
	}

}
