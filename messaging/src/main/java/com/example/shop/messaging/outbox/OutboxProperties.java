package com.example.shop.messaging.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the relay drains the outbox: how often it looks when idle, how many events a round
 * takes, how long it waits for the broker's acknowledgement, and how it backs off
 * (exponentially, with jitter) while Kafka is down.
 */
@ConfigurationProperties("shop.messaging.outbox")
public record OutboxProperties(@DefaultValue("250ms") Duration pollInterval, @DefaultValue("200") int batchSize,
		@DefaultValue("5s") Duration sendTimeout, @DefaultValue("200ms") Duration initialBackoff,
		@DefaultValue("5s") Duration maxBackoff) {
}
