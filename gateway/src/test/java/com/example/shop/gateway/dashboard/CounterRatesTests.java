package com.example.shop.gateway.dashboard;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CounterRatesTests {

	private final CounterRates rates = new CounterRates(Duration.ofMinutes(1));

	private final Instant start = Instant.parse("2026-12-01T10:00:00Z");

	@Test
	void countsOnlyGrowthSeenSinceTheFirstLook() {
		this.rates.observe(this.start, "order-1{status=PENDING}", "PENDING", 500);
		this.rates.observe(at(1), "order-1{status=PENDING}", "PENDING", 503);
		this.rates.observe(at(2), "order-1{status=PENDING}", "PENDING", 510);

		assertThat(this.rates.within(at(2))).containsEntry("PENDING", 10L);
	}

	@Test
	void addsUpTheInstancesOfAGroup() {
		this.rates.observe(this.start, "order-1{status=CONFIRMED}", "CONFIRMED", 1);
		this.rates.observe(this.start, "order-2{status=CONFIRMED}", "CONFIRMED", 7);
		this.rates.observe(at(5), "order-1{status=CONFIRMED}", "CONFIRMED", 3);
		this.rates.observe(at(5), "order-2{status=CONFIRMED}", "CONFIRMED", 10);

		assertThat(this.rates.within(at(5))).containsEntry("CONFIRMED", 5L);
	}

	@Test
	void countsARestartedServiceFromZero() {
		this.rates.observe(this.start, "order-1{status=PENDING}", "PENDING", 40);
		this.rates.observe(at(10), "order-1{status=PENDING}", "PENDING", 4);

		assertThat(this.rates.within(at(10))).containsEntry("PENDING", 4L);
	}

	@Test
	void forgetsGrowthOlderThanTheWindow() {
		this.rates.observe(this.start, "gateway{reason=catalog-cache}", "catalog-cache", 0);
		this.rates.observe(at(10), "gateway{reason=catalog-cache}", "catalog-cache", 6);
		this.rates.observe(at(50), "gateway{reason=catalog-cache}", "catalog-cache", 8);

		assertThat(this.rates.within(at(55))).containsEntry("catalog-cache", 8L);
		assertThat(this.rates.within(at(75))).containsEntry("catalog-cache", 2L);
		assertThat(this.rates.within(at(200))).isEmpty();
	}

	@Test
	void ignoresNotANumber() {
		this.rates.observe(this.start, "s", "g", 1);
		this.rates.observe(at(1), "s", "g", Double.NaN);
		this.rates.observe(at(2), "s", "g", 3);

		assertThat(this.rates.within(at(2))).containsEntry("g", 2L);
	}

	private Instant at(long seconds) {
		return this.start.plusSeconds(seconds);
	}

}
