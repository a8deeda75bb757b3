package com.example.shop.orders;

import com.example.shop.testing.TestInfrastructure;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Real PostgreSQL and Kafka for the {@code orders} database, and a WireMock server that
 * plays catalog-service over real HTTP.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestInfrastructureConfiguration {

	@Bean
	DynamicPropertyRegistrar infrastructure() {
		return (registry) -> TestInfrastructure.register(registry, "orders");
	}

	@Bean(initMethod = "start", destroyMethod = "stop")
	WireMockServer catalog() {
		return new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(20));
	}

	@Bean
	DynamicPropertyRegistrar catalogUrl(WireMockServer catalog) {
		return (registry) -> {
			registry.add("shop.catalog.base-url", catalog::baseUrl);
			// room for the tests that hold a request inside a slow catalog call
			registry.add("shop.catalog.read-timeout", () -> "5s");
		};
	}

}
