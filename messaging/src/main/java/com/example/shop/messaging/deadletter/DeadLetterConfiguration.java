package com.example.shop.messaging.deadletter;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The dead letters of the topics this service's listeners consume, in every service that
 * has actuator and Kafka listeners: the {@code deadletters} actuator endpoint, when it is
 * exposed ({@code management.endpoints.web.exposure.include} lists {@code deadletters}),
 * and their metrics wherever there is a meter registry.
 */
@AutoConfiguration(after = { KafkaAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, KafkaTemplate.class })
@EnableConfigurationProperties(DeadLetterProperties.class)
public class DeadLetterConfiguration {

	@Bean
	DeadLetters deadLetters(KafkaProperties kafka, ObjectProvider<KafkaListenerEndpointRegistry> registries,
			Environment environment, DeadLetterProperties properties) {
		// The listener containers, looked up on each call: all exist once the context
		// runs.
		Supplier<Collection<MessageListenerContainer>> containers = () -> {
			KafkaListenerEndpointRegistry registry = registries.getIfAvailable();
			return (registry != null) ? registry.getListenerContainers() : List.of();
		};
		return new DeadLetters(containers, kafka.buildConsumerProperties(null), kafka.buildProducerProperties(null),
				group(kafka, environment), properties.timeout());
	}

	/** The dead-letter group: the listeners' group id + {@code .deadletters}. */
	private static String group(KafkaProperties kafka, Environment environment) {
		String group = kafka.getConsumer().getGroupId();
		if (group == null) {
			group = environment.getProperty("spring.application.name", "shop");
		}
		return group + ".deadletters";
	}

	@Bean
	@ConditionalOnAvailableEndpoint
	DeadLetterEndpoint deadLetterEndpoint(DeadLetters deadLetters) {
		return new DeadLetterEndpoint(deadLetters);
	}

	@Bean
	@ConditionalOnBean(MeterRegistry.class)
	DeadLetterMetrics deadLetterMetrics(DeadLetters deadLetters, KafkaProperties kafka, Environment environment,
			MeterRegistry registry, DeadLetterProperties properties) {
		return new DeadLetterMetrics(deadLetters, kafka.buildAdminProperties(null), group(kafka, environment), registry,
				properties.metricsInterval(), properties.timeout());
	}

}
