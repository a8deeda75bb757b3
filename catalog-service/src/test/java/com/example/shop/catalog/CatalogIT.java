package com.example.shop.catalog;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import com.example.shop.messaging.OrderPlaced;
import com.example.shop.messaging.OrderRejected;
import com.example.shop.messaging.SagaEvent;
import com.example.shop.messaging.StockRejected;
import com.example.shop.messaging.StockReserved;
import com.example.shop.messaging.Topics;
import com.example.shop.messaging.outbox.Outbox;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.mapping.AbstractJavaTypeMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog as the saga sees it: real PostgreSQL (primary and replica), real Kafka,
 * events in and out through the topics.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(TestInfrastructureConfiguration.class)
class CatalogIT {

	private static final long MUG = 1;

	private static final long DRIPPER = 3;

	private static final long KNIFE = 5;

	private static final long FIRST_EDITION = 19;

	private static final long PIANO = 20;

	@Autowired
	private TestRestTemplate rest;

	@Autowired
	private KafkaTemplate<String, String> kafka;

	@Autowired
	private ObjectMapper json;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ConsumerFactory<Object, Object> consumers;

	@Autowired
	private KafkaAdmin kafkaAdmin;

	@Autowired
	private Outbox outbox;

	@Value("${spring.kafka.consumer.group-id}")
	private String groupId;

	private StockEvents stockEvents;

	@BeforeEach
	void readStockTopic() {
		this.stockEvents = new StockEvents(this.consumers);
	}

	@AfterEach
	void closeStockTopic() {
		this.stockEvents.close();
	}

	@Nested
	class Products {

		@Test
		void listsTheTwentySeededProductsSortedById() {
			ResponseEntity<ProductPage> response = CatalogIT.this.rest.getForEntity("/api/products?page=0&size=20",
					ProductPage.class);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			ProductPage page = response.getBody();
			assertThat(page.content()).extracting(ProductJson::id)
				.containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
			assertThat(page.content().get(18).name()).isEqualTo("Signed first edition");
			assertThat(page.page().size()).isEqualTo(20);
			assertThat(page.page().number()).isZero();
			// Other tests may add products after the seed; the seed itself is always
			// there.
			assertThat(page.page().totalElements()).isGreaterThanOrEqualTo(20);
		}

		@Test
		void answersOneProductWithItsExactPrice() {
			ResponseEntity<String> response = CatalogIT.this.rest.getForEntity("/api/products/" + PIANO, String.class);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getBody()).contains("\"id\":20", "\"name\":\"Concert grand piano\"",
					"\"price\":4999.00", "\"stock\":10");
		}

