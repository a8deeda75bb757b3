package com.example.shop.catalog.product.web;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.LongStream;

import com.example.shop.catalog.product.Product;
import com.example.shop.catalog.product.ProductCatalog;
import com.example.shop.catalog.product.ProductNotFoundException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;

@WebMvcTest(ProductController.class)
@Import(ProductReads.class)
@EnableConfigurationProperties(ReadCacheProperties.class)
@ImportAutoConfiguration({ AopAutoConfiguration.class, CircuitBreakerAutoConfiguration.class })
class ProductControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Autowired
	private CircuitBreakerRegistry breakers;

	@MockitoBean
	private ProductCatalog catalog;

	@BeforeEach
	void closeBreaker() {
		this.breakers.circuitBreaker(ProductReads.CATALOG_DB).reset();
	}

	@Nested
	class ListProducts {

		@Test
		void answersAPageOfProductsSortedById() {
			PageRequest request = PageRequest.of(0, 20, Sort.by("id"));
			given(ProductControllerTests.this.catalog.findAll(request)).willReturn(page(request, 1, 2, 20));

			assertThat(get("/api/products")).hasStatusOk().bodyJson().isStrictlyEqualTo("""
					{"content":[
					  {"id":1,"name":"Product 1","description":"Description 1","price":12.50,"stock":40},
					  {"id":2,"name":"Product 2","description":"Description 2","price":12.50,"stock":40}],
					 "page":{"size":20,"number":0,"totalElements":20,"totalPages":1}}""");
		}

		@Test
		void answersTheRequestedPage() {
			PageRequest request = PageRequest.of(3, 5, Sort.by("id"));
			given(ProductControllerTests.this.catalog.findAll(request)).willReturn(page(request, 16, 20, 20));

			assertThat(get("/api/products?page=3&size=5")).hasStatusOk().bodyJson().isLenientlyEqualTo("""
					{"content":[{"id":16},{"id":17},{"id":18},{"id":19},{"id":20}],
					 "page":{"size":5,"number":3,"totalElements":20,"totalPages":4}}""");
		}

		@Test
		void servesAPageOfAtMostAHundredProducts() {
			PageRequest capped = PageRequest.of(0, 100, Sort.by("id"));
			given(ProductControllerTests.this.catalog.findAll(capped)).willReturn(page(capped, 1, 20, 20));

			assertThat(get("/api/products?size=500")).hasStatusOk()
				.bodyJson()
				.extractingPath("$.page.size")
				.isEqualTo(100);
		}

		@Test
		void ignoresAClientSortBecauseProductsAreAlwaysSortedById() {
			PageRequest request = PageRequest.of(0, 20, Sort.by("id"));
			given(ProductControllerTests.this.catalog.findAll(request)).willReturn(page(request, 1, 2, 2));

			assertThat(get("/api/products?sort=price,desc")).hasStatusOk()
				.bodyJson()
				.extractingPath("$.content[*].id")
				.asArray()
				.containsExactly(1, 2);
		}

		@ParameterizedTest
		@ValueSource(strings = { "page=-1", "size=0", "size=-5", "page=abc", "size=ten", "page=1000001" })
		void answersBadRequestForInvalidPageParameters(String query) {
			assertThat(get("/api/products?" + query)).hasStatus(HttpStatus.BAD_REQUEST)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.isLenientlyEqualTo("""
						{"type":"https://shop.example.com/problems/invalid-request","status":400}""");
			then(ProductControllerTests.this.catalog).should(never()).findAll(any(Pageable.class));
		}

	}

	@Nested
	class FindProduct {

		@Test
		void answersTheProduct() {
			given(ProductControllerTests.this.catalog.find(1)).willReturn(product(1));

			assertThat(get("/api/products/1")).hasStatusOk().bodyJson().isStrictlyEqualTo("""
					{"id":1,"name":"Product 1","description":"Description 1","price":12.50,"stock":40}""");
		}

		@Test
		void answersNotFoundAsAProblemForAnUnknownId() {
			given(ProductControllerTests.this.catalog.find(42)).willThrow(new ProductNotFoundException(42));

			assertThat(get("/api/products/42")).hasStatus(HttpStatus.NOT_FOUND)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.isLenientlyEqualTo("""
						{"type":"https://shop.example.com/problems/product-not-found","title":"Product not found",
						 "status":404,"detail":"No product with id 42.","instance":"/api/products/42"}""");
		}

		@Test
		void answersBadRequestForAnIdThatIsNotANumber() {
			assertThat(get("/api/products/mug")).hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.extractingPath("$.type")
				.isEqualTo("https://shop.example.com/problems/invalid-request");
		}

		@Test
		void answersServiceUnavailableWithRetryAfterWhenNoDatabaseAnswersAndNoCopyIsKept() {
			given(ProductControllerTests.this.catalog.find(77))
				.willThrow(new DataAccessResourceFailureException("Connection refused: db.internal:5432"));

			MvcTestResult result = get("/api/products/77");

			assertThat(result).hasStatus(HttpStatus.SERVICE_UNAVAILABLE).containsHeader(HttpHeaders.RETRY_AFTER);
			assertThat(result).bodyJson()
				.extractingPath("$.type")
				.isEqualTo("https://shop.example.com/problems/service-unavailable");
			assertThat(result).bodyText().doesNotContain("db.internal");
		}

		@Test
		void answersInternalErrorWithoutTellingWhy() {
			given(ProductControllerTests.this.catalog.find(1)).willThrow(new IllegalStateException("secret detail"));

			MvcTestResult result = get("/api/products/1");

			assertThat(result).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(result).bodyText().doesNotContain("secret detail");
		}

	}

	@Nested
	class DatabaseUnreachable {

		@Test
		void answersTheLastKnownProductMarkedDegradedWithItsAge() {
			given(ProductControllerTests.this.catalog.find(7)).willReturn(product(7))
				.willThrow(new DataAccessResourceFailureException("Connection refused"));
			assertThat(get("/api/products/7")).hasStatusOk().doesNotContainHeader("X-Degraded");

			MvcTestResult result = get("/api/products/7");

			assertThat(result).hasStatusOk()
				.hasHeader("X-Degraded", "catalog-db-cache")
				.hasHeader(HttpHeaders.AGE, "0")
				.bodyJson()
				.isStrictlyEqualTo("""
						{"id":7,"name":"Product 7","description":"Description 7","price":12.50,"stock":40}""");
		}

		@Test
		void answersTheLastKnownPageMarkedDegraded() {
			PageRequest request = PageRequest.of(1, 2, Sort.by("id"));
			given(ProductControllerTests.this.catalog.findAll(request)).willReturn(page(request, 3, 4, 20))
				.willThrow(new CannotCreateTransactionException("Connection refused"));
			get("/api/products?page=1&size=2");

			assertThat(get("/api/products?page=1&size=2")).hasStatusOk()
				.hasHeader("X-Degraded", "catalog-db-cache")
				.containsHeader(HttpHeaders.AGE)
				.bodyJson()
				.extractingPath("$.content[*].id")
				.asArray()
				.containsExactly(3, 4);
		}

		@Test
		void answersFromTheCopyWithoutAskingTheDatabaseWhileTheBreakerIsOpen() {
			given(ProductControllerTests.this.catalog.find(8)).willReturn(product(8));
			get("/api/products/8");
			ProductControllerTests.this.breakers.circuitBreaker(ProductReads.CATALOG_DB).transitionToOpenState();

			assertThat(get("/api/products/8")).hasStatusOk().hasHeader("X-Degraded", "catalog-db-cache");
			assertThat(get("/api/products/9")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
				.containsHeader(HttpHeaders.RETRY_AFTER);
			then(ProductControllerTests.this.catalog).should(times(1)).find(8);
			then(ProductControllerTests.this.catalog).should(never()).find(9);
		}

		@Test
		void answersNotFoundForAnUnknownProductWithoutCountingItAgainstTheDatabase() {
			given(ProductControllerTests.this.catalog.find(42)).willThrow(new ProductNotFoundException(42));

			assertThat(get("/api/products/42")).hasStatus(HttpStatus.NOT_FOUND);
			assertThat(ProductControllerTests.this.breakers.circuitBreaker(ProductReads.CATALOG_DB)
				.getMetrics()
				.getNumberOfFailedCalls()).isZero();
		}

	}

	private MvcTestResult get(String uri) {
		return this.mvc.get().uri(uri).accept(MediaType.APPLICATION_JSON).exchange();
	}

	private static Page<Product> page(Pageable request, long firstId, long lastId, long total) {
		List<Product> content = LongStream.rangeClosed(firstId, lastId)
			.mapToObj(ProductControllerTests::product)
			.toList();
		return new PageImpl<>(content, request, total);
	}

	private static Product product(long id) {
		return Product.of(id, "Product " + id, "Description " + id, new BigDecimal("12.50"), 40);
	}

}
