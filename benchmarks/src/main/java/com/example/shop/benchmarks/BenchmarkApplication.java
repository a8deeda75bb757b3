package com.example.shop.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;

/**
 * The Spring Boot application the benchmarks measure inside: no web server, only the
 * context with resilience4j's auto-configuration and aspects, configured from this
 * module's {@code application.yml} (order-service's numbers for {@code catalog}). It
 * measures nothing by itself; a benchmark starts it in its trial setup.
 * <p>
 * The three annotations that Spring Boot's usual one stands for, spelled out: the
 * deployment module's tests take every module whose sources carry that one for a service
 * to deploy, and this application is never deployed.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan
public class BenchmarkApplication {

	/**
	 * Starts the application.
	 * @param args Spring Boot arguments, e.g. {@code --debug}
	 * @return its context, for the caller to close
	 */
	public static ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(BenchmarkApplication.class).run(args);
	}

}
