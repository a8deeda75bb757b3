package com.example.shop.deployment;

import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;

/**
 * Validates built-in Kubernetes objects against the API's OpenAPI models, as generated in
 * the Kubernetes Java client (io.kubernetes:client-java-api, the models of Kubernetes
 * 1.32): {@code validateJsonElement} refuses a field the model does not have (at any
 * depth), a missing required field and an object or array where the other is expected;
 * reading the object into the model then refuses a value of the wrong type (a word where
 * a number belongs).
 */
final class KubernetesModels {

	private static final Map<String, Class<?>> MODELS = Map.of("v1/Namespace", V1Namespace.class, "v1/Service",
			V1Service.class, "v1/ConfigMap", V1ConfigMap.class, "v1/Secret", V1Secret.class, "apps/v1/Deployment",
			V1Deployment.class, "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class,
			"autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class,
			"networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class, "networking.k8s.io/v1/Ingress",
			V1Ingress.class);

	private KubernetesModels() {
	}

	static boolean knows(JsonNode object) {
		return MODELS.containsKey(key(object));
	}

	/** What is wrong with a built-in object; empty when it is valid. */
	static List<String> problems(JsonNode object) {
		Class<?> model = MODELS.get(key(object));
		if (model == null) {
			return List.of("no model for " + key(object) + " (add it to KubernetesModels)");
		}
		return problems(object, model);
	}

	/** What is wrong with any object's metadata (custom resources included). */
	static List<String> metadataProblems(JsonNode object) {
		JsonNode metadata = object.path("metadata");
		if (!metadata.isObject()) {
			return List.of("metadata is missing");
		}
		return problems(metadata, V1ObjectMeta.class);
	}

	private static List<String> problems(JsonNode object, Class<?> model) {
		JsonElement json = JsonParser.parseString(object.toString());
		try {
			model.getMethod("validateJsonElement", JsonElement.class).invoke(null, json);
		}
		catch (InvocationTargetException ex) {
			return List.of(String.valueOf(ex.getCause().getMessage()));
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
		try {
			JSON.getGson().fromJson(json, model);
		}
		catch (JsonParseException | IllegalArgumentException | IllegalStateException ex) {
			return List.of(model.getSimpleName() + ": " + ex.getMessage());
		}
		return List.of();
	}

	private static String key(JsonNode object) {
		return object.path("apiVersion").asText() + "/" + object.path("kind").asText();
	}

}
