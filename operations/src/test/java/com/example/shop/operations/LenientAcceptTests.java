package com.example.shop.operations;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/** An {@code Accept} header that cannot be read counts as none. */
@OperationsTest
class LenientAcceptTests {

	@Autowired
	private TestRestTemplate http;

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "image/png;q=x", "text/plain;;;=" })
	void answersAsIfAnUnreadableAcceptHeaderWereNotThere(String accept) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.ACCEPT, accept);

		ResponseEntity<String> response = this.http.exchange(OperationsTestApplication.API, HttpMethod.GET,
				new HttpEntity<>(headers), String.class);

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo("hello");
	}

}
