package com.example.shop.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The checks fail on a wrong field, not only on a file that does not parse: each test
 * breaks one field of a real manifest (an unknown or misspelt field, a value of the wrong
 * type) and expects the validator to name it, and expects the same manifest unbroken to
 * pass.
 */
class BrokenManifestsTests {

	@Nested
	class BuiltInKinds {

		@Test
		void refusesAnUnknownFieldDeepInADeployment() {
			JsonNode deployment = Manifests.named(Manifests.overlay("dev"), "Deployment", "gateway");
			assertThat(Manifests.problems(deployment)).isEmpty();
			JsonNode broken = broken(deployment,
					(d) -> container(d).with("livenessProbe")
						.withObject("httpGet")
						.put("pathh", "/actuator/health/liveness"));
			assertThat(Manifests.problems(broken)).singleElement().asString().contains("pathh");
		}

		@Test
		void refusesAWordWhereANumberBelongs() {
			JsonNode deployment = Manifests.named(Manifests.overlay("dev"), "Deployment", "catalog-service");
			JsonNode broken = broken(deployment,
					(d) -> ((ObjectNode) container(d).path("ports").get(0)).put("containerPort", "eighty-eighty-one"));
			assertThat(Manifests.problems(broken)).singleElement()
				.asString()
				.contains("Deployment catalog-service")
				.contains("eighty-eighty-one");
		}

		@Test
		void refusesAnObjectWhereAListBelongs() {
			JsonNode policy = Manifests.named(Manifests.overlay("ha"), "NetworkPolicy", "order-service");
			assertThat(Manifests.problems(policy)).isEmpty();
			JsonNode broken = broken(policy, (p) -> ((ObjectNode) p.path("spec")).putObject("ingress"));
			// the generated model names no field here, only the clash of JSON types
			assertThat(Manifests.problems(broken)).singleElement()
				.asString()
				.contains("NetworkPolicy order-service")
				.contains("JsonObject cannot be cast to")
				.contains("JsonArray");
		}

		@Test
		void refusesAMisspeltFieldInAnAutoscaler() {
			JsonNode autoscaler = Manifests.named(Manifests.overlay("ha"), "HorizontalPodAutoscaler", "order-service");
			assertThat(Manifests.problems(autoscaler)).isEmpty();
			JsonNode broken = broken(autoscaler, (a) -> {
				ObjectNode spec = (ObjectNode) a.path("spec");
				spec.set("maxReplica", spec.remove("maxReplicas"));
			});
			assertThat(Manifests.problems(broken)).isNotEmpty().anySatisfy((p) -> assertThat(p).contains("maxReplica"));
		}

	}

	@Nested
	class CustomResources {

		@Test
		void refusesAnUnknownFieldInTheKafkaCluster() {
			JsonNode kafka = Manifests.named(Manifests.overlay("ha"), "Kafka", "shop-kafka");
			assertThat(Manifests.problems(kafka)).isEmpty();
			JsonNode broken = broken(kafka, (k) -> ((ObjectNode) k.path("spec").path("kafka")).put("replicas", 3));
			assertThat(Manifests.problems(broken)).singleElement().asString().contains("replicas");
		}

		@Test
		void refusesAWordWhereTheNodePoolWantsANumber() {
			JsonNode pool = Manifests.named(Manifests.overlay("ha"), "KafkaNodePool", "nodes");
			assertThat(Manifests.problems(pool)).isEmpty();
			JsonNode broken = broken(pool, (p) -> ((ObjectNode) p.path("spec")).put("replicas", "three"));
			assertThat(Manifests.problems(broken)).singleElement().asString().contains("replicas").contains("integer");
		}

		@Test
		void refusesAValueOutsideAnEnumOfThePostgresCluster() {
			JsonNode cluster = Manifests.named(Manifests.overlay("ha"), "Cluster", "shop-db");
			assertThat(Manifests.problems(cluster)).isEmpty();
			JsonNode broken = broken(cluster,
					(c) -> ((ObjectNode) c.path("spec")).put("primaryUpdateStrategy", "automatic"));
			assertThat(Manifests.problems(broken)).singleElement().asString().contains("primaryUpdateStrategy");
		}

