package com.example.shop.messaging.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import com.example.shop.messaging.SagaEvent;
import com.example.shop.messaging.Topics;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.mapping.AbstractJavaTypeMapper;
import org.springframework.lang.Nullable;

/**
 * Reads and re-drives the dead letters of the topics this service's listeners consume.
 * Each call uses its own short-lived consumer in the service's dead-letter group
 * ({@code <group-id>.deadletters}), which only ever commits to record what was re-driven
 * (see {@link RedrivenOffsets}); it never touches the listeners' own group.
 */
class DeadLetters {

	/** Header on a re-driven message naming the dead letter it came from. */
	static final String REDRIVEN_FROM_HEADER = "shop_redriven-from";

	private final Supplier<Collection<MessageListenerContainer>> containers;

	private final Map<String, Object> consumerConfig;

	private final Map<String, Object> producerConfig;

	private final Duration timeout;

	DeadLetters(Supplier<Collection<MessageListenerContainer>> containers, Map<String, Object> consumerConfig,
			Map<String, Object> producerConfig, String group, Duration timeout) {
		this.containers = containers;
		this.consumerConfig = new HashMap<>(consumerConfig);
		this.consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		this.consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		this.consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		this.consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		this.consumerConfig.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		this.consumerConfig.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		this.producerConfig = new HashMap<>(producerConfig);
		this.producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		this.producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		this.producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
		this.producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		this.producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
		this.producerConfig.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		this.timeout = timeout;
	}

	/**
	 * The dead-letter topics of the topics this service's listeners consume, from the
	 * listener registry: no configuration to keep in step.
	 */
	List<String> topics() {
		return this.containers.get()
			.stream()
			.map((container) -> container.getContainerProperties().getTopics())
			.flatMap((topics) -> (topics != null) ? Arrays.stream(topics) : Stream.empty())
			.filter((topic) -> !topic.endsWith(Topics.DEAD_LETTER_SUFFIX))
			.map((topic) -> topic + Topics.DEAD_LETTER_SUFFIX)
			.distinct()
			.sorted()
			.toList();
	}

	private Consumer<byte[], byte[]> consumer() {
		return new KafkaConsumer<>(this.consumerConfig);
	}

	/** The dead letters not re-driven yet, by topic, partition and offset. */
	List<DeadLetter> list() {
		try (Consumer<byte[], byte[]> consumer = consumer()) {
			return read(consumer, topics()).waiting().stream().map(DeadLetters::describe).toList();
		}
	}

