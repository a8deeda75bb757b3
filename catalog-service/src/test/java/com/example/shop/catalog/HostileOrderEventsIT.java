package com.example.shop.catalog;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.example.shop.messaging.OrderPlaced;
import com.example.shop.messaging.StockReserved;
import com.example.shop.messaging.Topics;
import com.example.shop.testing.TestInfrastructure;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.mapping.AbstractJavaTypeMapper;
import org.springframework.kafka.support.serializer.DeserializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Malformed and unknown records on the orders topic, as the real catalog consumes them
 * (real Kafka and PostgreSQL): each goes to the dead-letter topic after at most its
 * bounded retries, the good order right behind it on the same partition is still
 * reserved, and the bad one changes no stock, no reservation and no event. Every bad
 * record carries the good order's id (as key and, where it has one, in its body): had it
 * been taken for an order, the good one would have been ignored as its redelivery.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(TestInfrastructureConfiguration.class)
class HostileOrderEventsIT {

	private static final Duration SETTLED = Duration.ofSeconds(30);

	private static final String DEAD_LETTERS = Topics.ORDERS + Topics.DEAD_LETTER_SUFFIX;

	private static final int QUANTITY = 2;

	/**
	 * An order as order-service writes it, for the records that are fine but for their
	 * headers.
	 */
	private static final String ORDER = """
			{"eventId":"%s","occurredAt":"2026-01-01T00:00:00Z","orderId":"%%s","customerId":"c-42",\
			"lines":[{"productId":%%d,"quantity":1}],"total":1.00}""".formatted(UUID.randomUUID());

	@Autowired
	private KafkaTemplate<String, String> kafka;

	@Autowired
	private ObjectMapper json;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ConsumerFactory<Object, Object> consumers;

	private long product;

	@BeforeEach
	void createProduct() {
		this.product = this.jdbc.sql(
				"INSERT INTO product (name, description, price, stock) VALUES ('Hostile events', 'For a test', 10.00, 50)"
						+ " RETURNING id")
			.query(Long.class)
			.single();
	}

	@AfterEach
	void deleteProduct() {
		this.jdbc.sql("DELETE FROM product WHERE id = ?").param(this.product).update();
	}

	/**
	 * What is wrong with the record, its type header, its value (given the order id and
	 * the product id; {@code null}: none), and whether it fails before the listener, in
	 * which case the dead letter keeps its very bytes.
	 */
	static Stream<Arguments> hostileRecords() {
		return Stream.of(Arguments.of("an unknown type", "NoSuchEvent", ORDER, true),
				Arguments.of("no type header", null, ORDER, true),
				Arguments.of("a value that is no JSON", "OrderPlaced",
						"{\"orderId\":\"%s\",\"lines\":[{\"productId\":%d,\"quantity\":", true),
				Arguments.of("an order id that is no UUID", "OrderPlaced",
						"{\"orderId\":\"order-%2$d\",\"lines\":[{\"productId\":%2$d,\"quantity\":1}],\"x\":\"%1$s\"}",
						true),
				Arguments.of("lines that are no list", "OrderPlaced",
						"{\"orderId\":\"%s\",\"customerId\":\"c\",\"lines\":\"product %d\"}", true),
				Arguments.of("a product id that is no number", "OrderPlaced",
						"{\"orderId\":\"%s\",\"lines\":[{\"productId\":\"%d; DROP TABLE product\",\"quantity\":1}]}",
						true),
				Arguments.of("a quantity beyond int", "OrderPlaced",
						"{\"orderId\":\"%s\",\"lines\":[{\"productId\":%d,\"quantity\":99999999999}]}", true),
				Arguments.of("an event of another topic", "StockReserved", ORDER, false),
				Arguments.of("no lines at all", "OrderPlaced", "{\"orderId\":\"%s\",\"customerId\":\"c-%d\"}", false),
				Arguments.of("a negative quantity", "OrderPlaced",
						"{\"orderId\":\"%s\",\"lines\":[{\"productId\":%d,\"quantity\":-5}]}", false),
				Arguments.of("quantities that overflow when added up", "OrderPlaced",
						"{\"orderId\":\"%s\",\"lines\":[{\"productId\":%2$d,\"quantity\":2147483647},"
								+ "{\"productId\":%2$d,\"quantity\":2147483647},{\"productId\":%2$d,\"quantity\":3}]}",
						false),
				Arguments.of("no value (a tombstone)", "OrderPlaced", null, false));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileRecords")
	void deadLettersTheRecordAndReservesTheNextOrderOnItsPartition(String what, String type, String template,
			boolean failsBeforeTheListener) throws Exception {
		UUID orderId = UUID.randomUUID();
		String value = (template != null) ? template.formatted(orderId, this.product) : null;
		try (StockEvents stockEvents = new StockEvents(this.consumers)) {
			send(orderId, type, value);
			send(orderId, "OrderPlaced", this.json.writeValueAsString(OrderPlaced.of(orderId, "c-42",
					List.of(new OrderPlaced.Line(this.product, QUANTITY)), BigDecimal.TEN)));

			await().atMost(SETTLED).until(() -> "RESERVED".equals(reservationStatus(orderId)));
			assertThat(stock()).isEqualTo(50 - QUANTITY);
			assertThat(reservationLines(orderId)).containsExactly(this.product + "x" + QUANTITY);
			await().atMost(SETTLED)
				.untilAsserted(
						() -> assertThat(stockEvents.of(orderId)).singleElement().isInstanceOf(StockReserved.class));
		}
		ConsumerRecord<String, byte[]> deadLetter = awaitDeadLetter(orderId);
		if (failsBeforeTheListener) {
			assertThat(header(deadLetter, "kafka_dlt-exception-fqcn"))
				.isEqualTo(DeserializationException.class.getName());
			assertThat(new String(deadLetter.value(), StandardCharsets.UTF_8)).isEqualTo(value);
		}
		else {
			assertThat(header(deadLetter, "kafka_dlt-exception-fqcn"))
				.isEqualTo(ListenerExecutionFailedException.class.getName());
		}
	}

	private void send(UUID key, String type, String value) throws Exception {
		ProducerRecord<String, String> record = new ProducerRecord<>(Topics.ORDERS, key.toString(), value);
		if (type != null) {
			record.headers()
				.add(AbstractJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME, type.getBytes(StandardCharsets.UTF_8));
		}
		this.kafka.send(record).get(10, TimeUnit.SECONDS);
	}

	private ConsumerRecord<String, byte[]> awaitDeadLetter(UUID orderId) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + orderId),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTERS)
				.stream()
				.map((partition) -> new TopicPartition(DEAD_LETTERS, partition.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
			await().atMost(SETTLED).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> found.add(record));
				return found.stream().anyMatch((record) -> orderId.toString().equals(record.key()));
			});
			List<ConsumerRecord<String, byte[]>> mine = found.stream()
				.filter((record) -> orderId.toString().equals(record.key()))
				.toList();
			assertThat(mine).as("dead letters of order %s", orderId).hasSize(1);
			return mine.get(0);
		}
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private int stock() {
		return this.jdbc.sql("SELECT stock FROM product WHERE id = ?")
			.param(this.product)
			.query(Integer.class)
			.single();
	}

	private String reservationStatus(UUID orderId) {
		return this.jdbc.sql("SELECT status FROM stock_reservation WHERE order_id = ?")
			.param(orderId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private List<String> reservationLines(UUID orderId) {
		return this.jdbc.sql("SELECT product_id || 'x' || quantity FROM stock_reservation_line WHERE order_id = ?")
			.param(orderId)
			.query(String.class)
			.list();
	}

}
