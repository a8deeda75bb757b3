package com.example.shop.gateway.observability;

import java.util.Map;

import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanExportingPredicate;

import org.springframework.stereotype.Component;

/**
 * Keeps the operators' traffic out of the exported traces: probes and scrapes
 * ({@code /actuator/**}), the load balancer's health checks of order-service, and the
 * dashboard page with its stream ({@code /dashboard/**}), every few seconds each. They
 * are still timed and still get trace ids; only their spans are not sent, so the shop's
 * own requests stand out. (The servlet services do the same in module operations.)
 */
@Component
class OperatorTrafficSpans implements SpanExportingPredicate {

	@Override
	public boolean isExportable(FinishedSpan span) {
		Map<String, String> tags = span.getTags();
		return !operators(tags.get("uri")) && !operators(tags.get("http.url"));
	}

	/** A path or URL under {@code /actuator} or {@code /dashboard}. */
	private static boolean operators(String pathOrUrl) {
		if (pathOrUrl == null) {
			return false;
		}
		int scheme = pathOrUrl.indexOf("://");
		String path = (scheme < 0) ? pathOrUrl : pathOrUrl.substring(Math.max(0, pathOrUrl.indexOf('/', scheme + 3)));
		return path.startsWith("/actuator") || path.startsWith("/dashboard");
	}

}
