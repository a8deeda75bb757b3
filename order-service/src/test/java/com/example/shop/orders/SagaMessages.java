package com.example.shop.orders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.example.shop.messaging.SagaEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.mapping.AbstractJavaTypeMapper;

/**
 * The other services' side of the saga's topics in a test: publishes their events as they
 * would (JSON with the type header) and records what order-service published.
 */
public class SagaMessages implements AutoCloseable {

	private final KafkaTemplate<String, String> kafka;

	private final ObjectMapper json;

	private final Consumer<Object, Object> consumer;

	private final List<ConsumerRecord<Object, Object>> received = new ArrayList<>();

	public SagaMessages(KafkaTemplate<String, String> kafka, ConsumerFactory<Object, Object> consumers,
			ObjectMapper json, String... topics) {
		this.kafka = kafka;
		this.json = json;
		this.consumer = consumers.createConsumer("test-" + UUID.randomUUID(), null);
		this.consumer.subscribe(List.of(topics));
	}

	/** Publishes {@code event} to {@code topic}, keyed by its order id. */
	public void publish(String topic, SagaEvent event) throws Exception {
		ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.orderId().toString(),
				this.json.writeValueAsString(event));
		record.headers()
			.add(AbstractJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME, event.type().getBytes(StandardCharsets.UTF_8));
		this.kafka.send(record).get(10, TimeUnit.SECONDS);
	}

	/**
	 * Every event of type {@code type} for {@code orderId} received so far on
	 * {@code topic}, after one more short poll.
	 */
	public synchronized <T extends SagaEvent> List<T> received(String topic, Class<T> type, UUID orderId) {
		this.consumer.poll(Duration.ofMillis(200)).forEach(this.received::add);
		return this.received.stream()
			.filter((record) -> record.topic().equals(topic))
			.map(ConsumerRecord::value)
			.filter(type::isInstance)
			.map(type::cast)
			.filter((event) -> event.orderId().equals(orderId))
			.toList();
	}

	/**
	 * The values of header {@code name} on the records for {@code orderId} received so
	 * far on {@code topic}, after one more short poll.
	 */
	public synchronized List<String> headers(String topic, UUID orderId, String name) {
		this.consumer.poll(Duration.ofMillis(200)).forEach(this.received::add);
		return this.received.stream()
			.filter((record) -> record.topic().equals(topic) && record.value() instanceof SagaEvent event
					&& event.orderId().equals(orderId))
			.map((record) -> record.headers().lastHeader(name))
			.filter(Objects::nonNull)
			.map((header) -> new String(header.value(), StandardCharsets.UTF_8))
			.toList();
	}

	@Override
	public synchronized void close() {
		this.consumer.close();
	}

}
