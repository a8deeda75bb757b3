package com.example.shop.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * YAML as the tools read it: anchors, aliases and merge keys ({@code <<}) resolved, as
 * Compose does, then turned into Jackson trees for the schema validators.
 */
final class YamlFiles {

	static final ObjectMapper json = new ObjectMapper();

	private YamlFiles() {
	}

	static List<JsonNode> readAll(String text) {
		LoaderOptions options = new LoaderOptions();
		options.setCodePointLimit(16 * 1024 * 1024);
		List<JsonNode> documents = new ArrayList<>();
		for (Object document : new Yaml(new SafeConstructor(options)).loadAll(text)) {
			if (document != null) {
				documents.add(json.valueToTree(document));
			}
		}
		return documents;
	}

	static List<JsonNode> readAll(Path file) {
		return readAll(read(file));
	}

	static JsonNode readOne(Path file) {
		List<JsonNode> documents = readAll(file);
		if (documents.size() != 1) {
			throw new IllegalStateException(file + " holds " + documents.size() + " YAML documents, not one");
		}
		return documents.get(0);
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
