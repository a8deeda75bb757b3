package com.example.shop.operations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;

/**
 * The test application as {@code ./shop up} runs a service: profile {@code chaos-monkey},
 * the monkey loaded but disabled, watching REST controllers, and an operator account. One
 * annotation, so every test class shares one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = OperationsTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.security.user.name=" + OperationsTest.USER,
				"spring.security.user.password=" + OperationsTest.PASSWORD,
				"management.endpoints.web.exposure.include=health,info,metrics,prometheus,chaosmonkey,loggers",
				"management.endpoint.chaosmonkey.access=unrestricted", "chaos.monkey.enabled=false",
				"chaos.monkey.watcher.rest-controller=true", "chaos.monkey.assaults.level=1",
				"management.endpoint.health.probes.enabled=true" })
@ActiveProfiles("chaos-monkey")
// Prometheus is what is scraped; tests leave metrics export off unless asked.
@AutoConfigureObservability(tracing = false)
@interface OperationsTest {

	String USER = "operator";

	String PASSWORD = "test-only-secret";

}
