package com.example.shop.operations;

import java.util.Map;

import io.micrometer.tracing.exporter.FinishedSpan;
import io.micrometer.tracing.exporter.SpanExportingPredicate;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Keeps the operators' own traffic and the schedulers' idle rounds out of the exported
 * traces. Probes, scrapes, the load balancer's health checks and the dashboard's looks
 * hit {@code /actuator/**} every few seconds, and payment-service's retrier looks for due
 * payments twice a second: as traces they would bury the shop's. They are still timed and
 * still get trace ids; only their own spans are not sent (a charge a retrier round makes
 * keeps its spans).
 */
@AutoConfiguration
@ConditionalOnClass(SpanExportingPredicate.class)
public class OperationsTracesConfiguration {

	@Bean
	SpanExportingPredicate noOperationsSpans() {
		return OperationsTracesConfiguration::exportable;
	}

	static boolean exportable(FinishedSpan span) {
		Map<String, String> tags = span.getTags();
		if (actuator(tags.get("uri")) || actuator(tags.get("http.url"))) {
			return false;
		}
		// Spring's name for a @Scheduled method's span: "task <bean>.<method>"
		return span.getName() == null || !span.getName().startsWith("task ");
	}

	/** A path or URL under {@code /actuator}. */
	private static boolean actuator(String pathOrUrl) {
		if (pathOrUrl == null) {
			return false;
		}
		int scheme = pathOrUrl.indexOf("://");
		String path = (scheme < 0) ? pathOrUrl : pathOrUrl.substring(Math.max(0, pathOrUrl.indexOf('/', scheme + 3)));
		return path.startsWith("/actuator");
	}

}
