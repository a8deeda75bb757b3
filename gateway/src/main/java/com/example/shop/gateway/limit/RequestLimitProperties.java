package com.example.shop.gateway.limit;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What the gateway lets through to a service.
 *
 * @param maxBodySize the largest request body, declared by {@code Content-Length}
 */
@Validated
@ConfigurationProperties("shop.gateway.request")
public record RequestLimitProperties(@NotNull DataSize maxBodySize) {
}