		@Test
		void refusesAMisplacedFieldOfThePostgresCluster() {
			JsonNode cluster = Manifests.named(Manifests.overlay("dev"), "Cluster", "shop-db");
			JsonNode broken = broken(cluster, (c) -> ((ObjectNode) c.path("spec")).put("database", "catalog"));
			assertThat(Manifests.problems(broken)).singleElement().asString().contains("database");
		}

		@Test
		void refusesAnUnknownFieldInTheMetadataOfACustomResource() {
			JsonNode database = Manifests.named(Manifests.overlay("dev"), "Database", "shop-db-orders");
			assertThat(Manifests.problems(database)).isEmpty();
			JsonNode broken = broken(database, (d) -> ((ObjectNode) d.path("metadata")).put("label", "x"));
			assertThat(Manifests.problems(broken)).singleElement().asString().contains("label");
		}

	}

	@Nested
	class Overlays {

		@Test
		void aPatchThatAddsAnUnknownFieldFailsOnceRendered(@TempDir Path overlay) throws IOException {
			Files.writeString(overlay.resolve("kustomization.yaml"), """
					apiVersion: kustomize.config.k8s.io/v1beta1
					kind: Kustomization
					resources:
					  - %s
					patches:
					  - target:
					      kind: Deployment
					      name: gateway
					    patch: |-
					      - op: add
					        path: /spec/template/spec/containers/0/resource
					        value:
					          limits:
					            memory: 1Gi
					""".formatted(relative(overlay, "k8s/overlays/dev")));
			List<JsonNode> objects = Kustomize.render(overlay);
			assertThat(objects.stream().flatMap((o) -> Manifests.problems(o).stream())).singleElement()
				.asString()
				.contains("Deployment gateway")
				.contains("resource");
		}

		@Test
		void anOverlayThatDoesNotRenderFails(@TempDir Path overlay) throws IOException {
			Files.writeString(overlay.resolve("kustomization.yaml"), """
					resources:
					  - %s
					  - missing.yaml
					""".formatted(relative(overlay, "k8s/overlays/dev")));
			assertThatIllegalStateException().isThrownBy(() -> Kustomize.render(overlay))
				.withMessageContaining("missing.yaml");
		}

	}

	@Nested
	class ComposeFiles {

		private final JsonNode compose = YamlFiles.readOne(Repository.file("docker-compose.yml"));

		@Test
		void refusesAMisspeltHealthcheckField() {
			JsonNode broken = broken(this.compose,
					(c) -> ((ObjectNode) c.path("services").path("payment").path("healthcheck")).set("intervall",
							((ObjectNode) c.path("services").path("payment").path("healthcheck")).remove("interval")));
			assertThat(ComposeSpecification.problems(broken)).singleElement().asString().contains("intervall");
		}

		@Test
		void refusesAListWhereTheMemoryLimitIsAValue() {
			JsonNode broken = broken(this.compose,
					(c) -> ((ObjectNode) c.path("services")
						.path("catalog")
						.path("deploy")
						.path("resources")
						.path("limits")).putArray("memory").add("512M"));
			assertThat(ComposeSpecification.problems(broken)).isNotEmpty()
				.allSatisfy((p) -> assertThat(p).contains("memory"));
		}

		@Test
		void refusesAnUnknownDependencyCondition() {
			JsonNode broken = broken(this.compose,
					(c) -> ((ObjectNode) c.path("services").path("gateway").path("depends_on").path("catalog"))
						.put("condition", "service_ready"));
			assertThat(ComposeSpecification.problems(broken)).isNotEmpty()
				.anySatisfy((p) -> assertThat(p).contains("condition"));
		}

		@Test
		void refusesAnUnknownServiceField() {
			JsonNode broken = broken(this.compose,
					(c) -> ((ObjectNode) c.path("services").path("gateway")).put("memory_limit", "384M"));
			assertThat(ComposeSpecification.problems(broken)).singleElement().asString().contains("memory_limit");
		}

	}

	/** kustomize takes no absolute paths. */
	private static Path relative(Path from, String to) {
		return from.toAbsolutePath().relativize(Repository.file(to).toAbsolutePath());
	}

	private static JsonNode broken(JsonNode manifest, Consumer<ObjectNode> change) {
		ObjectNode copy = manifest.deepCopy();
		change.accept(copy);
		return copy;
	}

	private static ObjectNode container(ObjectNode deployment) {
		return (ObjectNode) ((ArrayNode) deployment.path("spec").path("template").path("spec").path("containers"))
			.get(0);
	}

}