		@Test
		void answersNotFoundAsAProblemForAnUnknownProduct() {
			ResponseEntity<String> response = CatalogIT.this.rest.getForEntity("/api/products/9999", String.class);

			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
			assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(response.getBody()).contains("https://shop.example.com/problems/product-not-found");
		}

	}

	@Nested
	class Reserve {

		@Test
		void reservesEveryLineAndAnnouncesStockReserved() {
			int dripper = stock(DRIPPER);
			int knife = stock(KNIFE);
			UUID orderId = UUID.randomUUID();

			send(order(orderId, line(DRIPPER, 3), line(KNIFE, 1)));

			eventually().untilAsserted(() -> assertThat(CatalogIT.this.stockEvents.of(orderId)).singleElement()
				.isInstanceOf(StockReserved.class));
			assertThat(stock(DRIPPER)).isEqualTo(dripper - 3);
			assertThat(stock(KNIFE)).isEqualTo(knife - 1);
			assertThat(reservationStatus(orderId)).isEqualTo("RESERVED");
		}

		@Test
		void rejectsAnOrderForMoreThanIsLeftAndTakesNothing() {
			int firstEdition = stock(FIRST_EDITION);
			int mug = stock(MUG);
			UUID orderId = UUID.randomUUID();

			send(order(orderId, line(MUG, 1), line(FIRST_EDITION, firstEdition + 1)));

			eventually().untilAsserted(() -> assertThat(CatalogIT.this.stockEvents.of(orderId)).singleElement()
				.isInstanceOfSatisfying(StockRejected.class,
						(rejected) -> assertThat(rejected.reason()).isEqualTo("OUT_OF_STOCK")));
			assertThat(stock(FIRST_EDITION)).isEqualTo(firstEdition);
			assertThat(stock(MUG)).isEqualTo(mug);
			assertThat(reservationStatus(orderId)).isEqualTo("REJECTED");
		}

		@Test
		void rejectsAnOrderForAnUnknownProductAndTakesNothing() {
			int mug = stock(MUG);
			UUID orderId = UUID.randomUUID();

			send(order(orderId, line(MUG, 1), line(9999, 1)));

			eventually().untilAsserted(() -> assertThat(CatalogIT.this.stockEvents.of(orderId)).singleElement()
				.isInstanceOfSatisfying(StockRejected.class,
						(rejected) -> assertThat(rejected.reason()).isEqualTo("UNKNOWN_PRODUCT")));
			assertThat(stock(MUG)).isEqualTo(mug);
		}

		@Test
		void reservesOnceWhenTheSameOrderIsDeliveredTwice() {
			int dripper = stock(DRIPPER);
			UUID orderId = UUID.randomUUID();
			OrderPlaced order = order(orderId, line(DRIPPER, 2));

			send(order);
			awaitProcessed(send(order));
			awaitOutboxDrained();

			assertThat(stock(DRIPPER)).isEqualTo(dripper - 2);
			assertThat(CatalogIT.this.stockEvents.of(orderId)).singleElement().isInstanceOf(StockReserved.class);
		}

	}

	@Nested
	class Release {

		@Test
		void putsBackTheStockOfARejectedOrderAndAnnouncesNothing() {
			int dripper = stock(DRIPPER);
			UUID orderId = UUID.randomUUID();
			send(order(orderId, line(DRIPPER, 2)));
			eventually().until(() -> stock(DRIPPER) == dripper - 2);

			awaitProcessed(send(OrderRejected.of(orderId, "PAYMENT_DECLINED")));
			awaitOutboxDrained();

			assertThat(stock(DRIPPER)).isEqualTo(dripper);
			assertThat(reservationStatus(orderId)).isEqualTo("RELEASED");
			assertThat(CatalogIT.this.stockEvents.of(orderId)).singleElement().isInstanceOf(StockReserved.class);
		}

		@Test
		void putsBackTheStockOnlyOnceWhenTheRejectionIsDeliveredTwice() {
			int dripper = stock(DRIPPER);
			UUID orderId = UUID.randomUUID();
			send(order(orderId, line(DRIPPER, 2)));
			eventually().until(() -> stock(DRIPPER) == dripper - 2);
			OrderRejected rejection = OrderRejected.of(orderId, "PAYMENT_DECLINED");

			send(rejection);
			awaitProcessed(send(rejection));

			assertThat(stock(DRIPPER)).isEqualTo(dripper);
		}

		@Test
		void putsNothingBackForAnOrderThatWasRejectedForStock() {
			int firstEdition = stock(FIRST_EDITION);
			UUID orderId = UUID.randomUUID();
			send(order(orderId, line(FIRST_EDITION, firstEdition + 1)));
			eventually().until(() -> "REJECTED".equals(reservationStatus(orderId)));

			awaitProcessed(send(OrderRejected.of(orderId, "OUT_OF_STOCK")));

			assertThat(stock(FIRST_EDITION)).isEqualTo(firstEdition);
			assertThat(reservationStatus(orderId)).isEqualTo("REJECTED");
		}

	}

	private static OrderPlaced order(UUID orderId, OrderPlaced.Line... lines) {
		return OrderPlaced.of(orderId, "c-42", List.of(lines), BigDecimal.TEN);
	}

	private static OrderPlaced.Line line(long productId, int quantity) {
		return new OrderPlaced.Line(productId, quantity);
	}

	/**
	 * Sends {@code event} to the orders topic the way the order-service's outbox relay
	 * does.
	 */
	private RecordMetadata send(SagaEvent event) {
		try {
			ProducerRecord<String, String> record = new ProducerRecord<>(Topics.ORDERS, event.orderId().toString(),
					this.json.writeValueAsString(event));
			record.headers()
				.add(AbstractJavaTypeMapper.DEFAULT_CLASSID_FIELD_NAME, event.type().getBytes(StandardCharsets.UTF_8));
			return this.kafka.send(record).get(10, TimeUnit.SECONDS).getRecordMetadata();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not send " + event, ex);
		}
	}

	/**
	 * Waits until the catalog's listener committed the offset after {@code sent}: it has
	 * processed it (and every record before it on its partition).
	 */
	private void awaitProcessed(RecordMetadata sent) {
		TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
		try (Admin admin = Admin.create(this.kafkaAdmin.getConfigurationProperties())) {
			eventually().untilAsserted(() -> {
				Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(this.groupId)
					.partitionsToOffsetAndMetadata()
					.get();
				assertThat(committed.get(partition)).isNotNull();
				assertThat(committed.get(partition).offset()).isGreaterThan(sent.offset());
			});
		}
	}

	private void awaitOutboxDrained() {
		eventually().until(() -> this.outbox.backlog() == 0);
	}

	/** Stock as the primary has it (this test checks writes, not replication). */
	private int stock(long productId) {
		return this.jdbc.sql("SELECT stock FROM product WHERE id = ?").param(productId).query(Integer.class).single();
	}

	private String reservationStatus(UUID orderId) {
		return this.jdbc.sql("SELECT status FROM stock_reservation WHERE order_id = ?")
			.param(orderId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private static ConditionFactory eventually() {
		return await().atMost(Duration.ofSeconds(30)).pollInSameThread();
	}

	record ProductPage(List<ProductJson> content, PageJson page) {
	}

	record ProductJson(long id, String name, String description, BigDecimal price, int stock) {
	}

	record PageJson(int size, int number, long totalElements, int totalPages) {
	}

}
