package com.example.shop.messaging.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.mapping.AbstractJavaTypeMapper;
import org.springframework.lang.Nullable;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Publishes outbox events to Kafka in id order and deletes the ones the broker
 * acknowledged. One relay at a time works on a database (a PostgreSQL advisory lock), so
 * several instances of a service keep per-key order. While Kafka is unreachable the relay
 * backs off exponentially with jitter and keeps trying by itself: the backlog drains when
 * the broker returns, without a restart.
 * <p>
 * Each event is published inside an {@code outbox.publish} observation whose parent is
 * the trace the event was appended in (its stored {@code traceparent}), so the Kafka
 * producer's own observation, and every consumer after it, continue that trace.
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	/** Advisory lock id: "outbox" in ASCII. */
	private static final long RELAY_LOCK = 0x6f7574626f78L;

	private final JdbcClient jdbc;

	private final TransactionOperations transactions;

	private final KafkaOperations<String, String> kafka;

	private final OutboxProperties properties;

	private final ObservationRegistry observations;

	private final Semaphore wakeUps = new Semaphore(0);

	private volatile Thread worker;

	private volatile boolean running;

	OutboxRelay(JdbcClient jdbc, TransactionOperations transactions, KafkaOperations<String, String> kafka,
			OutboxProperties properties, ObservationRegistry observations) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.kafka = kafka;
		this.properties = properties;
		this.observations = observations;
	}

	/**
	 * Asks the relay to look now rather than at its next poll (called after a commit that
	 * added events).
	 */
	void wakeUp() {
		if (this.wakeUps.availablePermits() == 0) {
			this.wakeUps.release();
		}
	}

	/**
	 * Publishes one batch. Returns how many events were published; stops at the first
	 * event Kafka did not acknowledge, leaving it and everything after it for the next
	 * round.
	 * @throws OutboxRelayException when not even the first event could be published
	 */
	public int publishBatch() {
		Integer published = this.transactions.execute((status) -> {
			if (!this.jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(RELAY_LOCK).query(Boolean.class).single()) {
				return 0;
			}
			List<OutboxRow> rows = this.jdbc.sql(
					"SELECT id, topic, message_key, event_type, payload, trace_parent FROM outbox_event ORDER BY id LIMIT ?")
				.param(this.properties.batchSize())
				.query(OutboxRow.class)
				.list();
			List<Long> done = send(rows);
			if (!done.isEmpty()) {
				this.jdbc.sql("DELETE FROM outbox_event WHERE id IN (:ids)").param("ids", done).update();
			}
			return done.size();
		});
		return (published != null) ? published : 0;
	}

	private List<Long> send(List<OutboxRow> rows) {
		List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
		for (OutboxRow row : rows) {
			ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.messageKey(), row.payload());
			record.headers()
				.add(AbstractJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME,
						row.eventType().getBytes(StandardCharsets.UTF_8));
			sends.add(publish(row, record));
		}
		List<Long> done = new ArrayList<>(rows.size());
		long deadline = System.nanoTime() + this.properties.sendTimeout().toNanos();
		for (int i = 0; i < rows.size(); i++) {
			try {
				sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				done.add(rows.get(i).id());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (Exception ex) {
				if (done.isEmpty()) {
					throw new OutboxRelayException("Kafka did not acknowledge outbox event " + rows.get(i).id(), ex);
				}
				break;
			}
		}
		return done;
	}

	private CompletableFuture<?> publish(OutboxRow row, ProducerRecord<String, String> record) {
		return Observation.createNotStarted("outbox.publish", () -> {
			ReceiverContext<OutboxRow> context = new ReceiverContext<>(OutboxRow::header, Kind.CONSUMER);
			context.setCarrier(row);
			return context;
		}, this.observations)
			.contextualName(row.topic() + " publish")
			.lowCardinalityKeyValue("topic", row.topic())
			.observe(() -> this.kafka.send(record));
	}

	private void drainForever() {
		Duration backoff = this.properties.initialBackoff();
		boolean failing = false;
		while (this.running) {
			Duration wait;
			try {
				int published = publishBatch();
				if (failing) {
					log.info("Outbox relay reaches Kafka again");
					failing = false;
				}
				backoff = this.properties.initialBackoff();
				wait = (published > 0) ? Duration.ZERO : this.properties.pollInterval();
			}
			catch (RuntimeException ex) {
				if (!failing) {
					log.warn("Outbox relay cannot publish, will keep retrying: {}", ex.getMessage());
					failing = true;
				}
				wait = withJitter(backoff);
				backoff = min(backoff.multipliedBy(2), this.properties.maxBackoff());
			}
			await(wait);
		}
	}

	private static Duration withJitter(Duration backoff) {
		long millis = backoff.toMillis();
		return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private void await(Duration wait) {
		if (wait.isZero()) {
			return;
		}
		try {
			this.wakeUps.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
			this.wakeUps.drainPermits();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.worker = Thread.ofVirtual().name("outbox-relay").start(this::drainForever);
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.worker;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(Duration.ofSeconds(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	record OutboxRow(long id, String topic, String messageKey, String eventType, String payload,
			@Nullable String traceParent) {

		/** The stored trace context, as the propagator reads it from a message. */
		@Nullable
		String header(String name) {
			return TraceParentSource.TRACEPARENT.equals(name) ? this.traceParent : null;
		}

	}

}
