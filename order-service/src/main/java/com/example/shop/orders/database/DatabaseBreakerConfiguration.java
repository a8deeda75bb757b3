package com.example.shop.orders.database;

import javax.sql.DataSource;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the {@code orders-db} circuit breaker (numbers under
 * {@code resilience4j.circuitbreaker.instances.orders-db}) in front of the application's
 * connection pool: writes answer 503 fast while the primary is down, and everything that
 * uses the database (web requests, Kafka listeners, the outbox relay) shares one view of
 * its health.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseBreakerConfiguration {

	static final String ORDERS_DB = "orders-db";

	@Bean
	static BeanPostProcessor databaseBreaker(ObjectProvider<CircuitBreakerRegistry> breakers) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof DataSource pool && !(bean instanceof CircuitBreakingDataSource)) {
					return new CircuitBreakingDataSource(pool, breakers.getObject().circuitBreaker(ORDERS_DB));
				}
				return bean;
			}
		};
	}

}
