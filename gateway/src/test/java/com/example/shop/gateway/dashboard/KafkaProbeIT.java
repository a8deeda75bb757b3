package com.example.shop.gateway.dashboard;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's lag probe against a real KRaft broker: a consumer group's lag is the
 * records written after its last commit, it keeps growing while nobody consumes, and a
 * broker that is gone is reported unreachable within the timeout.
 */
class KafkaProbeIT {

	private static final String TOPIC = "shop.orders";

	private EmbeddedKafkaKraftBroker broker;

	private KafkaProbe probe;

	@BeforeEach
	void startBroker() {
		this.broker = new EmbeddedKafkaKraftBroker(1, 3, TOPIC);
		this.broker.afterPropertiesSet();
		this.probe = new KafkaProbe(new DashboardProperties(Duration.ofSeconds(1), Duration.ofSeconds(10),
				Duration.ofSeconds(2), 40, "gateway", Map.of("catalog", URI.create("http://localhost:1")), "provider",
				"order-service",
				new DashboardProperties.Kafka(this.broker.getBrokersAsString(), List.of("order-service", "nobody-yet")),
				""));
	}

	@AfterEach
	void stopBroker() {
		this.probe.destroy();
		this.broker.destroy();
	}

	@Test
	void measuresEachGroupsLagFromTheBroker() {
		send(5);
		consumeAndCommit("order-service", 5);
		send(3);

		Readings.Kafka kafka = this.probe.read().block(Duration.ofSeconds(10));

		assertThat(kafka.reachable()).isTrue();
		assertThat(kafka.brokers()).isEqualTo(1);
		assertThat(kafka.lag()).containsEntry("order-service", 3L).containsEntry("nobody-yet", 0L);

		send(4);
		assertThat(this.probe.read().block(Duration.ofSeconds(10)).lag()).containsEntry("order-service", 7L);
	}

	@Test
	void saysTheBrokerIsUnreachableOnceItIsGone() {
		assertThat(this.probe.read().block(Duration.ofSeconds(10)).reachable()).isTrue();

		this.broker.destroy();

		long started = System.nanoTime();
		Readings.Kafka kafka = this.probe.read().block(Duration.ofSeconds(30));
		assertThat(kafka.reachable()).isFalse();
		// generous: the probe's own bound is twice its 2 s timeout
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
	}

	private void send(int records) {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString(),
						ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
						ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
			for (int i = 0; i < records; i++) {
				producer.send(new ProducerRecord<>(TOPIC, "order-" + i, "{}"));
			}
			producer.flush();
		}
	}

	private void consumeAndCommit(String group, int records) {
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString(),
				ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
			consumer.subscribe(List.of(TOPIC));
			int[] seen = { 0 };
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				seen[0] += consumer.poll(Duration.ofMillis(200)).count();
				return seen[0] >= records;
			});
			consumer.commitSync();
		}
	}

}
