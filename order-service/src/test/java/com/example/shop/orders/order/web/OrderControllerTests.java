package com.example.shop.orders.order.web;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;

import java.util.List;
import java.util.UUID;

import com.example.shop.orders.catalog.CatalogUnavailableException;
import com.example.shop.orders.catalog.UnknownProductException;
import com.example.shop.orders.idempotency.IdempotencyKey;
import com.example.shop.orders.idempotency.IdempotencyKeyReusedException;
import com.example.shop.orders.idempotency.IdempotentResponse;
import com.example.shop.orders.idempotency.RequestInFlightException;
import com.example.shop.orders.order.OrderNotFoundException;
import com.example.shop.orders.order.OrderService;
import com.example.shop.orders.order.PlaceOrder;
import org.hibernate.TransactionException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(OrderController.class)
class OrderControllerTests {

	private static final String PROBLEMS = "https://shop.example.com/problems/";

	private static final String ORDER = """
			{"customerId":"c-42","items":[{"productId":1,"quantity":2}]}""";

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private OrderService orders;

	@Nested
	class Place {

		@Test
		void acceptsAnOrderWithLocationAndTheStoredAnswer() {
			UUID orderId = UUID.randomUUID();
			String body = "{\"orderId\":\"" + orderId + "\",\"status\":\"PENDING\"}";
			given(OrderControllerTests.this.orders.place(any(), any()))
				.willReturn(IdempotentResponse.first(202, body, orderId));

			MvcTestResult result = post("key-1", ORDER);

			assertThat(result).hasStatus(202)
				.hasHeader(HttpHeaders.LOCATION, "/api/orders/" + orderId)
				.doesNotContainHeader(OrderController.IDEMPOTENT_REPLAYED)
				.hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON)
				.hasBodyTextEqualTo(body);
			then(OrderControllerTests.this.orders).should()
				.place(new IdempotencyKey("key-1"), new PlaceOrder("c-42", List.of(new PlaceOrder.Item(1, 2))));
		}

		@Test
		void marksAReplayedAnswer() {
			UUID orderId = UUID.randomUUID();
			given(OrderControllerTests.this.orders.place(any(), any()))
				.willReturn(new IdempotentResponse(202, "{}", orderId, true));

			assertThat(post("key-1", ORDER)).hasStatus(202)
				.hasHeader(OrderController.IDEMPOTENT_REPLAYED, "true")
				.hasHeader(HttpHeaders.LOCATION, "/api/orders/" + orderId);
		}

		@Test
		void refusesARequestWithoutIdempotencyKey() {
			MvcTestResult result = OrderControllerTests.this.mvc.post()
				.uri("/api/orders")
				.contentType(MediaType.APPLICATION_JSON)
				.content(ORDER)
				.exchange();

			assertProblem(result, 400, "invalid-idempotency-key");
			verifyNoInteractions(OrderControllerTests.this.orders);
		}

		@Test
		void refusesAMalformedIdempotencyKey() {
			assertProblem(post("not a key!", ORDER), 400, "invalid-idempotency-key");
			assertProblem(post("k".repeat(65), ORDER), 400, "invalid-idempotency-key");
			verifyNoInteractions(OrderControllerTests.this.orders);
		}

		@Test
		void refusesMalformedJson() {
			assertProblem(post("key-1", "{\"customerId\":\"c-42\",\"items\":[{"), 400, "malformed-request");
			assertProblem(post("key-1", "{\"customerId\":\"c-42\",\"items\":[{\"productId\":\"one\",\"quantity\":1}]}"),
					400, "malformed-request");
			verifyNoInteractions(OrderControllerTests.this.orders);
		}

		@Test
		void refusesANonPositiveQuantityNamingTheField() {
			MvcTestResult result = post("key-1", """
					{"customerId":"c-42","items":[{"productId":1,"quantity":0}]}""");

			assertProblem(result, 400, "invalid-request");
			assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("items[0].quantity");
			assertProblem(post("key-1", """
					{"customerId":"c-42","items":[{"productId":1,"quantity":-3}]}"""), 400, "invalid-request");
			verifyNoInteractions(OrderControllerTests.this.orders);
		}

		@Test
		void refusesTooLargeAQuantity() {
			assertProblem(post("key-1", """
					{"customerId":"c-42","items":[{"productId":1,"quantity":101}]}"""), 400, "invalid-request");
			verifyNoInteractions(OrderControllerTests.this.orders);
		}

		@Test
		void refusesEmptyOrMissingItems() {
			MvcTestResult result = post("key-1", """
					{"customerId":"c-42","items":[]}""");

			assertProblem(result, 400, "invalid-request");
			assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("items");
			assertProblem(post("key-1", """
					{"customerId":"c-42"}"""), 400, "invalid-request");
			verifyNoInteractions(OrderControllerTests.this.orders);
		}

