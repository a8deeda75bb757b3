package com.example.shop.provider.fault;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * How badly the bank behaves right now, as read and written through
 * {@code /admin/faults}. Every knob applies to {@code POST /charges} only; zero means
 * off. A PUT replaces all knobs, so a knob left out is turned off.
 *
 * @param latencyMs fixed delay before the bank looks at a charge
 * @param latencyJitterMs up to this much more delay, at random
 * @param errorRate share of charges answered 503 before anything is recorded
 * @param declineRate share of otherwise approvable charges declined with
 * {@code DECLINED_BY_ISSUER}
 * @param dropResponseRate share of charges recorded in the ledger whose answer is then
 * lost: the connection closes without a byte of response
 */
public record FaultSettings(@Min(0) @Max(60_000) long latencyMs, @Min(0) @Max(60_000) long latencyJitterMs,
		@DecimalMin("0.0") @DecimalMax("1.0") double errorRate,
		@DecimalMin("0.0") @DecimalMax("1.0") double declineRate,
		@DecimalMin("0.0") @DecimalMax("1.0") double dropResponseRate) {

	static final FaultSettings NONE = new FaultSettings(0, 0, 0, 0, 0);

}
