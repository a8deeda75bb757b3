package com.example.shop.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The Compose specification's JSON schema (schemas/compose-spec.json, see
 * schemas/SOURCES.md): every service and top-level key is closed, so an unknown or
 * misspelt field fails, as does a value of the wrong type.
 */
final class ComposeSpecification {

	private static final JsonSchema schema = load();

	private ComposeSpecification() {
	}

	/** What is wrong with a compose file; empty when it is valid. */
	static List<String> problems(JsonNode composeFile) {
		return schema.validate(composeFile).stream().map(ValidationMessage::getMessage).sorted().toList();
	}

	/**
	 * Drops draft 4's {@code id} (2019-09 says {@code $id}), which the schema still
	 * carries on the root and on definitions: it only names them and is no keyword of
	 * this draft. (A property called {@code id} has a schema, an object, as its value and
	 * stays.)
	 */
	private static void removeIds(JsonNode node) {
		if (node instanceof ObjectNode object && object.path("id").isTextual()) {
			object.remove("id");
		}
		node.forEach(ComposeSpecification::removeIds);
	}

	private static JsonSchema load() {
		try (InputStream json = ComposeSpecification.class.getResourceAsStream("/schemas/compose-spec.json")) {
			ObjectNode specification = (ObjectNode) YamlFiles.json.readTree(json);
			removeIds(specification);
			return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909).getSchema(specification);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
