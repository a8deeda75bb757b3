package com.example.shop.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;

class TestInfrastructureIT {

	@Test
	void registersAWritableDatabaseWithAReadableReplicaAndAWorkingBroker() throws Exception {
		Map<String, String> properties = new HashMap<>();
		DynamicPropertyRegistry registry = (name, supplier) -> properties.put(name, String.valueOf(supplier.get()));
		TestInfrastructure.register(registry, "smoke");

		try (Connection primary = DriverManager.getConnection(properties.get("spring.datasource.url"),
				properties.get("spring.datasource.username"), properties.get("spring.datasource.password"))) {
			primary.createStatement().execute("CREATE TABLE greeting (text varchar)");
			primary.createStatement().execute("INSERT INTO greeting VALUES ('hello')");
		}
		if (TestInfrastructure.embedded()) {
			org.awaitility.Awaitility.await()
				// until the replica has replayed CREATE DATABASE, connecting fails
				.ignoreExceptionsInstanceOf(java.sql.SQLException.class)
				.atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> {
					try (Connection replica = DriverManager.getConnection(TestInfrastructure.replicaJdbcUrl("smoke"),
							"shop", "")) {
						ResultSet result = replica.createStatement().executeQuery("SELECT text FROM greeting");
						assertThat(result.next()).isTrue();
						assertThat(result.getString(1)).isEqualTo("hello");
					}
				});
		}

		String servers = properties.get("spring.kafka.bootstrap-servers");
		try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
				new StringSerializer(), new StringSerializer())) {
			producer.send(new ProducerRecord<>("smoke", "key", "value")).get();
		}
		try (var consumer = new KafkaConsumer<String, String>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ConsumerConfig.GROUP_ID_CONFIG, "smoke",
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			consumer.subscribe(List.of("smoke"));
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> !consumer.poll(Duration.ofMillis(200)).isEmpty());
		}
	}

}
