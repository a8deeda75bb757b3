package com.example.shop.payments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.example.shop.messaging.SagaEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.support.mapping.AbstractJavaTypeMapper;

/**
 * The saga's topics as another service sees them: publish an event the way the outbox
 * relay does, read what was published for an order, and tell whether a consumer group has
 * read everything.
 */
final class SagaTopics {

	private final String bootstrapServers;

	private final ObjectMapper json;

	SagaTopics(String bootstrapServers, ObjectMapper json) {
		this.bootstrapServers = bootstrapServers;
		this.json = json;
	}

	void publish(String topic, SagaEvent event) throws Exception {
		publish(topic, event, Map.of());
	}

	/** Publishes {@code event} with extra headers, a {@code traceparent} say. */
	void publish(String topic, SagaEvent event, Map<String, String> headers) throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers), new StringSerializer(),
				new StringSerializer())) {
			ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.orderId().toString(),
					serialize(event));
			record.headers()
				.add(AbstractJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME, event.type().getBytes(StandardCharsets.UTF_8));
			headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
			producer.send(record).get(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * Everything on {@code topic} keyed by {@code orderId}, from the beginning to the
	 * current end.
	 */
	List<ConsumerRecord<String, String>> recordsFor(String topic, UUID orderId) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
						ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new StringDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((partition) -> new TopicPartition(topic, partition.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, String>> found = new ArrayList<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < end.get(partition))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read " + topic + " to its end");
				}
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					if (orderId.toString().equals(record.key())) {
						found.add(record);
					}
				}
			}
			return found;
		}
	}

	/** Whether {@code group} has committed every record of {@code topic}. */
	boolean consumedAll(String group, String topic) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers))) {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.forEach((partition) -> latest.put(new TopicPartition(topic, partition.partition()),
						OffsetSpec.latest()));
			return admin.listOffsets(latest).all().get().entrySet().stream().allMatch((end) -> {
				OffsetAndMetadata offset = committed.get(end.getKey());
				long read = (offset != null) ? offset.offset() : 0;
				return read >= end.getValue().offset();
			});
		}
	}

	private String serialize(SagaEvent event) {
		try {
			return this.json.writeValueAsString(event);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
