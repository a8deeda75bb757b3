package com.example.shop.messaging.deadletter;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The dead letters as metrics, per dead-letter topic of this service:
 * <ul>
 * <li>{@code shop.deadletters} ({@code shop_deadletters_total}): records this service
 * dead-lettered;</li>
 * <li>{@code shop.deadletters.waiting}: records not re-driven yet, NaN while Kafka cannot
 * be asked.</li>
 * </ul>
 * The waiting count comes from offsets alone (see {@link RedrivenOffsets#waiting}),
 * refreshed in the background every {@code shop.messaging.dead-letters.metrics-interval},
 * so a scrape never waits for Kafka.
 */
public class DeadLetterMetrics implements SmartLifecycle {

	static final String DEAD_LETTERED = "shop.deadletters";

	static final String WAITING = "shop.deadletters.waiting";

	private static final Logger log = LoggerFactory.getLogger(DeadLetterMetrics.class);

	private final DeadLetters deadLetters;

	private final MeterRegistry registry;

	private final Duration interval;

	private final Duration timeout;

	private final Map<String, Double> waiting = new ConcurrentHashMap<>();

	private volatile boolean running;

	private volatile Thread worker;

	private volatile Consumer<byte[], byte[]> consumer;

	DeadLetterMetrics(DeadLetters deadLetters, MeterRegistry registry, Duration interval, Duration timeout) {
		this.deadLetters = deadLetters;
		this.registry = registry;
		this.interval = interval;
		this.timeout = timeout;
	}

	/** Counts a record this service just wrote to {@code deadLetterTopic}. */
	public static void deadLettered(MeterRegistry registry, String deadLetterTopic) {
		counter(registry, deadLetterTopic).increment();
	}

	private static Counter counter(MeterRegistry registry, String deadLetterTopic) {
		return Counter.builder(DEAD_LETTERED)
			.description("Records this service sent to a dead-letter topic")
			.tag("topic", deadLetterTopic)
			.register(registry);
	}

	/** Counts the waiting records of every dead-letter topic once, with the consumer. */
	void refresh(Consumer<byte[], byte[]> consumer) {
		for (String topic : this.deadLetters.topics()) {
			if (this.waiting.putIfAbsent(topic, Double.NaN) == null) {
				Gauge.builder(WAITING, this.waiting, (counts) -> counts.getOrDefault(topic, Double.NaN))
					.description("Dead letters not re-driven yet")
					.tag("topic", topic)
					.register(this.registry);
				// 0 from the start, so a rate over it is defined before the first one
				counter(this.registry, topic);
			}
			this.waiting.put(topic, (double) waiting(consumer, topic));
		}
	}

	private long waiting(Consumer<byte[], byte[]> consumer, String topic) {
		Set<TopicPartition> partitions = consumer.partitionsFor(topic, this.timeout)
			.stream()
			.map((info) -> new TopicPartition(info.topic(), info.partition()))
			.collect(Collectors.toSet());
		Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions, this.timeout);
		Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, this.timeout);
		Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, this.timeout);
		return partitions.stream()
			.mapToLong((partition) -> RedrivenOffsets.from(committed.get(partition))
				.waiting(starts.get(partition), ends.get(partition)))
			.sum();
	}

	private void refreshForever() {
		boolean failing = false;
		while (this.running) {
			try {
				if (this.consumer == null) {
					this.consumer = this.deadLetters.consumer();
				}
				refresh(this.consumer);
				failing = false;
			}
			catch (WakeupException ex) {
				break;
			}
			catch (RuntimeException ex) {
				if (!failing) {
					log.warn("Cannot count the waiting dead letters, will keep trying: {}", ex.toString());
					failing = true;
				}
				this.waiting.replaceAll((topic, count) -> Double.NaN);
				closeConsumer();
			}
			if (!pause()) {
				break;
			}
		}
		closeConsumer();
	}

	private boolean pause() {
		try {
			Thread.sleep(this.interval);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void closeConsumer() {
		Consumer<byte[], byte[]> open = this.consumer;
		this.consumer = null;
		if (open != null) {
			try {
				open.close(Duration.ZERO);
			}
			catch (RuntimeException ex) {
				// already broken: nothing to release
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.worker = Thread.ofVirtual().name("dead-letter-metrics").start(this::refreshForever);
	}

	@Override
	public void stop() {
		this.running = false;
		Consumer<byte[], byte[]> open = this.consumer;
		if (open != null) {
			open.wakeup();
		}
		Thread thread = this.worker;
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(Duration.ofSeconds(5));
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

}
