package com.example.shop.messaging.outbox;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.example.shop.messaging.OrderPlaced;
import com.example.shop.messaging.PaymentRequested;
import com.example.shop.messaging.Topics;
import com.example.shop.testing.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.transaction.support.TransactionOperations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace across the outbox: an event appended inside a span reaches its consumer with
 * a {@code traceparent} of the same trace, though the relay published it later on a
 * thread of its own; and what the consumer appends inside its listener carries the trace
 * on to the next topic. Real PostgreSQL, real Kafka, Micrometer Tracing with the
 * OpenTelemetry bridge.
 */
// Spring Boot's tests turn tracing off (propagation included) unless asked for it.
@AutoConfigureObservability(metrics = false)
@SpringBootTest(classes = OutboxTracingIT.TracingApplication.class,
		properties = { "spring.kafka.consumer.group-id=outbox-tracing-it",
				"spring.kafka.listener.observation-enabled=true", "management.tracing.sampling.probability=1.0" })
class OutboxTracingIT {

	private static final Duration DELIVERY = Duration.ofSeconds(30);

	@Autowired
	Outbox outbox;

	@Autowired
	TransactionOperations transactions;

	@Autowired
	Tracer tracer;

	@Autowired
	PayingOrderListener listener;

	@Autowired
	MeterRegistry meters;

	@Test
	void anEventCarriesTheTraceItWasAppendedInToItsConsumerAndOnToTheConsumersOwnEvents() {
		UUID orderId = UUID.randomUUID();
		Span placing = this.tracer.nextSpan().name("place order").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(placing)) {
			this.transactions.executeWithoutResult((tx) -> this.outbox.append(Topics.ORDERS,
					OrderPlaced.of(orderId, "c-trace", List.of(new OrderPlaced.Line(1, 1)), BigDecimal.TEN)));
		}
		finally {
			placing.end();
		}
		String traceId = placing.context().traceId();

		await().atMost(DELIVERY).until(() -> this.listener.received.containsKey(orderId));
		Delivery delivery = this.listener.received.get(orderId);
		assertThat(traceIdOf(delivery.traceparent())).isEqualTo(traceId);
		assertThat(delivery.currentTraceId()).as("the listener runs in the event's trace").isEqualTo(traceId);

		ConsumerRecord<String, String> next = awaitRecord(Topics.PAYMENT_REQUESTS, orderId);
		assertThat(traceIdOf(text(next, "traceparent"))).as("the event the listener appended continues the trace")
			.isEqualTo(traceId);
	}

	@Test
	void anEventAppendedOutsideAnySpanIsPublishedInATraceOfItsOwn() {
		UUID orderId = UUID.randomUUID();
		this.transactions.executeWithoutResult((tx) -> this.outbox.append(Topics.ORDERS,
				OrderPlaced.of(orderId, "c-untraced", List.of(new OrderPlaced.Line(1, 1)), BigDecimal.ONE)));

		await().atMost(DELIVERY).until(() -> this.listener.received.containsKey(orderId));
		assertThat(this.listener.received.get(orderId).traceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
	}

	private static ConsumerRecord<String, String> awaitRecord(String topic, UUID key) {
		try (var consumer = new KafkaConsumer<String, String>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
				TestInfrastructure.kafkaBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "trace-reader-" + key,
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
				new StringDeserializer())) {
			consumer.subscribe(List.of(topic));
			List<ConsumerRecord<String, String>> found = new CopyOnWriteArrayList<>();
			await().atMost(DELIVERY).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (key.toString().equals(record.key())) {
						found.add(record);
					}
				});
				return !found.isEmpty();
			});
			return found.get(0);
		}
	}

	private static String text(ConsumerRecord<String, ?> record, String header) {
		var value = record.headers().lastHeader(header);
		return (value != null) ? new String(value.value(), StandardCharsets.UTF_8) : null;
	}

	/** The trace id of a W3C {@code traceparent}: version-traceid-spanid-flags. */
	private static String traceIdOf(String traceparent) {
		assertThat(traceparent).isNotNull().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
		return traceparent.split("-")[1];
	}

	record Delivery(String traceparent, String currentTraceId) {
	}

	@SpringBootApplication
	static class TracingApplication {

		@Bean
		DynamicPropertyRegistrar infrastructure() {
			return (registry) -> TestInfrastructure.register(registry, "messaging");
		}

		@Bean
		PayingOrderListener payingOrderListener(Outbox outbox, TransactionOperations transactions, Tracer tracer) {
			return new PayingOrderListener(outbox, transactions, tracer);
		}

	}

	/** Reacts to an order as a saga step does: its own event, in its own transaction. */
	static class PayingOrderListener {

		final Map<UUID, Delivery> received = new ConcurrentHashMap<>();

		private final Outbox outbox;

		private final TransactionOperations transactions;

		private final Tracer tracer;

		PayingOrderListener(Outbox outbox, TransactionOperations transactions, Tracer tracer) {
			this.outbox = outbox;
			this.transactions = transactions;
			this.tracer = tracer;
		}

		@KafkaListener(topics = Topics.ORDERS)
		void on(ConsumerRecord<String, OrderPlaced> record) {
			OrderPlaced order = record.value();
			Span current = this.tracer.currentSpan();
			this.transactions.executeWithoutResult((tx) -> this.outbox.append(Topics.PAYMENT_REQUESTS,
					PaymentRequested.of(order.orderId(), order.customerId(), order.total(), "key-" + order.orderId())));
			this.received.put(order.orderId(),
					new Delivery(text(record, "traceparent"), (current != null) ? current.context().traceId() : null));
		}

	}

}
