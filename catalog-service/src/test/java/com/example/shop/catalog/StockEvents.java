package com.example.shop.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.example.shop.messaging.SagaEvent;
import com.example.shop.messaging.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.core.ConsumerFactory;

/**
 * Reads what the catalog published on {@link Topics#STOCK}, from the beginning of the
 * topic, with the services' own event deserializer.
 */
public class StockEvents implements AutoCloseable {

	private final Consumer<Object, Object> consumer;

	private final List<TopicPartition> partitions;

	private final List<SagaEvent> received = new ArrayList<>();

	public StockEvents(ConsumerFactory<Object, Object> consumers) {
		this.consumer = consumers.createConsumer("catalog-it-" + UUID.randomUUID(), null);
		this.partitions = this.consumer.partitionsFor(Topics.STOCK)
			.stream()
			.map((partition) -> new TopicPartition(partition.topic(), partition.partition()))
			.toList();
		this.consumer.assign(this.partitions);
		this.consumer.seekToBeginning(this.partitions);
	}

	/**
	 * Every event for {@code orderId} published so far: reads up to the end of each
	 * partition as it is now.
	 */
	public List<SagaEvent> of(UUID orderId) {
		Map<TopicPartition, Long> end = this.consumer.endOffsets(this.partitions);
		while (end.entrySet().stream().anyMatch((e) -> this.consumer.position(e.getKey()) < e.getValue())) {
			for (ConsumerRecord<Object, Object> record : this.consumer.poll(Duration.ofMillis(100))) {
				if (record.value() instanceof SagaEvent event) {
					this.received.add(event);
				}
			}
		}
		return this.received.stream().filter((event) -> event.orderId().equals(orderId)).toList();
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
