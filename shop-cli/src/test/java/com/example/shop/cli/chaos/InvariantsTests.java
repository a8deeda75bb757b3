package com.example.shop.cli.chaos;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.shop.cli.load.Call;
import com.example.shop.cli.load.Op;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariants against a shop played by WireMock over real HTTP: a healthy run holds
 * them all, and each kind of violation is caught by its own invariant.
 */
class InvariantsTests {

	private static final Scenario.Budgets BUDGETS = new Scenario.Budgets(Duration.ofSeconds(3), Duration.ofSeconds(2));

	private static final Invariants.Snapshot BEFORE = new Invariants.Snapshot(Map.of(1L, 10, 20L, 10),
			new BigDecimal("100.00"));

	private WireMockServer shop;

	private ShopData data;

	private final List<Call> calls = new ArrayList<>();

	@BeforeEach
	void healthyShop() {
		this.shop = new WireMockServer(options().dynamicPort());
		this.shop.start();
		URI base = URI.create(this.shop.baseUrl());
		this.data = new ShopData(List.of(base), base, base);
		// order a: 2 × product 1, confirmed, charged once; order b: product 20, declined
		order("a", "CONFIRMED", 1, 2, "20.00");
		order("b", "REJECTED", 20, 1, "4999.00");
		charges("a", "APPROVED");
		charges("b", "DECLINED");
		stock(8, 10);
		approvedTotal("120.00");
		this.calls.add(call("k-a", "a", false, 202));
		this.calls.add(call("k-b", "b", false, 202));
		this.calls.add(call("k-a", "a", true, 202));
		this.calls.add(call(null, null, false, 200));
	}

	@AfterEach
	void stop() {
		this.shop.stop();
	}

	@Test
	void aHealthyRunHoldsEveryInvariant() {
		assertThat(check()).allSatisfy((verdict) -> assertThat(verdict.held()).as(verdict.toString()).isTrue());
	}

	@Test
	void catchesADoubleChargeInTheLedgerAndInTheMoney() {
		charges("a", "APPROVED", "APPROVED");
		approvedTotal("140.00");

		assertThat(broken()).containsExactlyInAnyOrder(
				"no double charge: confirmed orders charged once, rejected never",
				"money adds up: charged = confirmed totals");
	}

	@Test
	void countsTheOrdersAcceptedLostAndChargedTwice() {
		charges("a", "APPROVED", "APPROVED");
		this.shop.stubFor(get("/api/orders/b").willReturn(notFound()));
		Scenario scenario = new Scenario("test", "", new Scenario.Load(1, Duration.ofSeconds(10)), List.of(), List.of(),
				BUDGETS);

		Invariants.Checked checked = Invariants.check(this.calls, Phases.of(this.calls, 0, scenario), BEFORE, this.data,
				BUDGETS);

		assertThat(checked.ordersAccepted()).isEqualTo(2);
		assertThat(checked.lost()).isEqualTo(1);
		assertThat(checked.doubleCharged()).isEqualTo(1);
	}

	@Test
	void catchesALostOrder() {
		this.shop.stubFor(get("/api/orders/a").willReturn(notFound()));

		assertThat(broken()).contains("no lost order");
	}

	@Test
	void catchesAnOrderThatNeverSettles() {
		order("a", "PENDING", 1, 2, "20.00");

		assertThat(broken()).contains("every order settles within 2 s");
	}

	@Test
	void catchesAKeyAnsweredWithAnotherOrder() {
		this.calls.add(call("k-a", "b", true, 202));

		assertThat(broken()).containsExactly("one order per idempotency key");
	}

	@Test
	void catchesStockTakenForARejectedOrder() {
		stock(8, 9);

		assertThat(broken()).containsExactly("stock adds up: taken = confirmed quantities, rejected released");
	}

	@Test
	void catchesAConfirmedOrderTheProviderDeclined() {
		order("b", "CONFIRMED", 20, 1, "4999.00");
		charges("b", "APPROVED");
		stock(8, 9);
		approvedTotal("5119.00");

		assertThat(broken()).containsExactly("declined payments reject the order");
	}

