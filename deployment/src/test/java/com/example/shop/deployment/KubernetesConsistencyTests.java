package com.example.shop.deployment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rendered overlay agrees with the modules it deploys: one Deployment per Spring
 * Boot module and its image, environment variables the modules read, ports and probes
 * that match their configuration, URLs that reach a Service listening there, Secrets
 * referenced but never committed, and network policies that allow exactly the flows the
 * services use.
 */
class KubernetesConsistencyTests {

	static final List<String> overlays = Manifests.OVERLAYS;

	private static final Pattern HTTP_URL = Pattern.compile("^https?://([^:/]+):(\\d+)(/.*)?$");

	private static final Pattern JDBC_URL = Pattern.compile("^jdbc:postgresql://([^/]+)/([^?]+).*$");

	private static final String NAME = "app.kubernetes.io/name";

	@ParameterizedTest
	@FieldSource("overlays")
	void deploysEverySpringBootModuleFromItsImage(String overlay) {
		Cluster cluster = new Cluster(Manifests.overlay(overlay));
		assertThat(cluster.deployments().keySet()).containsExactlyInAnyOrderElementsOf(Repository.springBootModules());
		cluster.deployments().forEach((name, deployment) -> {
			JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
			assertThat(containers).as(name).hasSize(1);
			assertThat(containers.get(0).path("image").asText()).as(name).startsWith("shop/" + name + ":");
			assertThat(deployment.path("spec").path("template").path("metadata").path("labels").path(NAME).asText())
				.as(name)
				.isEqualTo(name);
		});
	}

