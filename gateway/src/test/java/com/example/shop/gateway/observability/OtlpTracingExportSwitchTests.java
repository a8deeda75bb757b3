package com.example.shop.gateway.observability;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpTracingExportSwitchTests {

	@Test
	void turnsExportOffWhileTheEndpointIsEmpty() {
		StandardEnvironment environment = environment(Map.of("management.otlp.tracing.endpoint", ""));

		new OtlpTracingExportSwitch().postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("management.otlp.tracing.export.enabled")).isEqualTo("false");
	}

	@Test
	void leavesExportToSpringBootOnceAnEndpointIsSet() {
		StandardEnvironment environment = environment(
				Map.of("management.otlp.tracing.endpoint", "http://jaeger:4318/v1/traces"));

		new OtlpTracingExportSwitch().postProcessEnvironment(environment, null);

		assertThat(environment.containsProperty("management.otlp.tracing.export.enabled")).isFalse();
	}

	@Test
	void givesWayToAnExplicitSetting() {
		StandardEnvironment environment = environment(
				Map.of("management.otlp.tracing.endpoint", "", "management.otlp.tracing.export.enabled", "true"));

		new OtlpTracingExportSwitch().postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("management.otlp.tracing.export.enabled")).isEqualTo("true");
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(properties)));
		return environment;
	}

}
