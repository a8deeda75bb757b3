package com.example.shop.gateway.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Asks the broker itself how many brokers answer and how far each saga consumer group is
 * behind (end offset minus committed offset, over the partitions it committed on). Asked
 * of Kafka rather than of the services, so a dead consumer's lag still shows: it grows.
 */
@Component
class KafkaProbe implements DisposableBean {

	private final Properties config;

	private final List<String> groups;

	private final long timeoutMs;

	/** Made at the first look: a gateway nobody watches never talks to the broker. */
	private Admin admin;

	KafkaProbe(DashboardProperties properties) {
		DashboardProperties.Kafka kafka = properties.kafka();
		this.timeoutMs = properties.timeout().toMillis();
		this.groups = (kafka != null && kafka.consumerGroups() != null) ? List.copyOf(kafka.consumerGroups())
				: List.of();
		if (kafka == null || kafka.bootstrapServers() == null || kafka.bootstrapServers().isBlank()) {
			this.config = null;
			return;
		}
		this.config = new Properties();
		this.config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
		this.config.put(AdminClientConfig.CLIENT_ID_CONFIG, "gateway-dashboard");
		this.config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) this.timeoutMs);
		this.config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) this.timeoutMs);
		this.config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
	}

	/** The broker's answer; {@link Readings.Kafka#UNREACHABLE} if none in time. */
	Mono<Readings.Kafka> read() {
		if (this.config == null) {
			return Mono.just(Readings.Kafka.UNREACHABLE);
		}
		return Mono.fromCallable(this::ask)
			.subscribeOn(Schedulers.boundedElastic())
			.timeout(Duration.ofMillis(2 * this.timeoutMs))
			.onErrorReturn(Readings.Kafka.UNREACHABLE);
	}

	private synchronized Admin admin() {
		if (this.admin == null) {
			this.admin = Admin.create(this.config);
		}
		return this.admin;
	}

	private Readings.Kafka ask() throws Exception {
		int brokers = admin().describeCluster().nodes().get(this.timeoutMs, TimeUnit.MILLISECONDS).size();
		Map<String, Long> lag = new TreeMap<>();
		for (String group : this.groups) {
			lag.put(group, lagOf(group));
		}
		return new Readings.Kafka(true, brokers, lag);
	}

	private long lagOf(String group) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get(this.timeoutMs, TimeUnit.MILLISECONDS);
		if (committed.isEmpty()) {
			return 0;
		}
		Map<TopicPartition, ListOffsetsResultInfo> ends = admin()
			.listOffsets(committed.keySet()
				.stream()
				.collect(Collectors.toMap((partition) -> partition, (partition) -> OffsetSpec.latest())))
			.all()
			.get(this.timeoutMs, TimeUnit.MILLISECONDS);
		long lag = 0;
		for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
			if (entry.getValue() != null) {
				lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
			}
		}
		return lag;
	}

	@Override
	public synchronized void destroy() {
		if (this.admin != null) {
			this.admin.close(Duration.ofSeconds(2));
		}
	}

}
