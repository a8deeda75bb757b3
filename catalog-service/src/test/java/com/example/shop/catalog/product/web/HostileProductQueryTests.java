package com.example.shop.catalog.product.web;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.example.shop.catalog.product.ProductCatalog;
import com.example.shop.catalog.product.ProductNotFoundException;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.spring.JqwikSpringSupport;
import org.mockito.Mockito;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;

/**
 * Hostile paging parameters and product ids: never a 5xx, and every refusal an RFC 9457
 * problem that names no class and echoes no value.
 */
@JqwikSpringSupport
@WebMvcTest(ProductController.class)
@Import(ProductReads.class)
@EnableConfigurationProperties(ReadCacheProperties.class)
@ImportAutoConfiguration({ AopAutoConfiguration.class, CircuitBreakerAutoConfiguration.class })
class HostileProductQueryTests {

	private static final List<String> HOSTILE = List.of("-1", "0", "2147483648", "99999999999999999999", "1e3", "1.5",
			"NaN", "", " ", "abc", "' OR 1=1 --", "<script>alert(1)</script>", "\r\nX-Injected: yes", "😀", "%00",
			"1;DROP TABLE product");

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private ProductCatalog catalog;

	@Property(tries = 100)
	void answersAnyPagingParametersWithAPageOrAProblem(@ForAll("values") String page, @ForAll("values") String size) {
		Mockito.when(this.catalog.findAll(any())).thenAnswer((call) -> Page.empty(call.getArgument(0, Pageable.class)));

		MvcTestResult result = this.mvc.get().uri("/api/products").param("page", page).param("size", size).exchange();

		assertThat(result.getResponse().getStatus()).as("page=%s size=%s", page, size).isIn(200, 400);
		if (result.getResponse().getStatus() == 400) {
			assertProblem(result, page, size);
		}
	}

	@Property(tries = 100)
	void answersAnyProductIdWithAProductOrAProblem(@ForAll("values") String id) {
		Mockito.when(this.catalog.find(anyLong())).thenAnswer((call) -> {
			throw new ProductNotFoundException(call.getArgument(0, Long.class));
		});

		MvcTestResult result = this.mvc.get().uri("/api/products/{id}", id).exchange();

		assertThat(result.getResponse().getStatus()).as("id=%s", id).isIn(400, 404);
		// a 404 names the id it looked for, a number; a 400 echoes nothing
		assertProblem(result, (result.getResponse().getStatus() == 400) ? new String[] { id } : new String[0]);
	}

	@Provide
	Arbitrary<String> values() {
		return Arbitraries.oneOf(Arbitraries.of(HOSTILE), Arbitraries.strings().all().ofMaxLength(30),
				Arbitraries.longs().map(String::valueOf));
	}

	private static void assertProblem(MvcTestResult result, String... sent) {
		assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
		String body = new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
		assertThat(body).contains("\"type\":\"https://shop.example.com/problems/")
			.doesNotContain("Exception", "java.", "org.spring", "SQL", "Failed to convert");
		String detail = body.replaceAll(".*\"detail\":\"([^\"]*)\".*", "$1");
		for (String value : sent) {
			if (value.length() > 2) {
				assertThat(detail).doesNotContain(value);
			}
		}
	}

}
