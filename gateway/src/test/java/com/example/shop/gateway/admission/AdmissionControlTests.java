package com.example.shop.gateway.admission;

import java.time.Duration;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The admission filter over a real resilience4j bulkhead of 2 permits, with calls that
 * finish only when the test says so: a third call in flight is refused at once, and a
 * permit comes back when a call completes, fails or is cancelled (a client gone away).
 */
class AdmissionControlTests {

	private final BulkheadRegistry bulkheads = BulkheadRegistry
		.of(BulkheadConfig.custom().maxConcurrentCalls(2).maxWaitDuration(Duration.ZERO).build());

	private final AdmissionControl admission = new AdmissionControl(this.bulkheads);

	private final Sinks.Empty<Void> first = Sinks.empty();

	private final Sinks.Empty<Void> second = Sinks.empty();

	@Test
	void refusesACallBeyondTheLimitAndAdmitsAgainOnceOneEnds() {
		Disposable one = this.admission.filter(exchange(), (exchange) -> this.first.asMono()).subscribe();
		Disposable two = this.admission.filter(exchange(), (exchange) -> this.second.asMono()).subscribe();
		assertThat(available()).isZero();

		assertThatExceptionOfType(BulkheadFullException.class).isThrownBy(
				() -> this.admission.filter(exchange(), (exchange) -> Mono.empty()).block(Duration.ofSeconds(5)));

		this.first.tryEmitEmpty();
		assertThat(available()).as("a completed call gives its permit back").isEqualTo(1);
		this.second.tryEmitError(new IllegalStateException("the service failed"));
		assertThat(available()).as("so does a failed one").isEqualTo(2);
		this.admission.filter(exchange(), (exchange) -> Mono.empty()).block(Duration.ofSeconds(5));
		assertThat(available()).isEqualTo(2);
		assertThat(one.isDisposed() && two.isDisposed()).isTrue();
	}

	@Test
	void aCancelledCallGivesItsPermitBack() {
		Disposable call = this.admission.filter(exchange(), (exchange) -> Mono.never()).subscribe();
		assertThat(available()).isEqualTo(1);

		call.dispose();

		assertThat(available()).isEqualTo(2);
	}

	private int available() {
		return this.bulkheads.bulkhead(AdmissionControl.BULKHEAD).getMetrics().getAvailableConcurrentCalls();
	}

	private static MockServerWebExchange exchange() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/products/1"));
	}

}
