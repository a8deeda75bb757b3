package com.example.shop.messaging.deadletter;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.example.shop.messaging.OrderPlaced;
import com.example.shop.messaging.Topics;
import com.example.shop.messaging.deadletter.DeadLetterEndpoint.DeadLetterList;
import com.example.shop.messaging.deadletter.DeadLetterEndpoint.Redriven;
import com.example.shop.testing.TestInfrastructure;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.mapping.AbstractJavaTypeMapper;
import org.springframework.test.context.DynamicPropertyRegistrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/deadletters} over HTTP against a real Kafka broker: a message its
 * listener refuses is listed with the reason, and once the cause is fixed a re-drive
 * delivers it and it is listed no more.
 */
@SpringBootTest(classes = DeadLetterEndpointIT.DeadLetterApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.kafka.consumer.group-id=deadletter-it", "shop.messaging.consumer.retry.attempts=1",
				"shop.messaging.consumer.retry.initial-interval=50ms",
				"management.endpoints.web.exposure.include=health,deadletters",
				"shop.messaging.dead-letters.metrics-interval=200ms" })
class DeadLetterEndpointIT {

	private static final Duration DELIVERY = Duration.ofSeconds(30);

	private static final String ORDERS_DLT = Topics.ORDERS + Topics.DEAD_LETTER_SUFFIX;

	@Autowired
	TestRestTemplate rest;

	@Autowired
	ObjectMapper json;

	@Autowired
	PickyOrderListener listener;

	@Autowired
	MeterRegistry meters;

	@Test
	void listsARefusedMessageWithItsExceptionAndRedrivesItOnceTheCauseIsFixed() throws Exception {
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		this.listener.refuse(first);
		this.listener.refuse(second);
		send(order(first));
		send(order(second));

		await().atMost(DELIVERY)
			.untilAsserted(() -> assertThat(keysListed()).contains(first.toString(), second.toString()));
		assertThat(deadLettered()).as("shop_deadletters_total").isEqualTo(2);
		await().atMost(DELIVERY).until(() -> waiting() == keysListed().size());
		DeadLetterList listed = list();
		assertThat(listed.topics()).containsExactly(Topics.ORDERS + Topics.DEAD_LETTER_SUFFIX);
		DeadLetter refused = deadLetterOf(listed, first);
		assertThat(refused.topic()).isEqualTo(Topics.ORDERS + Topics.DEAD_LETTER_SUFFIX);
		assertThat(refused.originalTopic()).isEqualTo(Topics.ORDERS);
		assertThat(refused.originalPartition()).isNotNull();
		assertThat(refused.originalOffset()).isNotNull();
		assertThat(refused.type()).isEqualTo("OrderPlaced");
		assertThat(refused.exceptionClass() + " " + refused.exceptionCauseClass())
			.contains(IllegalStateException.class.getName());
		assertThat(refused.exceptionMessage()).contains("refused until the test fixes it");
		assertThat(refused.timestamp()).isNotNull();
		assertThat(this.listener.processed(first)).isFalse();

		this.listener.accept(first);
		ResponseEntity<Redriven> one = this.rest.postForEntity("/actuator/deadletters",
				Map.of("topic", refused.topic(), "partition", refused.partition(), "offset", refused.offset()),
				Redriven.class);

		assertThat(one.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(one.getBody().redriven()).singleElement()
			.satisfies((deadLetter) -> assertThat(deadLetter.key()).isEqualTo(first.toString()));
		await().atMost(DELIVERY).until(() -> this.listener.processed(first));
		assertThat(keysListed()).doesNotContain(first.toString()).contains(second.toString());

		this.listener.accept(second);
		ResponseEntity<Redriven> all = this.rest.postForEntity("/actuator/deadletters", Map.of(), Redriven.class);

		assertThat(all.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(all.getBody().redriven()).extracting(DeadLetter::key).contains(second.toString());
		await().atMost(DELIVERY).until(() -> this.listener.processed(second));
		assertThat(list().deadLetters()).isEmpty();
		await().atMost(DELIVERY).until(() -> waiting() == 0);
		assertThat(deadLettered()).as("a re-drive dead-letters nothing").isEqualTo(2);
		assertThat(this.listener.deliveries(first)).as("the refused delivery, its retry and the re-drive").isEqualTo(3);
	}

	@Test
	void refusesToRedriveFromATopicThisServiceDoesNotConsume() {
		ResponseEntity<String> response = this.rest.postForEntity("/actuator/deadletters",
				Map.of("topic", Topics.PAYMENTS), String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
	}

	private DeadLetterList list() {
		ResponseEntity<DeadLetterList> response = this.rest.getForEntity("/actuator/deadletters", DeadLetterList.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		return response.getBody();
	}

	private double deadLettered() {
		return this.meters.get("shop.deadletters").tag("topic", ORDERS_DLT).counter().count();
	}

	private double waiting() {
		return this.meters.get("shop.deadletters.waiting").tag("topic", ORDERS_DLT).gauge().value();
	}

	private List<String> keysListed() {
		return list().deadLetters().stream().map(DeadLetter::key).toList();
	}

	private static DeadLetter deadLetterOf(DeadLetterList list, UUID orderId) {
		return list.deadLetters()
			.stream()
			.filter((deadLetter) -> orderId.toString().equals(deadLetter.key()))
			.findFirst()
			.orElseThrow();
	}

	private static OrderPlaced order(UUID orderId) {
		return OrderPlaced.of(orderId, "c-42", List.of(new OrderPlaced.Line(1, 1)), BigDecimal.TEN);
	}

	/** Sends {@code event} the way an outbox relay does. */
	private void send(OrderPlaced event) throws Exception {
		try (var producer = new KafkaProducer<String, String>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()),
				new StringSerializer(), new StringSerializer())) {
			ProducerRecord<String, String> record = new ProducerRecord<>(Topics.ORDERS, event.orderId().toString(),
					this.json.writeValueAsString(event));
			record.headers()
				.add(AbstractJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME, event.type().getBytes(StandardCharsets.UTF_8));
			producer.send(record).get();
		}
	}

	@SpringBootApplication
	static class DeadLetterApplication {

		@Bean
		DynamicPropertyRegistrar infrastructure() {
			return (registry) -> TestInfrastructure.register(registry, "messaging");
		}

		@Bean
		PickyOrderListener pickyOrderListener() {
			return new PickyOrderListener();
		}

	}

	/**
	 * Refuses the orders the test names (a bug in the consumer, say) until the test
	 * "fixes" it.
	 */
	@KafkaListener(topics = Topics.ORDERS)
	static class PickyOrderListener {

		private final Set<UUID> refused = ConcurrentHashMap.newKeySet();

		private final Set<UUID> processed = ConcurrentHashMap.newKeySet();

		private final Map<UUID, Integer> deliveries = new ConcurrentHashMap<>();

		void refuse(UUID orderId) {
			this.refused.add(orderId);
		}

		void accept(UUID orderId) {
			this.refused.remove(orderId);
		}

		@KafkaHandler
		void on(OrderPlaced order) {
			this.deliveries.merge(order.orderId(), 1, Integer::sum);
			if (this.refused.contains(order.orderId())) {
				throw new IllegalStateException("Order " + order.orderId() + " refused until the test fixes it");
			}
			this.processed.add(order.orderId());
		}

		boolean processed(UUID orderId) {
			return this.processed.contains(orderId);
		}

		int deliveries(UUID orderId) {
			return this.deliveries.getOrDefault(orderId, 0);
		}

	}

}
