package com.example.shop.provider.charge;

/**
 * A charge and whether this request created it or replayed the decision an earlier
 * request with the same idempotency key took.
 */
record ChargeResult(Charge charge, boolean replayed) {

	static ChargeResult created(Charge charge) {
		return new ChargeResult(charge, false);
	}

	static ChargeResult replayed(Charge charge) {
		return new ChargeResult(charge, true);
	}

}
