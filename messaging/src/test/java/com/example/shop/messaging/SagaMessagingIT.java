package com.example.shop.messaging;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import com.example.shop.messaging.outbox.Outbox;
import com.example.shop.testing.TestInfrastructure;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.mapping.AbstractJavaTypeMapper;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The outbox, its relay and the consumers' error policy against a real PostgreSQL and a
 * real Kafka broker, in a service without a tracer (Micrometer Tracing's
 * auto-configuration left out): the outbox works the same, its events carry no trace.
 */
@SpringBootTest(classes = SagaMessagingIT.MessagingApplication.class, properties = {
		"spring.kafka.consumer.group-id=messaging-it", "shop.messaging.consumer.retry.attempts=1",
		"shop.messaging.consumer.retry.initial-interval=50ms",
		"spring.autoconfigure.exclude=org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration,"
				+ "org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration,"
				+ "org.springframework.boot.actuate.autoconfigure.tracing.NoopTracerAutoConfiguration" })
class SagaMessagingIT {

	private static final Duration DELIVERY = Duration.ofSeconds(30);

	@Autowired
	Outbox outbox;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	StockRecorder recorder;

	@Autowired
	MeterRegistry meters;

	@Autowired
	DataSource dataSource;

	@Autowired
	FlakyPaymentListener flaky;

	@Autowired
	ObjectProvider<Tracer> tracers;

	@Test
	void storesNoTraceWithAnEventWhenTheServiceHasNoTracer() throws Exception {
		assertThat(this.tracers.getIfAvailable()).isNull();
		UUID orderId = UUID.randomUUID();
		try (Connection holder = this.dataSource.getConnection()) {
			holder.setAutoCommit(false);
			try (Statement lock = holder.createStatement()) {
				lock.execute("SELECT pg_advisory_xact_lock(" + 0x6f7574626f78L + ")");
			}
			this.transactions.executeWithoutResult((tx) -> this.outbox.append(Topics.STOCK, StockReserved.of(orderId)));
			assertThat(JdbcClient.create(this.dataSource)
				.sql("SELECT count(*) FROM outbox_event WHERE message_key = ? AND trace_parent IS NULL")
				.param(orderId.toString())
				.query(Long.class)
				.single()).isEqualTo(1);
			holder.rollback();
		}
		await().atMost(DELIVERY).until(() -> this.recorder.eventsOf(orderId).size() == 1);
	}

	@Test
	void publishesACommittedEventAsTheTypedRecordAndEmptiesTheOutbox() {
		UUID orderId = UUID.randomUUID();
		this.transactions.executeWithoutResult((tx) -> this.outbox.append(Topics.STOCK, StockReserved.of(orderId)));

		await().atMost(DELIVERY).until(() -> this.recorder.eventsOf(orderId).size() == 1);
		assertThat(this.recorder.eventsOf(orderId).get(0)).isInstanceOf(StockReserved.class);
		await().atMost(DELIVERY).until(() -> this.outbox.backlog() == 0);
	}

	@Test
	void reportsTheBacklogAsAGaugeWhileTheRelayCannotPublish() throws Exception {
		UUID orderId = UUID.randomUUID();
		Gauge backlog = this.meters.get("outbox.backlog").gauge();
		try (Connection holder = this.dataSource.getConnection()) {
			// The relay's advisory lock, held here: the relay skips its rounds meanwhile.
			holder.setAutoCommit(false);
			try (Statement lock = holder.createStatement()) {
				lock.execute("SELECT pg_advisory_xact_lock(" + 0x6f7574626f78L + ")");
			}
			this.transactions.executeWithoutResult((tx) -> this.outbox.append(Topics.STOCK, StockReserved.of(orderId)));
			assertThat(backlog.value()).isGreaterThanOrEqualTo(1).isEqualTo(this.outbox.backlog());
			holder.rollback();
		}
		await().atMost(DELIVERY).until(() -> this.recorder.eventsOf(orderId).size() == 1);
		await().atMost(DELIVERY).until(() -> backlog.value() == 0);
	}

	@Test
	void neverPublishesTheEventOfARolledBackTransaction() {
		UUID orderId = UUID.randomUUID();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.transactions.executeWithoutResult((tx) -> {
				this.outbox.append(Topics.STOCK, StockRejected.of(orderId, "OUT_OF_STOCK"));
				throw new IllegalStateException("the state change failed");
			}));
		this.transactions.executeWithoutResult((tx) -> this.outbox.append(Topics.STOCK, StockReserved.of(orderId)));

