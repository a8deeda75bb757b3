package com.example.shop.deployment;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every object {@code kubectl kustomize} renders from each overlay is valid: built-in
 * kinds against the Kubernetes 1.32 API models, CloudNativePG and Strimzi resources
 * against their CRD schemas.
 */
class KubernetesManifestsTests {

	static final List<String> overlays = Manifests.OVERLAYS;

	@ParameterizedTest
	@FieldSource("overlays")
	void everyRenderedObjectIsValid(String overlay) {
		List<JsonNode> objects = Manifests.overlay(overlay);
		assertThat(objects).hasSizeGreaterThan(20);
		List<String> problems = new ArrayList<>();
		objects.forEach((object) -> problems.addAll(Manifests.problems(object)));
		assertThat(problems).isEmpty();
	}

	@ParameterizedTest
	@FieldSource("overlays")
	void everyObjectHasAKindWeCanCheck(String overlay) {
		assertThat(Manifests.overlay(overlay))
			.allSatisfy((object) -> assertThat(KubernetesModels.knows(object) || Manifests.crds().knows(object))
				.as(Manifests.id(object))
				.isTrue());
	}

	@ParameterizedTest
	@FieldSource("overlays")
	void everyObjectLandsInTheOverlaysNamespace(String overlay) {
		String namespace = Manifests
			.named(Manifests.overlay(overlay), "Namespace", overlay.equals("ha") ? "shop" : "shop-dev")
			.path("metadata")
			.path("name")
			.asText();
		assertThat(Manifests.overlay(overlay)).filteredOn((o) -> !o.path("kind").asText().equals("Namespace"))
			.allSatisfy((o) -> assertThat(o.path("metadata").path("namespace").asText()).as(Manifests.id(o))
				.isEqualTo(namespace));
	}

}
