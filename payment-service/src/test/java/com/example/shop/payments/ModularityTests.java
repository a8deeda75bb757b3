package com.example.shop.payments;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

	@Test
	void keepsFeaturePackagesApart() {
		ApplicationModules.of(PaymentServiceApplication.class).verify();
	}

}
