package com.example.shop.payments;

import com.example.shop.testing.TestInfrastructure;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/** The real PostgreSQL and Kafka payment-service's integration tests run against. */
@TestConfiguration(proxyBeanMethods = false)
class TestInfrastructureConfiguration {

	@Bean
	DynamicPropertyRegistrar infrastructure() {
		return (registry) -> TestInfrastructure.register(registry, "payments");
	}

}
