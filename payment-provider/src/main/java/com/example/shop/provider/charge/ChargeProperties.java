package com.example.shop.provider.charge;

import java.math.BigDecimal;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the bank decides: a charge above {@code cardLimit} is declined with
 * {@code CARD_LIMIT_EXCEEDED}.
 */
@ConfigurationProperties("shop.provider")
@Validated
record ChargeProperties(@NotNull @Positive @DefaultValue("1000.00") BigDecimal cardLimit) {
}
