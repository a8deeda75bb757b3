package com.example.shop.payments.provider;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the payment provider is and how long a call may take: a dead or hanging provider
 * costs an attempt at most {@code connectTimeout + readTimeout}.
 */
@ConfigurationProperties("shop.provider")
@Validated
record ProviderProperties(@NotBlank String baseUrl, @NotNull @DefaultValue("1s") Duration connectTimeout,
		@NotNull @DefaultValue("3s") Duration readTimeout) {
}
