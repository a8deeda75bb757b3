package com.example.shop.cli.chaos;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumer lag as the chaos report reads it, from a real KRaft broker.
 */
class ConsumerLagIT {

	private static final String TOPIC = "lag-test";

	private static EmbeddedKafkaKraftBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = new EmbeddedKafkaKraftBroker(1, 2, TOPIC);
		broker.afterPropertiesSet();
	}

	@AfterAll
	static void stopBroker() {
		broker.destroy();
	}

	@Test
	void isTheEndOffsetMinusTheCommittedOneSummedOverPartitions() throws Exception {
		Properties producer = new Properties();
		producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
		try (KafkaProducer<String, String> sender = new KafkaProducer<>(producer, new StringSerializer(),
				new StringSerializer())) {
			for (int i = 0; i < 5; i++) {
				sender.send(new ProducerRecord<>(TOPIC, 0, null, "p0-" + i)).get();
			}
			for (int i = 0; i < 4; i++) {
				sender.send(new ProducerRecord<>(TOPIC, 1, null, "p1-" + i)).get();
			}
		}
		Properties consumer = new Properties();
		consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "behind");
		try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(consumer, new StringDeserializer(),
				new StringDeserializer())) {
			reader.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(2),
					new TopicPartition(TOPIC, 1), new OffsetAndMetadata(4)));
		}

		try (ConsumerLag lag = new ConsumerLag(broker.getBrokersAsString(), List.of("behind", "never-started"))) {
			assertThat(lag.get()).containsExactly(Map.entry("behind", 3L), Map.entry("never-started", 0L));
		}
	}

	@Test
	void isUnknownWhileNoBrokerAnswers() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		long started = System.nanoTime();
		try (ConsumerLag lag = new ConsumerLag("localhost:" + closed, List.of("order-service"))) {
			assertThat(lag.get()).isNull();
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("bounded by the admin timeouts")
			.isLessThan(Duration.ofSeconds(30));
	}

}
