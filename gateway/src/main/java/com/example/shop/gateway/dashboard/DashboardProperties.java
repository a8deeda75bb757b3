package com.example.shop.gateway.dashboard;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the dashboard looks at and how often.
 *
 * @param period how often the shop is looked at while a page is open
 * @param idlePeriod how often while no page is open (the event list keeps filling)
 * @param timeout how long one service, the broker or the stack may take to answer
 * @param events how many notable events the page lists
 * @param self the name of this gateway's own part, looked at on its own port
 * @param services every other Spring Boot part by name, with its base URL, in the page's
 * order; names ending in {@code -<n>} are instances of one service and share its database
 * and outbox
 * @param provider the part whose fault knobs the page shows and sets
 * @param balanced the service id the gateway's load balancer spreads over
 * @param kafka the broker and the consumer groups whose lag is shown
 * @param stackControl the local stack's control port ({@code ./shop up} sets it), empty
 * elsewhere: then the page offers no kill, pause, restart or load run
 */
@ConfigurationProperties("shop.dashboard")
@Validated
public record DashboardProperties(@DefaultValue("1s") Duration period, @DefaultValue("10s") Duration idlePeriod,
		@DefaultValue("2s") Duration timeout, @DefaultValue("40") @Min(1) int events,
		@DefaultValue("gateway") String self, @NotEmpty Map<String, URI> services,
		@DefaultValue("provider") String provider, @DefaultValue("order-service") String balanced, Kafka kafka,
		@DefaultValue("") String stackControl) {

	/**
	 * @param bootstrapServers the brokers
	 * @param consumerGroups the saga's consumer groups
	 */
	public record Kafka(String bootstrapServers, List<String> consumerGroups) {

	}

	boolean hasStack() {
		return !this.stackControl.isBlank();
	}

}
