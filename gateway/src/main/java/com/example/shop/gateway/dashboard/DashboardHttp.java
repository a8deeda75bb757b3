package com.example.shop.gateway.dashboard;

import java.time.Duration;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The HTTP client the dashboard reads and steers the shop with: the operator's
 * credentials on every call (the services' actuator endpoints, the provider's knobs and
 * the stack's control port all take the same ones), connections within the dashboard's
 * timeout, and no observation (polling is not shop traffic).
 */
@Component
class DashboardHttp {

	private final WebClient client;

	DashboardHttp(DashboardProperties properties, SecurityProperties security) {
		Duration timeout = properties.timeout();
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
			.responseTimeout(timeout);
		this.client = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(http))
			.defaultHeaders(
					(headers) -> headers.setBasicAuth(security.getUser().getName(), security.getUser().getPassword()))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
			.build();
	}

	WebClient client() {
		return this.client;
	}

}
