package com.example.shop.catalog;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * The feature packages only use each other's public types in their base packages, and
 * depend on each other without cycles.
 */
class CatalogModulesTests {

	@Test
	void modulesKeepTheirBoundaries() {
		ApplicationModules.of(CatalogApplication.class).verify();
	}

}
