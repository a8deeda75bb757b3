package com.example.shop.cli.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

class StepExecutorTests {

	private final List<List<String>> commands = new ArrayList<>();

	@Test
	void runsPartStepsAndFaultsAsTheShopCommandsAPersonWouldType() {
		StepExecutor steps = new StepExecutor((arguments) -> {
			this.commands.add(List.of(arguments));
			return arguments[0].equals("failover") ? 1 : 0;
		}, (part) -> 0);

		assertThat(steps.run(Action.parse("kill payment"))).isEqualTo("done");
		assertThat(steps.run(Action.parse("faults latency=2000 drop-rate=0.5"))).isEqualTo("done");
		assertThat(steps.run(Action.parse("faults off"))).isEqualTo("done");
		assertThat(steps.run(Action.parse("failover"))).isEqualTo("failed (exit 1)");

		assertThat(this.commands.get(0)).containsExactly("kill", "payment");
		assertThat(this.commands.get(1)).containsExactlyInAnyOrder("faults", "--latency", "2000", "--drop-rate", "0.5");
		assertThat(this.commands.get(1).get(0)).isEqualTo("faults");
		assertThat(this.commands.get(2)).containsExactly("faults", "--off");
		assertThat(this.commands.get(3)).containsExactly("failover");
	}

	@Test
	void turnsChaosMonkeyOnAndOffThroughItsActuatorWithTheOperatorsCredentials() {
		WireMockServer service = new WireMockServer(options().dynamicPort());
		service.start();
		try {
			service.stubFor(post(urlEqualTo("/actuator/chaosmonkey/assaults")).willReturn(aResponse().withStatus(200)));
			service.stubFor(post(urlEqualTo("/actuator/chaosmonkey/enable")).willReturn(aResponse().withStatus(200)));
			service.stubFor(post(urlEqualTo("/actuator/chaosmonkey/disable")).willReturn(aResponse().withStatus(200)));
			StepExecutor steps = new StepExecutor((arguments) -> 0, (part) -> service.port());

			assertThat(steps.run(Action.parse("monkey order-1 exceptions"))).contains("assaults 200", "enable 200");
			assertThat(steps.run(Action.parse("monkey order-1 off"))).contains("disable 200");

			service.verify(postRequestedFor(urlEqualTo("/actuator/chaosmonkey/assaults"))
				.withHeader("Authorization", equalTo(operator()))
				.withRequestBody(equalToJson("{\"level\":1,\"latencyActive\":false,\"exceptionsActive\":true}")));
			service.verify(postRequestedFor(urlEqualTo("/actuator/chaosmonkey/enable")));
			service.verify(postRequestedFor(urlEqualTo("/actuator/chaosmonkey/disable")));
		}
		finally {
			service.stop();
		}
	}

	/** HTTP Basic for SHOP_ADMIN_USER / SHOP_ADMIN_PASSWORD, or their local defaults. */
	private static String operator() {
		String user = System.getenv().getOrDefault("SHOP_ADMIN_USER", "admin");
		String password = System.getenv().getOrDefault("SHOP_ADMIN_PASSWORD", "local-only-admin");
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
