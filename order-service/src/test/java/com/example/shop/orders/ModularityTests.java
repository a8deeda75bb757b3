package com.example.shop.orders;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * Feature packages talk only through each other's top-level types, without cycles: web
 * and listeners call into {@code order}, which uses {@code catalog} and
 * {@code idempotency}, which use nothing of this service.
 */
class ModularityTests {

	@Test
	void featurePackagesRespectTheirBoundaries() {
		ApplicationModules.of(OrderApplication.class).verify();
	}

}
