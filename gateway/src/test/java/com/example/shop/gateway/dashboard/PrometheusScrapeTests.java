package com.example.shop.gateway.dashboard;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusScrapeTests {

	private static final String SCRAPE = """
			# HELP resilience4j_circuitbreaker_state The states of the circuit breaker
			# TYPE resilience4j_circuitbreaker_state gauge
			resilience4j_circuitbreaker_state{name="catalog",state="closed"} 0.0
			resilience4j_circuitbreaker_state{name="catalog",state="open"} 1.0
			resilience4j_circuitbreaker_failure_rate{name="catalog"} 62.5
			outbox_backlog NaN
			shop_orders_total{reason="none",status="PENDING"} 12.0 1733000000000
			http_server_requests_seconds_bucket{le="+Inf",uri="/api/\\"odd\\"\\\\path\\nx"} 3.0
			jvm_gc_pause_seconds_max{action="end of minor GC",cause="G1, Evacuation"} +Inf
			broken{name="unterminated} 1.0
			not_a_number{a="b"} many
			""";

	private final PrometheusScrape scrape = PrometheusScrape.parse(SCRAPE);

	@Test
	void readsNamesLabelsAndValues() {
		assertThat(this.scrape.named("resilience4j_circuitbreaker_state")).hasSize(2);
		assertThat(this.scrape.value("resilience4j_circuitbreaker_state", Map.of("name", "catalog", "state", "open")))
			.hasValue(1.0);
		assertThat(this.scrape.value("resilience4j_circuitbreaker_failure_rate", Map.of("name", "catalog")))
			.hasValue(62.5);
	}

	@Test
	void keepsNotANumberAndInfinityAndIgnoresTimestamps() {
		assertThat(this.scrape.value("outbox_backlog", Map.of()).getAsDouble()).isNaN();
		assertThat(this.scrape.value("jvm_gc_pause_seconds_max", Map.of()).getAsDouble()).isInfinite();
		assertThat(this.scrape.value("shop_orders_total", Map.of("status", "PENDING"))).hasValue(12.0);
	}

	@Test
	void unescapesLabelValuesAndKeepsCommasInsideThem() {
		assertThat(this.scrape.named("http_server_requests_seconds_bucket")).singleElement()
			.satisfies((sample) -> assertThat(sample.label("uri")).isEqualTo("/api/\"odd\"\\path\nx"));
		assertThat(this.scrape.named("jvm_gc_pause_seconds_max")).singleElement()
			.satisfies((sample) -> assertThat(sample.label("cause")).isEqualTo("G1, Evacuation"));
	}

	@Test
	void skipsLinesItCannotRead() {
		assertThat(this.scrape.named("broken")).isEmpty();
		assertThat(this.scrape.named("not_a_number")).isEmpty();
		assertThat(this.scrape.samples()).hasSize(7);
	}

	@Test
	void findsNothingInAnEmptyScrape() {
		assertThat(PrometheusScrape.parse("").samples()).isEmpty();
		assertThat(PrometheusScrape.EMPTY.value("outbox_backlog", Map.of())).isEmpty();
	}

}