	@ParameterizedTest
	@FieldSource("overlays")
	void setsOnlyEnvironmentVariablesTheModulesRead(String overlay) {
		Cluster cluster = new Cluster(Manifests.overlay(overlay));
		List<String> problems = new ArrayList<>();
		cluster.deployments().keySet().forEach((name) -> {
			SpringModule module = SpringModule.of(name);
			cluster.environment(name)
				.forEach((variable, value) -> module.ignored(variable, value)
					.ifPresent((problem) -> problems.add(name + ": " + problem)));
		});
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@FieldSource("overlays")
	void probesTheHealthGroupsOnThePortTheModuleListensOn(String overlay) {
		Cluster cluster = new Cluster(Manifests.overlay(overlay));
		cluster.deployments().forEach((name, deployment) -> {
			SpringModule module = SpringModule.of(name);
			assertThat(module.hasProbeHealthGroups()).as(name + " enables the probe health groups").isTrue();
			JsonNode container = container(deployment);
			assertThat(container.path("ports")).as(name).singleElement().satisfies((port) -> {
				assertThat(port.path("name").asText()).isEqualTo("http");
				assertThat(port.path("containerPort").asInt()).isEqualTo(module.serverPort(cluster.environment(name)));
			});
			assertThat(probe(container, "startupProbe")).as(name).isEqualTo("http /actuator/health/liveness");
			assertThat(probe(container, "livenessProbe")).as(name).isEqualTo("http /actuator/health/liveness");
			assertThat(probe(container, "readinessProbe")).as(name).isEqualTo("http /actuator/health/readiness");
			assertThat(container.path("lifecycle").path("preStop").isObject()).as(name + " preStop").isTrue();
			assertThat(
					deployment.path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asInt())
				.as(name)
				.isGreaterThan(30);
			assertThat(container.path("resources").path("limits").path("memory").asText()).as(name).endsWith("Mi");
			assertThat(container.path("resources").path("requests").path("memory").asText()).as(name).endsWith("Mi");
		});
	}

	@ParameterizedTest
	@FieldSource("overlays")
	void exposesEachDeploymentThroughAServiceOnItsPort(String overlay) {
		Cluster cluster = new Cluster(Manifests.overlay(overlay));
		cluster.deployments().forEach((name, deployment) -> {
			JsonNode service = Manifests.named(cluster.objects, "Service", name);
			assertThat(service.path("spec").path("selector").path(NAME).asText()).isEqualTo(name);
			assertThat(service.path("spec").path("ports")).singleElement().satisfies((port) -> {
				assertThat(port.path("targetPort").asText()).isEqualTo("http");
				assertThat(port.path("port").asInt())
					.isEqualTo(container(deployment).path("ports").get(0).path("containerPort").asInt());
			});
		});
		JsonNode ingress = Manifests.ofKind(cluster.objects, "Ingress").get(0);
		JsonNode backend = ingress.path("spec").path("rules").get(0).path("http").path("paths").get(0).path("backend");
		assertThat(backend.path("service").path("name").asText()).isEqualTo("gateway");
		assertThat(backend.path("service").path("port").path("name").asText()).isEqualTo("http");
	}

	@ParameterizedTest
	@FieldSource("overlays")
	void pointsEveryUrlAtSomethingListeningThere(String overlay) {
		Cluster cluster = new Cluster(Manifests.overlay(overlay));
		List<String> problems = new ArrayList<>();
		cluster.deployments().keySet().forEach((name) -> cluster.environment(name).forEach((variable, value) -> {
			Matcher http = HTTP_URL.matcher(value);
			if (http.matches() && !cluster.servicePorts()
				.getOrDefault(http.group(1), Set.of())
				.contains(Integer.parseInt(http.group(2)))) {
				problems.add(name + " " + variable + ": no Service " + http.group(1) + " on port " + http.group(2));
			}
			Matcher jdbc = JDBC_URL.matcher(value);
			if (jdbc.matches()) {
				String database = SpringModule.database(value);
				if (!cluster.postgresServices().contains(jdbc.group(1))) {
					problems.add(name + " " + variable + ": " + jdbc.group(1) + " is no service of the Cluster");
				}
				if (!cluster.databases().contains(database)) {
					problems.add(name + " " + variable + ": the Cluster creates no database " + database);
				}
				if (!database.equals(SpringModule.of(name).defaultDatabase())) {
					problems.add(name + " " + variable + ": database " + database + " is not the module's own");
				}
			}
			if (variable.equals("KAFKA_BOOTSTRAP_SERVERS") && !value.equals(cluster.kafkaBootstrap())) {
				problems.add(name + " " + variable + ": " + value + " is not " + cluster.kafkaBootstrap());
			}
		}));
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@FieldSource("overlays")
	void referencesSecretsButCommitsNone(String overlay) {
		Cluster cluster = new Cluster(Manifests.overlay(overlay));
		assertThat(Manifests.ofKind(cluster.objects, "Secret")).isEmpty();
		// made by CloudNativePG for the Cluster's application user, and by the operator
		// of the shop (README)
		Set<String> expected = Set.of(cluster.postgres().path("metadata").path("name").asText() + "-app",
				"shop-operator");
		cluster.deployments().forEach((name, deployment) -> {
			container(deployment).path("env").forEach((variable) -> {
				JsonNode secret = variable.path("valueFrom").path("secretKeyRef");
				if (!secret.isMissingNode()) {
					assertThat(secret.path("name").asText()).as(name).isIn(expected);
					assertThat(secret.path("key").asText()).as(name).isIn("username", "password");
				}
			});
			container(deployment).path("envFrom")
				.forEach((source) -> assertThat(source.has("secretRef")).as(name + " envFrom a Secret").isFalse());
		});
	}

	@ParameterizedTest
	@FieldSource("overlays")
	void networkPoliciesAllowExactlyTheFlowsTheServicesUse(String overlay) {
		Cluster cluster = new Cluster(Manifests.overlay(overlay));
		NetworkPolicies policies = new NetworkPolicies(cluster.objects);
		assertThat(policies.deniesEverythingByDefault()).isTrue();
		Map<String, Map<String, String>> podLabels = new LinkedHashMap<>();
		cluster.deployments().keySet().forEach((name) -> podLabels.put(name, Map.of(NAME, name)));
		Map<String, String> postgres = Map.of("cnpg.io/cluster",
				cluster.postgres().path("metadata").path("name").asText());
		Map<String, String> kafka = Map.of("strimzi.io/cluster",
				cluster.kafka().path("metadata").path("name").asText());
		List<NetworkPolicies.Flow> flows = new ArrayList<>();
		cluster.deployments().keySet().forEach((name) -> cluster.environment(name).forEach((variable, value) -> {
			Matcher http = HTTP_URL.matcher(value);
			if (http.matches()) {
				String target = http.group(1);
				int port = container(cluster.deployments().get(target)).path("ports")
					.get(0)
					.path("containerPort")
					.asInt();
				flows.add(new NetworkPolicies.Flow(podLabels.get(name), podLabels.get(target), port));
			}
			if (JDBC_URL.matcher(value).matches()) {
				flows.add(new NetworkPolicies.Flow(podLabels.get(name), postgres, 5432));
			}
			if (variable.equals("KAFKA_BOOTSTRAP_SERVERS")) {
				flows.add(new NetworkPolicies.Flow(podLabels.get(name), kafka, 9092));
			}
		}));
		assertThat(flows).allSatisfy((flow) -> assertThat(policies.allows(flow)).as(flow.toString()).isTrue());
		// and nothing more between the services' own pods than those flows
		assertThat(policies.allowedFlowsBetween(podLabels.values())).allSatisfy(
				(flow) -> assertThat(flows).as("a policy allows " + flow + ", which no service uses").contains(flow));
		int gateway = container(cluster.deployments().get("gateway")).path("ports")
			.get(0)
			.path("containerPort")
			.asInt();
		assertThat(policies.admitsFromNamespace(podLabels.get("gateway"), "ingress-nginx", gateway)).isTrue();
	}

	@ParameterizedTest
	@FieldSource("overlays")
	void replicatesKafkaTopicsNoMoreThanTheNodesCanHold(String overlay) {
		Cluster cluster = new Cluster(Manifests.overlay(overlay));
		int brokers = Manifests.ofKind(cluster.objects, "KafkaNodePool")
			.stream()
			.filter((pool) -> pool.path("spec").path("roles").toString().contains("broker"))
			.mapToInt((pool) -> pool.path("spec").path("replicas").asInt())
			.sum();
		JsonNode config = cluster.kafka().path("spec").path("kafka").path("config");
		int replicas = config.path("default.replication.factor").asInt();
		assertThat(replicas).isEqualTo(brokers);
		assertThat(config.path("offsets.topic.replication.factor").asInt()).isEqualTo(replicas);
		assertThat(config.path("transaction.state.log.replication.factor").asInt()).isEqualTo(replicas);
		assertThat(config.path("min.insync.replicas").asInt()).isEqualTo((replicas == 1) ? 1 : replicas - 1);
		cluster.deployments().keySet().forEach((name) -> {
			String topicReplicas = cluster.environment(name).get("SHOP_MESSAGING_TOPICS_REPLICATIONFACTOR");
			// every service that declares the saga's topics (the gateway only reads
			// consumer lag)
			boolean declaresTopics = SpringModule.of(name)
				.ignored("SHOP_MESSAGING_TOPICS_REPLICATIONFACTOR", "1")
				.isEmpty();
			if (declaresTopics && cluster.environment(name).containsKey("KAFKA_BOOTSTRAP_SERVERS")) {
				assertThat(topicReplicas).as(name).isEqualTo(String.valueOf(replicas));
			}
		});
		int instances = cluster.postgres().path("spec").path("instances").asInt();
		JsonNode synchronous = cluster.postgres().path("spec").path("postgresql").path("synchronous");
		if (!synchronous.isMissingNode()) {
			// with dataDurability required, writes stop when fewer standbys than this
			// answer
			assertThat(synchronous.path("number").asInt()).isLessThan(instances - 1);
		}
		// ha: three of each, so one can go; dev: one of each
		int expected = overlay.equals("ha") ? 3 : 1;
		assertThat(brokers).as("Kafka nodes").isEqualTo(expected);
		assertThat(instances).as("PostgreSQL instances").isEqualTo(expected);
	}

	@ParameterizedTest
	@FieldSource("overlays")
	void runsThePostgresMajorVersionOfTheLocalStack(String overlay) {
		String image = new Cluster(Manifests.overlay(overlay)).postgres().path("spec").path("imageName").asText();
		String major = Repository.rootProperty("postgres-binaries.version").split("\\.")[0];
		assertThat(image).matches("ghcr\\.io/cloudnative-pg/postgresql:" + major + "(\\..*)?");
	}

	@Test
	void highAvailabilityKeepsTwoPodsOfEveryServiceThatTakesRequests() {
		Cluster cluster = new Cluster(Manifests.overlay("ha"));
		List<JsonNode> budgets = Manifests.ofKind(cluster.objects, "PodDisruptionBudget");
		List<JsonNode> autoscalers = Manifests.ofKind(cluster.objects, "HorizontalPodAutoscaler");
		cluster.deployments().forEach((name, deployment) -> {
			if (name.equals("payment-provider")) {
				// one pod on purpose: its fault knobs live in its memory
				assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(1);
				return;
			}
			assertThat(deployment.path("spec").has("replicas")).as(name + " leaves replicas to its autoscaler")
				.isFalse();
			assertThat(autoscalers).as(name).anySatisfy((hpa) -> {
				assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(name);
				assertThat(hpa.path("spec").path("minReplicas").asInt()).isGreaterThanOrEqualTo(2);
			});
			assertThat(budgets).as(name).anySatisfy((pdb) -> {
				assertThat(pdb.path("spec").path("selector").path("matchLabels").path(NAME).asText()).isEqualTo(name);
				assertThat(pdb.path("spec").path("minAvailable").asInt()).isEqualTo(1);
			});
		});
		assertThat(budgets).hasSize(cluster.deployments().size() - 1);
		assertThat(autoscalers).hasSize(cluster.deployments().size() - 1);
	}

	private static JsonNode container(JsonNode deployment) {
		return deployment.path("spec").path("template").path("spec").path("containers").get(0);
	}

	private static String probe(JsonNode container, String probe) {
		JsonNode get = container.path(probe).path("httpGet");
		return get.path("port").asText() + " " + get.path("path").asText();
	}

	/** One rendered overlay. */
	static final class Cluster {

		final List<JsonNode> objects;

		Cluster(List<JsonNode> objects) {
			this.objects = objects;
		}

		Map<String, JsonNode> deployments() {
			Map<String, JsonNode> deployments = new LinkedHashMap<>();
			Manifests.ofKind(this.objects, "Deployment")
				.forEach((d) -> deployments.put(d.path("metadata").path("name").asText(), d));
			return deployments;
		}

		/**
		 * A Deployment's environment: its ConfigMaps' entries, then its own variables (a
		 * Secret's value reads as "secret:name/key").
		 */
		Map<String, String> environment(String deployment) {
			Map<String, String> environment = new LinkedHashMap<>();
			JsonNode container = container(deployments().get(deployment));
			container.path("envFrom").forEach((source) -> {
				String configMap = source.path("configMapRef").path("name").asText();
				Manifests.named(this.objects, "ConfigMap", configMap)
					.path("data")
					.fields()
					.forEachRemaining((entry) -> environment.put(entry.getKey(), entry.getValue().asText()));
			});
			container.path("env").forEach((variable) -> {
				JsonNode secret = variable.path("valueFrom").path("secretKeyRef");
				environment.put(variable.path("name").asText(), secret.isMissingNode() ? variable.path("value").asText()
						: "secret:" + secret.path("name").asText() + "/" + secret.path("key").asText());
			});
			return environment;
		}

		Map<String, Set<Integer>> servicePorts() {
			Map<String, Set<Integer>> ports = new LinkedHashMap<>();
			Manifests.ofKind(this.objects, "Service").forEach((service) -> {
				Set<Integer> numbers = new HashSet<>();
				service.path("spec").path("ports").forEach((port) -> numbers.add(port.path("port").asInt()));
				ports.put(service.path("metadata").path("name").asText(), numbers);
			});
			return ports;
		}

		JsonNode postgres() {
			List<JsonNode> clusters = Manifests.ofKind(this.objects, "Cluster");
			assertThat(clusters).hasSize(1);
			return clusters.get(0);
		}

		JsonNode kafka() {
			List<JsonNode> kafkas = Manifests.ofKind(this.objects, "Kafka");
			assertThat(kafkas).hasSize(1);
			return kafkas.get(0);
		}

		/** The services CloudNativePG makes for the Cluster, with the PostgreSQL port. */
		Set<String> postgresServices() {
			String name = postgres().path("metadata").path("name").asText();
			return Set.of(name + "-rw:5432", name + "-ro:5432", name + "-r:5432");
		}

		/** The databases the Cluster bootstraps and the Database resources add. */
		Set<String> databases() {
			Set<String> databases = new HashSet<>();
			databases.add(postgres().path("spec").path("bootstrap").path("initdb").path("database").asText());
			String cluster = postgres().path("metadata").path("name").asText();
			Manifests.ofKind(this.objects, "Database")
				.stream()
				.filter((d) -> d.path("spec").path("cluster").path("name").asText().equals(cluster))
				.forEach((d) -> databases.add(d.path("spec").path("name").asText()));
			return databases;
		}

		/** Strimzi's bootstrap service of the plain listener. */
		String kafkaBootstrap() {
			JsonNode listener = kafka().path("spec").path("kafka").path("listeners").get(0);
			return kafka().path("metadata").path("name").asText() + "-kafka-bootstrap:" + listener.path("port").asInt();
		}

	}

}
