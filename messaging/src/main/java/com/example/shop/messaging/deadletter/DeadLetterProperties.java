package com.example.shop.messaging.deadletter;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often the waiting dead letters are counted for {@code shop.deadletters.waiting},
 * and how long one Kafka call of the endpoint or the count may take.
 */
@ConfigurationProperties("shop.messaging.dead-letters")
public record DeadLetterProperties(@DefaultValue("10s") Duration metricsInterval,
		@DefaultValue("10s") Duration timeout) {
}
