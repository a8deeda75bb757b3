package com.example.shop.messaging.consumer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a listener retries a message that failed: {@code attempts} retries after the first
 * delivery, backing off exponentially from {@code initialInterval} up to
 * {@code maxInterval}. Then the message goes to the topic's dead-letter topic (topic name
 * + {@code -dlt}) and the partition moves on.
 * <p>
 * A failure of the infrastructure rather than of the message (the database unreachable, a
 * lock conflict) is retried without limit, backing off up to
 * {@code transientMaxInterval}: the message is fine and will succeed once the database is
 * back, and dead-lettering it would leave its order stuck.
 */
@ConfigurationProperties("shop.messaging.consumer.retry")
public record ConsumerRetryProperties(@DefaultValue("4") int attempts, @DefaultValue("200ms") Duration initialInterval,
		@DefaultValue("2.0") double multiplier, @DefaultValue("3s") Duration maxInterval,
		@DefaultValue("5s") Duration transientMaxInterval) {
}
