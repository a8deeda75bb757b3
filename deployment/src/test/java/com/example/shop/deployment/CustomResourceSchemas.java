package com.example.shop.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Validates custom resources against the {@code openAPIV3Schema} of their
 * CustomResourceDefinition, kept as data files (see {@code crds/SOURCES.md}), the way the
 * API server does with strict field validation ({@code kubectl apply}'s default): a field
 * the schema does not declare is an error unless the schema says
 * {@code x-kubernetes-preserve-unknown-fields}. CEL rules
 * ({@code x-kubernetes-validations}) are not evaluated.
 */
final class CustomResourceSchemas {

	/** Keys that only document, or that JSON Schema cannot check. */
	private static final Set<String> DROPPED = Set.of("description", "default", "example", "format",
			"x-kubernetes-validations", "x-kubernetes-list-type", "x-kubernetes-list-map-keys", "x-kubernetes-map-type",
			"x-kubernetes-embedded-resource");

	private final Map<String, JsonSchema> schemas;

	private CustomResourceSchemas(Map<String, JsonSchema> schemas) {
		this.schemas = schemas;
	}

	/**
	 * Every CRD in the YAML files of a folder; two definitions of one kind are refused.
	 */
	static CustomResourceSchemas load(Path folder) {
		JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
		Map<String, JsonSchema> schemas = new HashMap<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yaml")).sorted().toList()) {
				for (JsonNode crd : YamlFiles.readAll(file)) {
					String group = crd.path("spec").path("group").asText();
					String kind = crd.path("spec").path("names").path("kind").asText();
					for (JsonNode version : crd.path("spec").path("versions")) {
						String key = group + "/" + version.path("name").asText() + "/" + kind;
						JsonNode schema = toJsonSchema(version.path("schema").path("openAPIV3Schema"));
						if (schemas.put(key, factory.getSchema(schema)) != null) {
							throw new IllegalStateException("Two CRDs define " + key + " (" + file + ")");
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new CustomResourceSchemas(schemas);
	}

	boolean knows(JsonNode object) {
		return this.schemas.containsKey(key(object));
	}

	/** What is wrong with a custom resource; empty when it is valid. */
	List<String> problems(JsonNode object) {
		JsonSchema schema = this.schemas.get(key(object));
		if (schema == null) {
			return List.of("no CRD for " + key(object) + " in crds/");
		}
		List<String> problems = new ArrayList<>();
		for (ValidationMessage message : schema.validate(object)) {
			problems.add(message.getMessage());
		}
		problems.addAll(KubernetesModels.metadataProblems(object));
		return problems;
	}

	private static String key(JsonNode object) {
		return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
	}

	/**
	 * A structural OpenAPI v3 schema as a JSON Schema (draft 4) with the API server's
	 * pruning turned into errors: objects with declared properties are closed.
	 */
	static JsonNode toJsonSchema(JsonNode openApi) {
		if (!openApi.isObject()) {
			return openApi;
		}
		ObjectNode schema = JsonNodeFactory.instance.objectNode();
		boolean preserveUnknown = openApi.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
		for (Iterator<Map.Entry<String, JsonNode>> fields = openApi.fields(); fields.hasNext();) {
			Map.Entry<String, JsonNode> field = fields.next();
			String name = field.getKey();
			JsonNode value = field.getValue();
			if (DROPPED.contains(name) || name.equals("x-kubernetes-preserve-unknown-fields") || name.equals("nullable")
					|| name.equals("x-kubernetes-int-or-string")) {
				continue;
			}
			switch (name) {
				case "properties", "patternProperties" -> {
					ObjectNode properties = schema.putObject(name);
					value.fields().forEachRemaining((p) -> properties.set(p.getKey(), toJsonSchema(p.getValue())));
				}
				case "items", "additionalProperties", "not" -> schema.set(name, toJsonSchema(value));
				case "allOf", "anyOf", "oneOf" -> {
					ArrayNode branches = schema.putArray(name);
					value.forEach((branch) -> branches.add(toJsonSchema(branch)));
				}
				default -> schema.set(name, value.deepCopy());
			}
		}
		if (openApi.path("x-kubernetes-int-or-string").asBoolean(false)) {
			schema.remove("type");
			ArrayNode either = schema.putArray("anyOf");
			either.addObject().put("type", "integer");
			either.addObject().put("type", "string");
		}
		if (openApi.path("nullable").asBoolean(false) && schema.path("type").isTextual()) {
			ArrayNode types = JsonNodeFactory.instance.arrayNode().add(schema.path("type").asText()).add("null");
			schema.set("type", types);
		}
		if ("object".equals(openApi.path("type").asText()) && openApi.has("properties")
				&& !openApi.has("additionalProperties") && !preserveUnknown) {
			schema.put("additionalProperties", false);
		}
		return schema;
	}

}
