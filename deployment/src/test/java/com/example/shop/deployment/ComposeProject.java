package com.example.shop.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Compose project as {@code docker compose -f ... -f ...} sees it: the files merged in
 * order (mappings merged key by key, anything else replaced), and only the services of no
 * profile, or of an enabled one.
 */
final class ComposeProject {

	private final JsonNode model;

	private final List<String> profiles;

	private ComposeProject(JsonNode model, List<String> profiles) {
		this.model = model;
		this.profiles = profiles;
	}

	static ComposeProject of(List<Path> files, List<String> profiles) {
		ObjectNode merged = YamlFiles.json.createObjectNode();
		for (Path file : files) {
			merge(merged, YamlFiles.readOne(file));
		}
		return new ComposeProject(merged, profiles);
	}

	JsonNode model() {
		return this.model;
	}

	/** The services that start, by name. */
	Map<String, Service> services() {
		Map<String, Service> services = new LinkedHashMap<>();
		this.model.path("services").fields().forEachRemaining((entry) -> {
			Service service = new Service(entry.getKey(), entry.getValue());
			if (service.profiles().isEmpty() || service.profiles().stream().anyMatch(this.profiles::contains)) {
				services.put(entry.getKey(), service);
			}
		});
		return services;
	}

	private static void merge(ObjectNode target, JsonNode source) {
		for (Iterator<Map.Entry<String, JsonNode>> fields = source.fields(); fields.hasNext();) {
			Map.Entry<String, JsonNode> field = fields.next();
			JsonNode existing = target.get(field.getKey());
			if (existing instanceof ObjectNode object && field.getValue().isObject()) {
				merge(object, field.getValue());
			}
			else {
				target.set(field.getKey(), field.getValue().deepCopy());
			}
		}
	}

	/** One service of the project. */
	record Service(String name, JsonNode definition) {

		/** The Spring Boot module its image is built from, if it is built here. */
		Optional<String> module() {
			JsonNode module = this.definition.path("build").path("args").path("MODULE");
			return module.isTextual() ? Optional.of(module.asText()) : Optional.empty();
		}

		String image() {
			return this.definition.path("image").asText();
		}

		List<String> profiles() {
			List<String> profiles = new ArrayList<>();
			this.definition.path("profiles").forEach((profile) -> profiles.add(profile.asText()));
			return profiles;
		}

		Map<String, String> environment() {
			Map<String, String> environment = new LinkedHashMap<>();
			JsonNode node = this.definition.path("environment");
			if (node.isObject()) {
				node.fields().forEachRemaining((e) -> environment.put(e.getKey(), e.getValue().asText()));
			}
			else {
				node.forEach((line) -> {
					String[] pair = line.asText().split("=", 2);
					environment.put(pair[0], (pair.length > 1) ? pair[1] : "");
				});
			}
			return environment;
		}

		JsonNode healthcheck() {
			return this.definition.path("healthcheck");
		}

		JsonNode dependsOn() {
			return this.definition.path("depends_on");
		}

		JsonNode ports() {
			return this.definition.path("ports");
		}

	}

}
