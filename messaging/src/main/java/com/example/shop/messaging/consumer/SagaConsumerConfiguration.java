package com.example.shop.messaging.consumer;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.example.shop.messaging.Topics;
import com.example.shop.messaging.deadletter.DeadLetterMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.kafka.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.JsonSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How every saga listener reads and fails: typed events from the type header, bounded
 * retries with exponential backoff, then the dead-letter topic. Nothing is dropped
 * silently and a poison message never blocks a partition.
 */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(ConsumerRetryProperties.class)
public class SagaConsumerConfiguration {

	@Bean
	DefaultKafkaConsumerFactoryCustomizer sagaEventConsumerFactory(ObjectMapper json) {
		return (factory) -> {
			// A crashed consumer's partitions move to a live one after 10 s, not Kafka's
			// default 45 s.
			factory.updateConfigs(Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
					ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
					2_000));
			@SuppressWarnings("unchecked")
			DefaultKafkaConsumerFactory<Object, Object> typed = (DefaultKafkaConsumerFactory<Object, Object>) factory;
			typed.setValueDeserializerSupplier(() -> SagaEventDeserializer.create(json));
		};
	}

	@Bean
	CommonErrorHandler sagaErrorHandler(KafkaProperties kafka, ConsumerRetryProperties retry, ObjectMapper json,
			ObjectProvider<MeterRegistry> meters) {
		Map<String, Object> producer = kafka.buildProducerProperties(null);
		producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		DelegatingByTypeSerializer values = new DelegatingByTypeSerializer(
				// No type info of its own: the dead letter keeps the original record's
				// type
				// header (the event's simple name), so a re-drive sends it back
				// unchanged.
				Map.of(byte[].class, new ByteArraySerializer(), Object.class, new JsonSerializer<>(json).noTypeInfo()),
				true);
		KafkaTemplate<Object, Object> deadLetters = new KafkaTemplate<>(
				new DefaultKafkaProducerFactory<>(producer, null, values));
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(deadLetters,
				(record, ex) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, -1));
		// Counted once the dead letter is written (a failed publish throws and is
		// retried).
		ConsumerAwareRecordRecoverer recoverer = (record, consumer, ex) -> {
			publisher.accept(record, consumer, ex);
			meters.ifAvailable(
					(registry) -> DeadLetterMetrics.deadLettered(registry, record.topic() + Topics.DEAD_LETTER_SUFFIX));
		};
		ExponentialBackOff bounded = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
		bounded.setMaxInterval(retry.maxInterval().toMillis());
		bounded.setMaxAttempts(retry.attempts());
		ExponentialBackOff unbounded = new ExponentialBackOff(retry.initialInterval().toMillis(), retry.multiplier());
		unbounded.setMaxInterval(retry.transientMaxInterval().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, bounded);
		handler.setBackOffFunction((record, ex) -> TransientFailures.isTransient(ex) ? unbounded : null);
		return handler;
	}

}
