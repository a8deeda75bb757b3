package com.example.shop.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders a kustomization with {@code kubectl kustomize}, exactly what
 * {@code kubectl apply -k} would send to the cluster.
 */
final class Kustomize {

	private Kustomize() {
	}

	static List<JsonNode> render(Path kustomization) {
		try {
			Path errors = Files.createTempFile("kustomize", ".err");
			try {
				Process kubectl = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
					.redirectError(errors.toFile())
					.start();
				kubectl.getOutputStream().close();
				String output = new String(kubectl.getInputStream().readAllBytes());
				if (!kubectl.waitFor(60, TimeUnit.SECONDS)) {
					kubectl.destroyForcibly();
					throw new IllegalStateException("kubectl kustomize " + kustomization + " took over 60 s");
				}
				if (kubectl.exitValue() != 0) {
					throw new IllegalStateException(
							"kubectl kustomize " + kustomization + " failed:\n" + Files.readString(errors));
				}
				return YamlFiles.readAll(output);
			}
			finally {
				Files.deleteIfExists(errors);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run kubectl (1.32 or newer, with kustomize) from the PATH", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
