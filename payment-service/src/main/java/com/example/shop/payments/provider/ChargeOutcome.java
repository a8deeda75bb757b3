package com.example.shop.payments.provider;

/** The provider's final word on a charge. */
public sealed interface ChargeOutcome {

	/** The money was taken; {@code chargeId} is the provider's reference. */
	record Approved(String chargeId) implements ChargeOutcome {
	}

	/**
	 * The provider refused the charge, for a reason such as {@code CARD_LIMIT_EXCEEDED}.
	 */
	record Declined(String reason) implements ChargeOutcome {
	}

}
