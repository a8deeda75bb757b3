package com.example.shop.operations;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * An empty {@code management.otlp.tracing.endpoint} (what
 * {@code ${OTLP_TRACING_ENDPOINT:}} gives while the variable is unset) means "no export".
 * Spring Boot takes any value as an endpoint and would build an exporter for the empty
 * URL, which fails; so then {@code management.otlp.tracing.export.enabled} defaults to
 * false (set, it wins: this source comes last). Trace ids, propagation and their place in
 * the logs stay: only the OTLP exporter, and its connection attempts, are left out.
 */
class OtlpTracingExportSwitch implements EnvironmentPostProcessor, Ordered {

	static final String ENDPOINT = "management.otlp.tracing.endpoint";

	static final String EXPORT_ENABLED = "management.otlp.tracing.export.enabled";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String endpoint = environment.getProperty(ENDPOINT);
		if (endpoint != null && endpoint.isBlank()) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("otlpTracingWithoutEndpoint", Map.of(EXPORT_ENABLED, "false")));
		}
	}

	// After the configuration files are read.
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
