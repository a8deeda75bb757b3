package com.example.shop.provider.charge;

import java.math.BigDecimal;
import java.time.Instant;

record ChargeResponse(String chargeId, String reference, String customerId, BigDecimal amount, ChargeStatus status,
		String reason, Instant createdAt) {

	static ChargeResponse of(Charge charge) {
		return new ChargeResponse(charge.getId(), charge.getReference(), charge.getCustomerId(), charge.getAmount(),
				charge.getStatus(), charge.getReason(), charge.getCreatedAt());
	}

}
