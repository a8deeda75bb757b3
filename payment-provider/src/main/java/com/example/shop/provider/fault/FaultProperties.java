package com.example.shop.provider.fault;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The faults the bank starts with (all off unless configured); {@code /admin/faults}
 * changes them at runtime.
 */
@ConfigurationProperties("shop.provider.faults")
@Validated
record FaultProperties(@NotNull @DefaultValue("0ms") Duration latency,
		@NotNull @DefaultValue("0ms") Duration latencyJitter,
		@DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0") double errorRate,
		@DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0") double declineRate,
		@DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0") double dropResponseRate) {

	FaultSettings toSettings() {
		return new FaultSettings(this.latency.toMillis(), this.latencyJitter.toMillis(), this.errorRate,
				this.declineRate, this.dropResponseRate);
	}

}
