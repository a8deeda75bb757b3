package com.example.shop.cli.chaos;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far each consumer group is behind, asked of the broker itself: for every partition
 * a group has committed on, the partition's end offset minus the group's committed
 * offset. Independent of the services, so a dead consumer's lag still shows (it grows).
 */
final class ConsumerLag implements Supplier<Map<String, Long>>, AutoCloseable {

	private static final long TIMEOUT_MS = 2000;

	private final Admin admin;

	private final List<String> groups;

	ConsumerLag(String bootstrapServers, List<String> groups) {
		Properties config = new Properties();
		config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
		config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
		this.admin = Admin.create(config);
		this.groups = List.copyOf(groups);
	}

	/** Lag per group; null when the broker does not answer in time. */
	@Override
	public Map<String, Long> get() {
		try {
			Map<String, Long> lag = new TreeMap<>();
			for (String group : this.groups) {
				lag.put(group, lagOf(group));
			}
			return lag;
		}
		catch (ExecutionException | TimeoutException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private long lagOf(String group) throws InterruptedException, ExecutionException, TimeoutException {
		Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		Map<TopicPartition, OffsetSpec> latest = committed.keySet()
			.stream()
			.collect(Collectors.toMap((partition) -> partition, (partition) -> OffsetSpec.latest()));
		if (latest.isEmpty()) {
			return 0;
		}
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = this.admin.listOffsets(latest)
			.all()
			.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
		long lag = 0;
		for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
			if (entry.getValue() != null) {
				lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
			}
		}
		return lag;
	}

	@Override
	public void close() {
		this.admin.close(java.time.Duration.ofSeconds(2));
	}

}
