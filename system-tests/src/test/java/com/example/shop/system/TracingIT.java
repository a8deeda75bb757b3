package com.example.shop.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace per order, across the whole shop as {@code ./shop up} runs it: the gateway
 * answers with {@code X-Trace-Id}, and that id is in the log lines of every part the
 * order's saga went through, over HTTP (gateway → order → catalog, payment → provider)
 * and over Kafka through the outboxes (order → catalog → order → payment → order).
 */
@ExtendWith(RunningShop.class)
class TracingIT {

	private static final Duration SAGA = Duration.ofSeconds(90);

	private static final ShopClient client = new ShopClient();

	@Test
	void followsAnOrderFromTheGatewayThroughEveryServiceInOneTrace(LocalShop shop) {
		ShopClient.Answer answer = client.placeOrder("it-" + UUID.randomUUID(), "c-trace", 1, 1);
		assertThat(answer.status()).isEqualTo(202);
		String orderId = answer.body().get("orderId").asText();
		String traceId = answer.header("X-Trace-Id");
		assertThat(traceId).matches("[0-9a-f]{32}");

		await().atMost(SAGA)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> client.order(orderId).get("status").asText(), "CONFIRMED"::equals);

		// order-1 or order-2 took the POST, one of them each saga step: together they
		// hold it.
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(linesWith(shop, "gateway", traceId)).as("gateway").isNotEmpty();
			assertThat(linesWith(shop, "catalog", traceId)).as("catalog").anyMatch((line) -> line.contains(orderId));
			assertThat(linesWith(shop, "payment", traceId)).as("payment").anyMatch((line) -> line.contains(orderId));
			assertThat(linesWith(shop, "provider", traceId)).as("provider").anyMatch((line) -> line.contains(orderId));
			List<String> orders = new ArrayList<>(linesWith(shop, "order-1", traceId));
			orders.addAll(linesWith(shop, "order-2", traceId));
			assertThat(orders).as("order-service")
				.anyMatch((line) -> line.contains(orderId) && line.contains("placed"))
				.anyMatch((line) -> line.contains(orderId) && line.contains("CONFIRMED"));
		});
	}

	private static List<String> linesWith(LocalShop shop, String part, String traceId) {
		try (var lines = Files.lines(shop.log(part))) {
			return lines.filter((line) -> line.contains(traceId)).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
