package com.example.shop.catalog;

import com.example.shop.testing.TestInfrastructure;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Real PostgreSQL (primary and streaming replica) and Kafka for the integration tests.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestInfrastructureConfiguration {

	public static final String DATABASE = "catalog";

	@Bean
	DynamicPropertyRegistrar infrastructure() {
		return (registry) -> {
			TestInfrastructure.register(registry, DATABASE);
			registry.add("shop.catalog.replica.url", () -> TestInfrastructure.replicaJdbcUrl(DATABASE));
		};
	}

}
