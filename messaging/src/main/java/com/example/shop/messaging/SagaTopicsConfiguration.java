package com.example.shop.messaging;

import java.util.List;

import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Declares the saga's topics and their dead-letter topics, so whichever service starts
 * first creates them with the partitions and replication the environment asks for (1
 * replica locally, 3 with three brokers).
 */
@AutoConfiguration
@ConditionalOnClass(KafkaAdmin.class)
@EnableConfigurationProperties(SagaTopicsConfiguration.TopicProperties.class)
public class SagaTopicsConfiguration {

	@Bean
	KafkaAdmin.NewTopics sagaTopics(TopicProperties properties) {
		List<NewTopic> topics = List.of(Topics.ORDERS, Topics.STOCK, Topics.PAYMENT_REQUESTS, Topics.PAYMENTS)
			.stream()
			.flatMap((name) -> List.of(name, name + Topics.DEAD_LETTER_SUFFIX).stream())
			.map((name) -> TopicBuilder.name(name)
				.partitions(properties.partitions())
				.replicas(properties.replicationFactor())
				.build())
			.toList();
		return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
	}

	/** Partitions and replication factor of every saga topic. */
	@ConfigurationProperties("shop.messaging.topics")
	public record TopicProperties(@DefaultValue("3") int partitions, @DefaultValue("1") short replicationFactor) {
	}

}