		@Test
		void refusesABlankCustomerOrAMissingProduct() {
			assertProblem(post("key-1", """
					{"customerId":" ","items":[{"productId":1,"quantity":1}]}"""), 400, "invalid-request");
			assertProblem(post("key-1", """
					{"customerId":"c-42","items":[{"quantity":1}]}"""), 400, "invalid-request");
			verifyNoInteractions(OrderControllerTests.this.orders);
		}

		@Test
		void refusesTheSameProductTwice() {
			MvcTestResult result = post("key-1", """
					{"customerId":"c-42","items":[{"productId":1,"quantity":1},{"productId":1,"quantity":2}]}""");

			assertProblem(result, 400, "invalid-request");
			assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("eachProductOnce");
			verifyNoInteractions(OrderControllerTests.this.orders);
		}

		@Test
		void answersConflictWhileTheKeyIsInFlight() {
			given(OrderControllerTests.this.orders.place(any(), any())).willThrow(RequestInFlightException.class);

			MvcTestResult result = post("key-1", ORDER);

			assertProblem(result, 409, "request-in-flight");
			assertThat(result).hasHeader(HttpHeaders.RETRY_AFTER, "1");
		}

		@Test
		void answersUnprocessableForAKeyReusedWithAnotherBody() {
			given(OrderControllerTests.this.orders.place(any(), any())).willThrow(IdempotencyKeyReusedException.class);

			assertProblem(post("key-1", ORDER), 422, "idempotency-key-reused");
		}

		@Test
		void answersBadRequestForAnUnknownProduct() {
			given(OrderControllerTests.this.orders.place(any(), any())).willThrow(UnknownProductException.class);

			assertProblem(post("key-1", ORDER), 400, "unknown-product");
		}

		@Test
		void answersServiceUnavailableWithRetryAfterWhenCatalogIsDown() {
			given(OrderControllerTests.this.orders.place(any(), any())).willThrow(CatalogUnavailableException.class);

			MvcTestResult result = post("key-1", ORDER);

			assertProblem(result, 503, "catalog-unavailable");
			assertThat(result).hasHeader(HttpHeaders.RETRY_AFTER, "5");
		}

		@ParameterizedTest
		@MethodSource("com.example.shop.orders.order.web.OrderControllerTests#lostDatabaseConnections")
		void answersServiceUnavailableWithRetryAfterWhenTheDatabaseIsLost(RuntimeException failure) {
			given(OrderControllerTests.this.orders.place(any(), any())).willThrow(failure);

			MvcTestResult result = post("key-1", ORDER);

			assertProblem(result, 503, "database-unavailable");
			assertThat(result).hasHeader(HttpHeaders.RETRY_AFTER, "5");
		}

		@Test
		void hidesTheCauseOfAnUnexpectedFailure() {
			given(OrderControllerTests.this.orders.place(any(), any()))
				.willThrow(new IllegalStateException("secret table name"));

			MvcTestResult result = post("key-1", ORDER);

			assertProblem(result, 500, "internal-error");
			assertThat(result).bodyText().doesNotContain("secret");
		}

	}

	@Nested
	class Find {

		@Test
		void answersNotFoundForAnUnknownOrder() {
			given(OrderControllerTests.this.orders.find(any())).willThrow(OrderNotFoundException.class);

			assertProblem(OrderControllerTests.this.mvc.get().uri("/api/orders/{id}", UUID.randomUUID()).exchange(),
					404, "order-not-found");
		}

		@Test
		void answersBadRequestForAnIdThatIsNoUuid() {
			assertThat(OrderControllerTests.this.mvc.get().uri("/api/orders/42")).hasStatus(400);
			verifyNoInteractions(OrderControllerTests.this.orders);
		}

	}

	private MvcTestResult post(String key, String body) {
		return this.mvc.post()
			.uri("/api/orders")
			.header(IdempotencyKey.HEADER, key)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	/** What a request meets when the primary goes away under it, as seen in the logs. */
	static Stream<RuntimeException> lostDatabaseConnections() {
		return Stream.of(
				// no connection within the pool's timeout, or the orders-db breaker is
				// open
				new CannotCreateTransactionException("Could not open JPA EntityManager for transaction",
						new SQLTransientConnectionException("Connection is not available")),
				// a statement's answer never came (socket timeout, SQL state 08006)
				new JpaSystemException(new RuntimeException(new SQLException("An I/O error occurred", "08006",
						new SocketTimeoutException("Read timed out")))),
				// the rollback after that failed: the pool had already closed the
				// connection
				new JpaSystemException(new TransactionException("Unable to rollback against JDBC Connection",
						new SQLException("Connection is closed"))));
	}

	private static void assertProblem(MvcTestResult result, int status, String type) {
		assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(PROBLEMS + type);
	}

}
