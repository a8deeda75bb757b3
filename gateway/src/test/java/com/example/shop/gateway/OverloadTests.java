package com.example.shop.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.reactive.AutoConfigureWebTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load shedding as users see it: while the admission bulkhead is full (here its one
 * permit is held by the test), a routed call is refused at once with a 503
 * {@code overloaded} problem and {@code Retry-After: 1} and never reaches a service; once
 * the permit is back, calls pass. How calls take and give back permits is in
 * {@code admission.AdmissionControlTests}.
 */
@AutoConfigureWebTestClient(timeout = "20s")
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "resilience4j.bulkhead.instances.admission.maxConcurrentCalls=1")
class OverloadTests {

	@RegisterExtension
	static final ShopServices services = new ShopServices();

	private static final WireMockServer catalog = services.catalog;

	@Autowired
	private WebTestClient client;

	@Autowired
	private BulkheadRegistry bulkheads;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		services.register(registry);
	}

	@Test
	void aCallBeyondTheLimitIsRefusedAtOnceWithoutReachingTheService() {
		catalog.stubFor(get(urlPathMatching("/api/products/1")).willReturn(
				aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"id\":1}")));
		Bulkhead admission = this.bulkheads.bulkhead("admission");
		assertThat(admission.tryAcquirePermission()).isTrue();

		this.client.get()
			.uri("/api/products/1")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("Retry-After", "1")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://shop.example.com/problems/overloaded");

		assertThat(ShopServices.apiRequests(catalog)).isZero();

		admission.onComplete();
		this.client.get().uri("/api/products/1").exchange().expectStatus().isOk();
		assertThat(ShopServices.apiRequests(catalog)).isEqualTo(1);
	}

}