	/**
	 * Sends the chosen dead letters back to their original topics, then records them as
	 * re-driven. All of them when {@code topic} is null; all of that topic when
	 * {@code partition} and {@code offset} are null.
	 */
	List<DeadLetter> redrive(@Nullable String topic, @Nullable Integer partition, @Nullable Long offset) {
		List<String> topics = chosenTopics(topic);
		if ((partition == null) != (offset == null)) {
			throw new InvalidEndpointRequestException("Give both partition and offset, or neither",
					"partition and offset go together");
		}
		try (Consumer<byte[], byte[]> consumer = consumer();
				Producer<byte[], byte[]> producer = new KafkaProducer<>(this.producerConfig)) {
			Snapshot snapshot = read(consumer, topics);
			List<ConsumerRecord<byte[], byte[]>> chosen = snapshot.waiting()
				.stream()
				.filter((record) -> partition == null || (record.partition() == partition && record.offset() == offset))
				.toList();
			for (ConsumerRecord<byte[], byte[]> record : chosen) {
				producer.send(backToOriginalTopic(record)).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			consumer.commitSync(snapshot.commitsAfter(chosen));
			return chosen.stream().map(DeadLetters::describe).toList();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while re-driving dead letters", ex);
		}
		catch (Exception ex) {
			if (ex instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("Kafka did not acknowledge a re-driven dead letter", ex);
		}
	}

	private List<String> chosenTopics(@Nullable String topic) {
		List<String> topics = topics();
		if (topic == null) {
			return topics;
		}
		String deadLetterTopic = topic.endsWith(Topics.DEAD_LETTER_SUFFIX) ? topic : topic + Topics.DEAD_LETTER_SUFFIX;
		if (!topics.contains(deadLetterTopic)) {
			throw new InvalidEndpointRequestException("Not a dead-letter topic of this service: " + topic,
					"unknown topic");
		}
		return List.of(deadLetterTopic);
	}

	/**
	 * Reads every partition of {@code topics} from its committed offset up to the end
	 * offset taken at the start, keeping the records not re-driven yet.
	 */
	private Snapshot read(Consumer<byte[], byte[]> consumer, List<String> topics) {
		List<TopicPartition> partitions = topics.stream()
			.flatMap((topic) -> consumer.partitionsFor(topic, this.timeout)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition())))
			.toList();
		consumer.assign(partitions);
		Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), this.timeout);
		Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, this.timeout);
		Map<TopicPartition, RedrivenOffsets> redriven = new HashMap<>();
		for (TopicPartition partition : partitions) {
			RedrivenOffsets offsets = RedrivenOffsets.from(committed.get(partition));
			redriven.put(partition, offsets);
			if (committed.get(partition) != null) {
				consumer.seek(partition, offsets.watermark());
			}
			else {
				consumer.seekToBeginning(List.of(partition));
			}
		}
		List<ConsumerRecord<byte[], byte[]>> waiting = new ArrayList<>();
		long deadline = System.nanoTime() + this.timeout.toNanos();
		while (!readToEnd(consumer, ends)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Could not read the dead-letter topics " + topics + " in time");
			}
			for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
				TopicPartition partition = new TopicPartition(record.topic(), record.partition());
				if (record.offset() < ends.get(partition) && !redriven.get(partition).isRedriven(record.offset())) {
					waiting.add(record);
				}
			}
		}
		waiting.sort(Comparator.comparing((ConsumerRecord<byte[], byte[]> record) -> record.topic())
			.thenComparingInt(ConsumerRecord::partition)
			.thenComparingLong(ConsumerRecord::offset));
		return new Snapshot(waiting, ends, redriven);
	}

	private static boolean readToEnd(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
		return ends.entrySet().stream().allMatch((end) -> consumer.position(end.getKey()) >= end.getValue());
	}

	private static ProducerRecord<byte[], byte[]> backToOriginalTopic(ConsumerRecord<byte[], byte[]> record) {
		String originalTopic = text(record.headers(), KafkaHeaders.DLT_ORIGINAL_TOPIC);
		if (originalTopic == null) {
			originalTopic = record.topic().substring(0, record.topic().length() - Topics.DEAD_LETTER_SUFFIX.length());
		}
		ProducerRecord<byte[], byte[]> redriven = new ProducerRecord<>(originalTopic, record.key(), record.value());
		String type = typeOf(record.headers());
		if (type != null) {
			redriven.headers()
				.add(AbstractJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME, type.getBytes(StandardCharsets.UTF_8));
		}
		redriven.headers()
			.add(REDRIVEN_FROM_HEADER, "%s-%d@%d".formatted(record.topic(), record.partition(), record.offset())
				.getBytes(StandardCharsets.UTF_8));
		return redriven;
	}

	private static DeadLetter describe(ConsumerRecord<byte[], byte[]> record) {
		Headers headers = record.headers();
		return new DeadLetter(record.topic(), record.partition(), record.offset(),
				(record.key() != null) ? new String(record.key(), StandardCharsets.UTF_8) : null, typeOf(headers),
				text(headers, KafkaHeaders.DLT_ORIGINAL_TOPIC), intHeader(headers, KafkaHeaders.DLT_ORIGINAL_PARTITION),
				longHeader(headers, KafkaHeaders.DLT_ORIGINAL_OFFSET), text(headers, KafkaHeaders.DLT_EXCEPTION_FQCN),
				text(headers, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN), text(headers, KafkaHeaders.DLT_EXCEPTION_MESSAGE),
				Instant.ofEpochMilli(record.timestamp()));
	}

	/**
	 * The event type as the outbox writes it (its simple name). Dead letters written
	 * before the recoverer kept the original header carry the class name instead.
	 */
	private static String typeOf(Headers headers) {
		String type = text(headers, AbstractJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME);
		String events = SagaEvent.class.getPackageName() + ".";
		return (type != null && type.startsWith(events)) ? type.substring(events.length()) : type;
	}

	private static String text(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static Integer intHeader(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null && header.value().length == Integer.BYTES)
				? ByteBuffer.wrap(header.value()).getInt() : null;
	}

	private static Long longHeader(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null && header.value().length == Long.BYTES)
				? ByteBuffer.wrap(header.value()).getLong() : null;
	}

	/**
	 * What one read saw: the waiting records, each partition's end offset and what was
	 * re-driven from it before.
	 */
	private record Snapshot(List<ConsumerRecord<byte[], byte[]>> waiting, Map<TopicPartition, Long> ends,
			Map<TopicPartition, RedrivenOffsets> redriven) {

		Map<TopicPartition, OffsetAndMetadata> commitsAfter(List<ConsumerRecord<byte[], byte[]>> chosen) {
			Map<TopicPartition, List<Long>> chosenOffsets = chosen.stream()
				.collect(Collectors.groupingBy((record) -> new TopicPartition(record.topic(), record.partition()),
						Collectors.mapping(ConsumerRecord::offset, Collectors.toList())));
			Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
			chosenOffsets.forEach((partition, offsets) -> {
				List<Long> stillWaiting = this.waiting.stream()
					.filter((record) -> record.topic().equals(partition.topic())
							&& record.partition() == partition.partition() && !offsets.contains(record.offset()))
					.map(ConsumerRecord::offset)
					.toList();
				commits.put(partition, RedrivenOffsets.commit(stillWaiting, this.ends.get(partition),
						this.redriven.get(partition), offsets));
			});
			return commits;
		}

	}

}
