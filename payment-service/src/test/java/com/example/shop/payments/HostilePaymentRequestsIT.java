package com.example.shop.payments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.example.shop.messaging.Topics;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.support.mapping.AbstractJavaTypeMapper;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Payment requests that read as events but that no payment can be made of, as the real
 * payment-service consumes them (real Kafka and PostgreSQL): each goes to the dead-letter
 * topic after its bounded retries, none is stored, none is charged, none is dropped
 * without a trace.
 */
// No provider, none is needed. Closed after the class: its listeners and retrier would
// otherwise share PaymentIT's consumer group and payments.
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "shop.provider.base-url=http://localhost:1")
@Import(TestInfrastructureConfiguration.class)
class HostilePaymentRequestsIT {

	/** One character more than the payment table holds. */
	static final String CUSTOMER_65 = "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

	private static final String DEAD_LETTERS = Topics.PAYMENT_REQUESTS + Topics.DEAD_LETTER_SUFFIX;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ObjectMapper json;

	@Value("${spring.kafka.bootstrap-servers}")
	private String bootstrapServers;

	@ParameterizedTest
	@ValueSource(strings = { "{\"orderId\":\"%s\"}", "{\"orderId\":\"%s\",\"customerId\":\"c-42\",\"amount\":25.00}",
			"{\"orderId\":\"%s\",\"customerId\":\"c-42\",\"amount\":-25.00,\"idempotencyKey\":\"k\"}",
			"{\"orderId\":\"%s\",\"customerId\":\"c-42\",\"amount\":0.001,\"idempotencyKey\":\"k\"}",
			"{\"orderId\":\"%s\",\"customerId\":\"c-42\",\"amount\":1e15,\"idempotencyKey\":\"k\"}",
			"{\"orderId\":\"%s\",\"customerId\":\"" + HostilePaymentRequestsIT.CUSTOMER_65
					+ "\",\"amount\":25.00,\"idempotencyKey\":\"k\"}" })
	void deadLettersARequestNoPaymentCanBeMadeOf(String template) throws Exception {
		UUID orderId = UUID.randomUUID();
		String value = template.formatted(orderId);

		send(orderId, value);

		SagaTopics topics = new SagaTopics(this.bootstrapServers, this.json);
		await().atMost(Duration.ofSeconds(30)).until(() -> !topics.recordsFor(DEAD_LETTERS, orderId).isEmpty());
		List<ConsumerRecord<String, String>> deadLetters = topics.recordsFor(DEAD_LETTERS, orderId);
		assertThat(deadLetters).singleElement()
			.satisfies((record) -> assertThat(record.headers().lastHeader("kafka_dlt-exception-cause-fqcn").value())
				.asString(StandardCharsets.UTF_8)
				.isEqualTo(IllegalArgumentException.class.getName()));
		assertThat(this.jdbc.sql("select count(*) from payment where order_id = ?")
			.param(orderId)
			.query(Long.class)
			.single()).isZero();
		assertThat(topics.recordsFor(Topics.PAYMENTS, orderId)).isEmpty();
	}

	private void send(UUID orderId, String value) throws Exception {
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers), new StringSerializer(),
				new StringSerializer())) {
			ProducerRecord<String, String> record = new ProducerRecord<>(Topics.PAYMENT_REQUESTS, orderId.toString(),
					value);
			record.headers()
				.add(AbstractJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME,
						"PaymentRequested".getBytes(StandardCharsets.UTF_8));
			producer.send(record).get(10, TimeUnit.SECONDS);
		}
	}

}
