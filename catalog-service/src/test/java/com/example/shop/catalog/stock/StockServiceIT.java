package com.example.shop.catalog.stock;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import com.example.shop.catalog.TestInfrastructureConfiguration;
import com.example.shop.messaging.OrderPlaced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orders racing for the same products, straight at the service (the listener handles one
 * partition at a time; several consumers or instances do race).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(TestInfrastructureConfiguration.class)
class StockServiceIT {

	private static final int ORDERS = 8;

	@Autowired
	private StockService stock;

	@Autowired
	private JdbcClient jdbc;

	private long scarce;

	private long plenty;

	@BeforeEach
	void createProducts() {
		this.scarce = insertProduct("Race test: scarce", 3);
		this.plenty = insertProduct("Race test: plenty", 100);
	}

	@AfterEach
	void deleteProducts() {
		this.jdbc.sql("DELETE FROM product WHERE id IN (?, ?)").params(this.scarce, this.plenty).update();
	}

	@Test
	void ordersRacingForTheLastUnitsNeverOversellNorDeadlock() {
		List<UUID> orderIds = IntStream.range(0, ORDERS).mapToObj((i) -> UUID.randomUUID()).toList();
		List<CompletableFuture<Void>> reservations = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(ORDERS)) {
			for (int i = 0; i < ORDERS; i++) {
				// Half the orders list the products the other way round.
				List<OrderPlaced.Line> lines = (i % 2 == 0)
						? List.of(new OrderPlaced.Line(this.scarce, 1), new OrderPlaced.Line(this.plenty, 1))
						: List.of(new OrderPlaced.Line(this.plenty, 1), new OrderPlaced.Line(this.scarce, 1));
				OrderPlaced order = OrderPlaced.of(orderIds.get(i), "c-42", lines, BigDecimal.TEN);
				reservations.add(CompletableFuture.runAsync(() -> this.stock.reserve(order), threads));
			}
			CompletableFuture.allOf(reservations.toArray(CompletableFuture[]::new)).join();
		}

		List<String> statuses = statusesOf(orderIds);
		assertThat(statuses).hasSize(ORDERS).containsOnly("RESERVED", "REJECTED");
		assertThat(statuses).filteredOn("RESERVED"::equals).hasSize(3);
		assertThat(stockOf(this.scarce)).isZero();
		assertThat(stockOf(this.plenty)).isEqualTo(97);
	}

	private long insertProduct(String name, int stock) {
		return this.jdbc.sql(
				"INSERT INTO product (name, description, price, stock) VALUES (?, 'For a test', 10.00, ?) RETURNING id")
			.params(name, stock)
			.query(Long.class)
			.single();
	}

	private List<String> statusesOf(List<UUID> orderIds) {
		return this.jdbc.sql("SELECT status FROM stock_reservation WHERE order_id IN (:ids)")
			.param("ids", orderIds)
			.query(String.class)
			.list();
	}

	private int stockOf(long productId) {
		return this.jdbc.sql("SELECT stock FROM product WHERE id = ?").param(productId).query(Integer.class).single();
	}

}
