package com.example.shop.cli.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import com.example.shop.cli.Operator;

/**
 * Carries out a scenario's steps with the same commands a person types: {@code ./shop}
 * subcommands for parts, failover and the provider's knobs, and Chaos Monkey's actuator
 * endpoint (with the operator's credentials) for injected latency and exceptions.
 */
final class StepExecutor {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final Map<String, String> KNOB_OPTIONS = Map.of("latency", "--latency", "jitter", "--jitter",
			"error-rate", "--error-rate", "decline-rate", "--decline-rate", "drop-rate", "--drop-rate");

	private final Function<String[], Integer> shop;

	private final ToIntFunction<String> portOf;

	/**
	 * @param shop runs a {@code ./shop} subcommand and returns its exit code
	 * @param portOf the port of a part, for Chaos Monkey's endpoint
	 */
	StepExecutor(Function<String[], Integer> shop, ToIntFunction<String> portOf) {
		this.shop = shop;
		this.portOf = portOf;
	}

	/** Runs the action; returns what happened, in a few words. */
	String run(Action action) {
		return switch (action) {
			case Action.PartAction part -> exitCode(this.shop.apply(new String[] { part.verb(), part.part() }));
			case Action.Failover failover -> exitCode(this.shop.apply(new String[] { "failover" }));
			case Action.ProviderFaults faults -> exitCode(this.shop.apply(faultsArguments(faults)));
			case Action.Monkey monkey -> monkey(monkey);
			case Action.Rate rate -> "load now offered at " + rate.perSecond() + " calls/s";
		};
	}

	static String[] faultsArguments(Action.ProviderFaults faults) {
		if (faults.off()) {
			return new String[] { "faults", "--off" };
		}
		List<String> arguments = new ArrayList<>(List.of("faults"));
		faults.knobs().forEach((knob, value) -> arguments.addAll(List.of(KNOB_OPTIONS.get(knob), value)));
		return arguments.toArray(String[]::new);
	}

	private String monkey(Action.Monkey monkey) {
		URI actuator = URI
			.create("http://localhost:" + this.portOf.applyAsInt(monkey.part()) + "/actuator/chaosmonkey");
		return switch (monkey.mode()) {
			case OFF -> post(actuator.resolve("chaosmonkey/disable"), null);
			case LATENCY -> post(actuator.resolve("chaosmonkey/assaults"),
					"{\"level\":1,\"latencyActive\":true,\"latencyRangeStart\":1000,\"latencyRangeEnd\":3000,"
							+ "\"exceptionsActive\":false}")
					+ ", " + post(actuator.resolve("chaosmonkey/enable"), null);
			case EXCEPTIONS -> post(actuator.resolve("chaosmonkey/assaults"),
					"{\"level\":1,\"latencyActive\":false,\"exceptionsActive\":true}") + ", "
					+ post(actuator.resolve("chaosmonkey/enable"), null);
		};
	}

	private static String post(URI uri, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", Operator.fromEnvironment().authorization());
		request = (body != null)
				? request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
				: request.POST(HttpRequest.BodyPublishers.noBody());
		try {
			HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
			return "POST " + uri.getPath() + " " + response.statusCode();
		}
		catch (IOException ex) {
			return "POST " + uri.getPath() + " failed: " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	private static String exitCode(int code) {
		return (code == 0) ? "done" : "failed (exit " + code + ")";
	}

}
