package com.example.shop.provider;

import com.example.shop.testing.TestInfrastructure;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/** The real PostgreSQL the provider's integration tests run against. */
@TestConfiguration(proxyBeanMethods = false)
class TestInfrastructureConfiguration {

	@Bean
	DynamicPropertyRegistrar infrastructure() {
		return (registry) -> TestInfrastructure.register(registry, "provider");
	}

}
