package com.example.shop.messaging.consumer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a listener retries a message that failed: {@code attempts} retries after the first
 * delivery, backing off exponentially from {@code initialInterval} up to
 * {@code maxInterval}. Then the message goes to the topic's dead-letter topic (topic name
 * + {@code -dlt}) and the partition moves on.
 */
@ConfigurationProperties("shop.messaging.consumer.retry")
public record ConsumerRetryProperties(@DefaultValue("4") int attempts, @DefaultValue("200ms") Duration initialInterval,
		@DefaultValue("2.0") double multiplier, @DefaultValue("3s") Duration maxInterval) {
}