	@Test
	void countsAnOrderStoredDespiteAGatewayTimeoutOnceARetryWithItsKeyReplaysIt() {
		this.calls.add(call("k-c", null, false, 504));
		this.shop.stubFor(post("/api/orders").withHeader("Idempotency-Key", equalTo("k-c"))
			.willReturn(aResponse().withStatus(202)
				.withHeader("Content-Type", "application/json")
				.withHeader("Idempotent-Replayed", "true")
				.withBody("{\"orderId\":\"c\",\"status\":\"PENDING\"}")));
		order("c", "CONFIRMED", 1, 1, "10.00");
		charges("c", "APPROVED");
		stock(7, 10);
		approvedTotal("130.00");

		List<Invariants.Verdict> verdicts = check();

		assertThat(verdicts).allSatisfy((verdict) -> assertThat(verdict.held()).as(verdict.toString()).isTrue());
		assertThat(verdicts).filteredOn((verdict) -> verdict.name().startsWith("unclear answers"))
			.singleElement()
			.extracting(Invariants.Verdict::detail)
			.asString()
			.startsWith("1 keys got only a 5xx or no answer: 1 had been stored (replayed)");
		this.shop.verify(postRequestedFor(urlEqualTo("/api/orders")).withHeader("Idempotency-Key", equalTo("k-c")));
	}

	@Test
	void withoutTheRetryThatStoredOrderWouldBreakTheMoneyAndTheStock() {
		this.calls.add(call("k-c", null, false, 504));
		this.shop.stubFor(post("/api/orders").willReturn(aResponse().withStatus(503)));
		stock(7, 10);
		approvedTotal("130.00");

		assertThat(broken()).containsExactlyInAnyOrder("unclear answers resolved by retrying with the same key",
				"stock adds up: taken = confirmed quantities, rejected released",
				"money adds up: charged = confirmed totals");
	}

	@Test
	void catchesUnansweredCallsAndSlowPhases() {
		this.calls.add(new Call(1_000, "r-x", Op.BROWSE_PRODUCT, "c", "GET", "/api/products/1", null, null, 0,
				"timeout", 10_000, null, false, null, null));

		assertThat(broken()).containsExactlyInAnyOrder("every call answered", "p99 within 3000 ms in every phase");
	}

	private List<Invariants.Verdict> check() {
		Scenario scenario = new Scenario("test", "", new Scenario.Load(1, Duration.ofSeconds(10)), List.of(), List.of(),
				BUDGETS);
		return Invariants.check(this.calls, Phases.of(this.calls, 0, scenario), BEFORE, this.data, BUDGETS).verdicts();
	}

	private List<String> broken() {
		return check().stream().filter((verdict) -> !verdict.held()).map(Invariants.Verdict::name).toList();
	}

	private void order(String id, String status, long product, int quantity, String total) {
		this.shop.stubFor(get("/api/orders/" + id).willReturn(okJson("""
				{"orderId":"%s","status":"%s","items":[{"productId":%d,"quantity":%d}],"total":%s}""".formatted(id,
				status, product, quantity, total))));
	}

	private void charges(String orderId, String... statuses) {
		List<String> charges = new ArrayList<>();
		for (String status : statuses) {
			charges.add("{\"status\":\"" + status + "\"}");
		}
		this.shop.stubFor(get(urlEqualTo("/charges?reference=" + orderId))
			.willReturn(okJson("[" + String.join(",", charges) + "]")));
	}

	private void stock(int product1, int product20) {
		this.shop.stubFor(get(urlEqualTo("/api/products?page=0&size=100")).willReturn(okJson("""
				{"content":[{"id":1,"stock":%d},{"id":20,"stock":%d}]}""".formatted(product1, product20))));
	}

	private void approvedTotal(String total) {
		this.shop.stubFor(get("/charges/summary").willReturn(okJson("{\"approvedTotal\":" + total + "}")));
	}

	private static Call call(String key, String orderId, boolean replayed, int status) {
		return new Call(1_000, "r-" + key, (key != null) ? Op.PLACE_ORDER : Op.BROWSE_PRODUCT, "c",
				(key != null) ? "POST" : "GET", (key != null) ? "/api/orders" : "/api/products/1", key, null, status,
				null, 20, null, replayed, orderId, (orderId != null) ? "PENDING" : null);
	}

}
