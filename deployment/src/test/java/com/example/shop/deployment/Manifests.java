package com.example.shop.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rendered overlays and the schemas they are checked against, each made once per test
 * run.
 */
final class Manifests {

	static final List<String> OVERLAYS = List.of("dev", "ha");

	private static final Map<String, List<JsonNode>> rendered = new ConcurrentHashMap<>();

	private static volatile CustomResourceSchemas crds;

	private Manifests() {
	}

	static List<JsonNode> overlay(String name) {
		return rendered.computeIfAbsent(name,
				(overlay) -> Kustomize.render(Repository.file("k8s/overlays/" + overlay)));
	}

	static CustomResourceSchemas crds() {
		if (crds == null) {
			crds = CustomResourceSchemas.load(Path.of(resource("/crds")));
		}
		return crds;
	}

	/** What is wrong with a rendered object, by the built-in models or its CRD. */
	static List<String> problems(JsonNode object) {
		List<String> problems = new ArrayList<>();
		if (KubernetesModels.knows(object)) {
			problems.addAll(KubernetesModels.problems(object));
		}
		else {
			problems.addAll(crds().problems(object));
		}
		return problems.stream().map((problem) -> id(object) + ": " + problem).toList();
	}

	static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
		return objects.stream().filter((o) -> o.path("kind").asText().equals(kind)).toList();
	}

	static JsonNode named(List<JsonNode> objects, String kind, String name) {
		return ofKind(objects, kind).stream()
			.filter((o) -> o.path("metadata").path("name").asText().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + kind + " " + name));
	}

	static String id(JsonNode object) {
		return object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
	}

	private static java.net.URI resource(String name) {
		try {
			return Manifests.class.getResource(name).toURI();
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
