package com.example.shop.orders;

import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.jayway.jsonpath.JsonPath;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orders while catalog-service is down: priced at the last known prices (and saying so),
 * or refused with nothing stored when catalog never priced a product. Real PostgreSQL and
 * Kafka; WireMock plays catalog over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestInfrastructureConfiguration.class)
// As OrderIT has it: one context, so one set of listeners in the consumer group.
@AutoConfigureObservability
class CatalogOutageIT {

	@Autowired
	private TestRestTemplate http;

	@Autowired
	private WireMockServer catalog;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@BeforeEach
	void catalogIsUp() {
		this.breakers.circuitBreaker("catalog").reset();
		this.catalog.resetAll();
	}

	@Test
	void placesAnOrderAtTheLastKnownPriceWhileCatalogAnswersServerErrors() {
		long product = freshProductId();
		this.catalog.stubFor(get("/api/products/" + product).willReturn(okJson(product(product, "19.90"))));
		ResponseEntity<String> priced = post(newKey(), product, 2);
		assertThat(priced.getStatusCode().value()).isEqualTo(202);
		assertThat((String) JsonPath.read(priced.getBody(), "$.priceSource")).isEqualTo("CATALOG");

		this.catalog.stubFor(get("/api/products/" + product).willReturn(serverError()));
		ResponseEntity<String> response = post(newKey(), product, 3);

		assertPricedFromCache(response, "19.90", "59.70");
	}

	@Test
	void placesAnOrderAtTheLastKnownPriceWhileCatalogResetsConnections() {
		long product = freshProductId();
		this.catalog.stubFor(get("/api/products/" + product).willReturn(okJson(product(product, "7.25"))));
		assertThat(post(newKey(), product, 1).getStatusCode().value()).isEqualTo(202);

		this.catalog
			.stubFor(get("/api/products/" + product).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		ResponseEntity<String> response = post(newKey(), product, 2);

		assertPricedFromCache(response, "7.25", "14.50");
	}

	@Test
	void refusesAProductCatalogNeverPricedAndStoresNothing() {
		long product = freshProductId();
		this.catalog.stubFor(get("/api/products/" + product).willReturn(serverError()));
		String key = newKey();

		ResponseEntity<String> response = post(key, product, 1);

		assertThat(response.getStatusCode().value()).isEqualTo(503);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat((String) JsonPath.read(response.getBody(), "$.type"))
			.isEqualTo("https://shop.example.com/problems/catalog-unavailable");
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
		assertThat(count("SELECT count(*) FROM orders WHERE idempotency_key = ?", key)).isZero();
		assertThat(count("SELECT count(*) FROM idempotency_key WHERE key = ?", key)).isZero();
	}

	private void assertPricedFromCache(ResponseEntity<String> response, String unitPrice, String total) {
		assertThat(response.getStatusCode().value()).isEqualTo(202);
		assertThat(response.getBody()).contains("\"priceSource\":\"CACHE\"", "\"unitPrice\":" + unitPrice,
				"\"total\":" + total);
		UUID orderId = UUID.fromString(JsonPath.read(response.getBody(), "$.orderId"));
		ResponseEntity<String> read = this.http.getForEntity("/api/orders/" + orderId, String.class);
		assertThat((String) JsonPath.read(read.getBody(), "$.priceSource")).isEqualTo("CACHE");
		assertThat(this.jdbc.sql("SELECT price_source FROM orders WHERE id = ?")
			.param(orderId)
			.query(String.class)
			.single()).isEqualTo("CACHE");
	}

	private ResponseEntity<String> post(String key, long productId, int quantity) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.set("Idempotency-Key", key);
		String body = """
				{"customerId":"c-42","items":[{"productId":%d,"quantity":%d}]}""".formatted(productId, quantity);
		return this.http.exchange("/api/orders", HttpMethod.POST, new HttpEntity<>(body, headers), String.class);
	}

	private long count(String sql, String key) {
		return this.jdbc.sql(sql).param(key).query(Long.class).single();
	}

	// a product no other test priced, so the price cache (shared by the test context)
	// knows nothing of it
	private static long freshProductId() {
		return 1_000_000 + (UUID.randomUUID().getMostSignificantBits() & 0xFFFFFF);
	}

	private static String newKey() {
		return "outage-it-" + UUID.randomUUID();
	}

	private static String product(long id, String price) {
		return """
				{"id":%d,"name":"Product %d","description":"A product","price":%s,"stock":40}""".formatted(id, id,
				price);
	}

}
