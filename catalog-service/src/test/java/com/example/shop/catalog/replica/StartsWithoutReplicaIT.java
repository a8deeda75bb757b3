package com.example.shop.catalog.replica;

import com.example.shop.catalog.TestInfrastructureConfiguration;
import com.example.shop.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica that is down when the service starts does not stop it: it starts, serves
 * reads from the primary and reports itself healthy.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		// Its own context: keep its listener out of the other tests' consumer group.
		properties = "spring.kafka.listener.auto-startup=false")
class StartsWithoutReplicaIT {

	@Autowired
	private TestRestTemplate rest;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private PlatformTransactionManager transactionManager;

	@Test
	void servesReadsFromThePrimary() {
		ResponseEntity<String> products = this.rest.getForEntity("/api/products", String.class);

		assertThat(products.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(products.getBody()).contains("\"totalElements\"");
		assertThat(this.rest.getForEntity("/api/products/1", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
		TransactionTemplate readOnly = new TransactionTemplate(this.transactionManager);
		readOnly.setReadOnly(true);
		Boolean inRecovery = readOnly
			.execute((status) -> this.jdbc.sql("SELECT pg_is_in_recovery()").query(Boolean.class).single());
		assertThat(inRecovery).as("read-only transaction on a standby").isFalse();
	}

	@Test
	void reportsItselfHealthy() {
		ResponseEntity<String> health = this.rest.getForEntity("/actuator/health", String.class);

		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(health.getBody()).contains("\"status\":\"UP\"");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class NoReplicaConfiguration {

		@Bean
		DynamicPropertyRegistrar infrastructureWithoutReplica() {
			return (registry) -> {
				TestInfrastructure.register(registry, TestInfrastructureConfiguration.DATABASE);
				// Nothing listens on port 1.
				registry.add("shop.catalog.replica.url", () -> "jdbc:postgresql://127.0.0.1:1/catalog");
			};
		}

	}

}
