package com.example.shop.messaging.deadletter;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The {@code deadletters} actuator endpoint, in every service that has actuator and Kafka
 * listeners, when the endpoint is exposed
 * ({@code management.endpoints.web.exposure.include} lists {@code deadletters}).
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, KafkaTemplate.class })
public class DeadLetterConfiguration {

	/** How long one Kafka call of the endpoint may take before it answers an error. */
	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Bean
	@ConditionalOnAvailableEndpoint
	DeadLetterEndpoint deadLetterEndpoint(KafkaProperties kafka,
			ObjectProvider<KafkaListenerEndpointRegistry> registries, Environment environment) {
		String group = kafka.getConsumer().getGroupId();
		if (group == null) {
			group = environment.getProperty("spring.application.name", "shop");
		}
		// The listener containers, looked up on each call: all exist once the context
		// runs.
		Supplier<Collection<MessageListenerContainer>> containers = () -> {
			KafkaListenerEndpointRegistry registry = registries.getIfAvailable();
			return (registry != null) ? registry.getListenerContainers() : List.of();
		};
		return new DeadLetterEndpoint(new DeadLetters(containers, kafka.buildConsumerProperties(null),
				kafka.buildProducerProperties(null), group + ".deadletters", TIMEOUT));
	}

}
