package com.example.shop.deployment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The NetworkPolicies of one namespace, read the way Kubernetes applies them: a pod
 * selected by a policy of a direction accepts (or sends) only what one of those policies
 * allows; policies add up. Only label selectors (matchLabels) and TCP ports are
 * interpreted, which is all the shop's policies use.
 */
final class NetworkPolicies {

	private final List<JsonNode> policies;

	NetworkPolicies(List<JsonNode> objects) {
		this.policies = Manifests.ofKind(objects, "NetworkPolicy");
	}

	/** A connection from pods with these labels to pods with those, on a port. */
	record Flow(Map<String, String> from, Map<String, String> to, int port) {
	}

	boolean deniesEverythingByDefault() {
		return this.policies.stream()
			.anyMatch((p) -> p.path("spec").path("podSelector").isEmpty()
					&& p.path("spec").path("policyTypes").toString().contains("Ingress")
					&& p.path("spec").path("policyTypes").toString().contains("Egress")
					&& p.path("spec").path("ingress").isMissingNode() && p.path("spec").path("egress").isMissingNode());
	}

	/**
	 * Both ends agree: an egress rule of the source and an ingress rule of the target.
	 */
	boolean allows(Flow flow) {
		return allowed("egress", "to", flow.from(), flow.to(), flow.port())
				&& allowed("ingress", "from", flow.to(), flow.from(), flow.port());
	}

	/**
	 * Every flow the egress rules of these pods allow towards one another, on the ports
	 * the rules name.
	 */
	List<Flow> allowedFlowsBetween(Collection<Map<String, String>> pods) {
		List<Flow> flows = new ArrayList<>();
		for (Map<String, String> from : pods) {
			for (JsonNode policy : selecting(from, "Egress")) {
				for (JsonNode rule : policy.path("spec").path("egress")) {
					for (JsonNode peer : rule.path("to")) {
						for (Map<String, String> to : pods) {
							if (peer.has("podSelector") && !peer.has("namespaceSelector")
									&& matches(peer.path("podSelector"), to)) {
								rule.path("ports")
									.forEach((port) -> flows.add(new Flow(from, to, port.path("port").asInt())));
							}
						}
					}
				}
			}
		}
		return flows;
	}

	/**
	 * An ingress rule of the pods admits this namespace (by its name label) on the port.
	 */
	boolean admitsFromNamespace(Map<String, String> pods, String namespace, int port) {
		for (JsonNode policy : selecting(pods, "Ingress")) {
			for (JsonNode rule : policy.path("spec").path("ingress")) {
				for (JsonNode peer : rule.path("from")) {
					if (namespace.equals(peer.path("namespaceSelector")
						.path("matchLabels")
						.path("kubernetes.io/metadata.name")
						.asText()) && hasPort(rule, port)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private boolean allowed(String direction, String peers, Map<String, String> pod, Map<String, String> other,
			int port) {
		String type = direction.equals("egress") ? "Egress" : "Ingress";
		for (JsonNode policy : selecting(pod, type)) {
			for (JsonNode rule : policy.path("spec").path(direction)) {
				for (JsonNode peer : rule.path(peers)) {
					if (peer.has("podSelector") && !peer.has("namespaceSelector")
							&& matches(peer.path("podSelector"), other) && hasPort(rule, port)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	private List<JsonNode> selecting(Map<String, String> pod, String type) {
		return this.policies.stream()
			.filter((p) -> p.path("spec").path("policyTypes").toString().contains(type))
			.filter((p) -> matches(p.path("spec").path("podSelector"), pod))
			.toList();
	}

	private static boolean hasPort(JsonNode rule, int port) {
		if (rule.path("ports").isMissingNode()) {
			return true;
		}
		for (JsonNode allowed : rule.path("ports")) {
			if (allowed.path("port").asInt() == port) {
				return true;
			}
		}
		return false;
	}

	private static boolean matches(JsonNode selector, Map<String, String> labels) {
		if (selector.has("matchExpressions")) {
			throw new IllegalStateException("matchExpressions in a NetworkPolicy selector: not interpreted here");
		}
		for (Iterator<Map.Entry<String, JsonNode>> required = selector.path("matchLabels").fields(); required
			.hasNext();) {
			Map.Entry<String, JsonNode> label = required.next();
			if (!label.getValue().asText().equals(labels.get(label.getKey()))) {
				return false;
			}
		}
		return true;
	}

}