		// Same key, same partition: once the later event arrived, the rolled-back one
		// would have too.
		await().atMost(DELIVERY).until(() -> !this.recorder.eventsOf(orderId).isEmpty());
		assertThat(this.recorder.eventsOf(orderId)).singleElement().isInstanceOf(StockReserved.class);
	}

	@Test
	void keepsTheOrderOfOneOrdersEvents() {
		UUID orderId = UUID.randomUUID();
		IntStream.range(0, 30)
			.forEach((i) -> this.transactions.executeWithoutResult((tx) -> this.outbox.append(Topics.STOCK,
					(i % 2 == 0) ? StockReserved.of(orderId) : StockRejected.of(orderId, "step-" + i))));

		await().atMost(DELIVERY).until(() -> this.recorder.eventsOf(orderId).size() == 30);
		List<SagaEvent> events = this.recorder.eventsOf(orderId);
		for (int i = 1; i < 30; i += 2) {
			assertThat(events.get(i - 1)).isInstanceOf(StockReserved.class);
			assertThat(events.get(i)).isInstanceOf(StockRejected.class);
			assertThat(((StockRejected) events.get(i)).reason()).isEqualTo("step-" + i);
		}
	}

	@Test
	void sendsAPoisonMessageToTheDeadLetterTopicAndKeepsConsuming() {
		UUID orderId = UUID.randomUUID();
		String servers = TestInfrastructure.kafkaBootstrapServers();
		try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
				new StringSerializer(), new StringSerializer())) {
			ProducerRecord<String, String> poison = new ProducerRecord<>(Topics.STOCK, orderId.toString(), "{not json");
			poison.headers()
				.add(AbstractJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME,
						"StockReserved".getBytes(StandardCharsets.UTF_8));
			producer.send(poison);
			ProducerRecord<String, String> unknown = new ProducerRecord<>(Topics.STOCK, orderId.toString(), "{}");
			unknown.headers()
				.add(AbstractJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME, "NoSuchEvent".getBytes(StandardCharsets.UTF_8));
			producer.send(unknown);
		}
		this.transactions.executeWithoutResult((tx) -> this.outbox.append(Topics.STOCK, StockReserved.of(orderId)));

		await().atMost(DELIVERY).until(() -> this.recorder.eventsOf(orderId).size() == 1);
		try (var deadLetters = new KafkaConsumer<String, String>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ConsumerConfig.GROUP_ID_CONFIG,
						"dlt-reader-" + orderId, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new StringDeserializer())) {
			deadLetters.subscribe(List.of(Topics.STOCK + Topics.DEAD_LETTER_SUFFIX));
			List<ConsumerRecord<String, String>> received = new CopyOnWriteArrayList<>();
			await().atMost(DELIVERY).until(() -> {
				deadLetters.poll(Duration.ofMillis(200)).forEach((record) -> {
					if (record.key().equals(orderId.toString())) {
						received.add(record);
					}
				});
				return received.size() == 2;
			});
			assertThat(received).extracting(ConsumerRecord::value).containsExactly("{not json", "{}");
		}
	}

	@Test
	void retriesAMessageForAsLongAsTheDatabaseIsDownInsteadOfDeadLetteringIt() {
		UUID orderId = UUID.randomUUID();
		this.flaky.failTimes(orderId, 6);
		this.transactions.executeWithoutResult(
				(tx) -> this.outbox.append(Topics.PAYMENTS, PaymentDeclined.of(orderId, "CARD_LIMIT_EXCEEDED")));

		await().atMost(DELIVERY).until(() -> this.flaky.processed(orderId));
		assertThat(this.flaky.attempts(orderId)).isEqualTo(7);
	}

	@SpringBootApplication
	static class MessagingApplication {

		@Bean
		DynamicPropertyRegistrar infrastructure() {
			return (registry) -> TestInfrastructure.register(registry, "messaging");
		}

		@Bean
		StockRecorder stockRecorder() {
			return new StockRecorder();
		}

		@Bean
		FlakyPaymentListener flakyPaymentListener() {
			return new FlakyPaymentListener();
		}

	}

	@KafkaListener(topics = Topics.STOCK)
	static class StockRecorder {

		private final List<SagaEvent> events = new CopyOnWriteArrayList<>();

		@KafkaHandler
		void on(StockReserved event) {
			this.events.add(event);
		}

		@KafkaHandler
		void on(StockRejected event) {
			this.events.add(event);
		}

		List<SagaEvent> eventsOf(UUID orderId) {
			return this.events.stream().filter((event) -> event.orderId().equals(orderId)).toList();
		}

	}

	/**
	 * Fails like a listener whose database is down, a given number of times per order.
	 */
	@KafkaListener(topics = Topics.PAYMENTS)
	static class FlakyPaymentListener {

		private final Map<UUID, Integer> failuresLeft = new ConcurrentHashMap<>();

		private final Map<UUID, Integer> attempts = new ConcurrentHashMap<>();

		private final Set<UUID> processed = ConcurrentHashMap.newKeySet();

		void failTimes(UUID orderId, int times) {
			this.failuresLeft.put(orderId, times);
		}

		@KafkaHandler
		void on(PaymentDeclined event) {
			this.attempts.merge(event.orderId(), 1, Integer::sum);
			if (this.failuresLeft.merge(event.orderId(), -1, Integer::sum) >= 0) {
				throw new CannotCreateTransactionException("database unreachable");
			}
			this.processed.add(event.orderId());
		}

		boolean processed(UUID orderId) {
			return this.processed.contains(orderId);
		}

		int attempts(UUID orderId) {
			return this.attempts.getOrDefault(orderId, 0);
		}

	}

}
