package com.example.shop.catalog.product.web;

import java.time.Duration;

import org.springframework.lang.Nullable;

/**
 * An answer, fresh from the database or a last-known-good copy of the given age.
 */
record Served<T>(T body, @Nullable Duration age) {

	static <T> Served<T> fresh(T body) {
		return new Served<>(body, null);
	}

	static <T> Served<T> copy(T body, Duration age) {
		return new Served<>(body, age);
	}

	boolean degraded() {
		return this.age != null;
	}

}
