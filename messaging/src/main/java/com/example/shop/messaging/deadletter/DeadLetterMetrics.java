package com.example.shop.messaging.deadletter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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
 * The waiting count comes from offsets alone (see {@link RedrivenOffsets#waiting}), asked
 * of Kafka's admin API (the dead-letter group's committed offsets, each partition's start
 * and end) in the background every {@code shop.messaging.dead-letters.metrics-interval},
 * so a scrape never waits for Kafka.
 */
public class DeadLetterMetrics implements SmartLifecycle {

	static final String DEAD_LETTERED = "shop.deadletters";

	static final String WAITING = "shop.deadletters.waiting";

	private static final Logger log = LoggerFactory.getLogger(DeadLetterMetrics.class);

	private final DeadLetters deadLetters;

	private final Map<String, Object> adminConfig;

	private final String group;

	private final MeterRegistry registry;

	private final Duration interval;

	private final Duration timeout;

	private final Map<String, Double> waiting = new ConcurrentHashMap<>();

	private volatile Running running;

	private volatile boolean failing;

	DeadLetterMetrics(DeadLetters deadLetters, Map<String, Object> adminConfig, String group, MeterRegistry registry,
			Duration interval, Duration timeout) {
		this.deadLetters = deadLetters;
		this.adminConfig = adminConfig;
		this.group = group;
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

	/** Counts the waiting records of every dead-letter topic once, with {@code admin}. */
	void refresh(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
		List<String> topics = this.deadLetters.topics();
		for (String topic : topics) {
			if (this.waiting.putIfAbsent(topic, Double.NaN) == null) {
				Gauge.builder(WAITING, this.waiting, (counts) -> counts.getOrDefault(topic, Double.NaN))
					.description("Dead letters not re-driven yet")
					.tag("topic", topic)
					.register(this.registry);
				// 0 from the start, so a rate over it is defined before the first one
				counter(this.registry, topic);
			}
		}
		if (topics.isEmpty()) {
			return;
		}
		long timeout = this.timeout.toMillis();
		List<TopicPartition> partitions = admin.describeTopics(topics)
			.allTopicNames()
			.get(timeout, TimeUnit.MILLISECONDS)
			.values()
			.stream()
			.flatMap((description) -> description.partitions()
				.stream()
				.map((partition) -> new TopicPartition(description.name(), partition.partition())))
			.toList();
		Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(this.group)
			.partitionsToOffsetAndMetadata()
			.get(timeout, TimeUnit.MILLISECONDS);
		Map<TopicPartition, ListOffsetsResultInfo> starts = admin
			.listOffsets(partitions.stream()
				.collect(Collectors.toMap((partition) -> partition, (p) -> OffsetSpec.earliest())))
			.all()
			.get(timeout, TimeUnit.MILLISECONDS);
		Map<TopicPartition, ListOffsetsResultInfo> ends = admin
			.listOffsets(
					partitions.stream().collect(Collectors.toMap((partition) -> partition, (p) -> OffsetSpec.latest())))
			.all()
			.get(timeout, TimeUnit.MILLISECONDS);
		Map<String, Long> counts = partitions.stream()
			.collect(Collectors.groupingBy(TopicPartition::topic,
					Collectors.summingLong((partition) -> RedrivenOffsets.from(committed.get(partition))
						.waiting(starts.get(partition).offset(), ends.get(partition).offset()))));
		counts.forEach((topic, count) -> this.waiting.put(topic, (double) count));
	}

	private void refreshOnce(Admin admin) {
		try {
			refresh(admin);
			this.failing = false;
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			if (!this.failing) {
				log.warn("Cannot count the waiting dead letters, will keep trying: {}", ex.toString());
				this.failing = true;
			}
			this.waiting.replaceAll((topic, count) -> Double.NaN);
		}
		catch (InterruptedException ex) {
			// stopping
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		Admin admin = Admin.create(this.adminConfig);
		ScheduledExecutorService refreshes = Executors
			.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("dead-letter-metrics").factory());
		refreshes.scheduleWithFixedDelay(() -> refreshOnce(admin), 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		this.running = new Running(admin, refreshes);
	}

	@Override
	public void stop() {
		Running stopping = this.running;
		this.running = null;
		if (stopping != null) {
			stopping.refreshes().shutdownNow();
			try {
				stopping.refreshes().awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			stopping.admin().close(Duration.ofSeconds(1));
		}
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

	/** The admin client and the schedule that uses it, from start to stop. */
	private record Running(Admin admin, ScheduledExecutorService refreshes) {
	}

}
