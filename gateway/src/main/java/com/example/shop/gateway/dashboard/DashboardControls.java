package com.example.shop.gateway.dashboard;

import java.net.URI;
import java.security.Principal;
import java.util.Map;
import java.util.Set;

import com.example.shop.gateway.problem.ProblemResponses;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The page's controls, for the operator only ({@code operations.OperatorSecurity}):
 * <ul>
 * <li>{@code POST /dashboard/api/parts/{part}/{kill|pause|resume|restart}} and
 * {@code POST|DELETE /dashboard/api/load}: the local stack's control port;</li>
 * <li>{@code POST /dashboard/api/monkey/{part}}
 * {@code {"mode":"latency|exceptions|off"}}: that service's Chaos Monkey, through its
 * actuator;</li>
 * <li>{@code POST /dashboard/api/faults}: the payment provider's fault knobs (those given
 * change, the others stay).</li>
 * </ul>
 * Every POST takes JSON only: a form on another site cannot send it, even to a browser
 * that remembers the operator's credentials. Each action becomes an event on the page.
 */
@RestController
@RequestMapping(path = "/dashboard/api", consumes = MediaType.APPLICATION_JSON_VALUE)
class DashboardControls {

	private static final Set<String> ACTIONS = Set.of("kill", "pause", "resume", "restart");

	private static final String LATENCY = """
			{"level":1,"latencyActive":true,"latencyRangeStart":1000,"latencyRangeEnd":3000,"exceptionsActive":false}""";

	private static final String EXCEPTIONS = """
			{"level":1,"latencyActive":false,"exceptionsActive":true}""";

	private final DashboardProperties properties;

	private final StackClient stack;

	private final ShopMonitor monitor;

	private final WebClient http;

	private final ObjectMapper json;

	DashboardControls(DashboardProperties properties, StackClient stack, ShopMonitor monitor, DashboardHttp http,
			ObjectMapper json) {
		this.properties = properties;
		this.stack = stack;
		this.monitor = monitor;
		this.http = http.client();
		this.json = json;
	}

	/** Who the credentials belong to: the page's login checks them here. */
	@GetMapping(path = "/operator", consumes = MediaType.ALL_VALUE)
	Map<String, String> operator(Principal operator) {
		return Map.of("name", operator.getName());
	}

	@PostMapping("/parts/{part}/{action}")
	Mono<ResponseEntity<?>> act(@PathVariable String part, @PathVariable String action, Principal operator) {
		if (!ACTIONS.contains(action)) {
			return refuse(HttpStatus.NOT_FOUND, "not-found", "Actions: kill, pause, resume, restart.");
		}
		return viaStack(HttpMethod.POST, "/parts/" + part + "/" + action, null,
				operator.getName() + ": " + action + " " + part);
	}

	@PostMapping("/load")
	Mono<ResponseEntity<?>> startLoad(@Valid @RequestBody LoadRequest load, Principal operator) throws Exception {
		return viaStack(HttpMethod.POST, "/load", this.json.writeValueAsString(load),
				operator.getName() + ": load run, " + load.rate() + " calls/s for " + load.duration());
	}

	@DeleteMapping(path = "/load", consumes = MediaType.ALL_VALUE)
	Mono<ResponseEntity<?>> stopLoad(Principal operator) {
		return viaStack(HttpMethod.DELETE, "/load", null, operator.getName() + ": load run stopped");
	}

	@PostMapping("/monkey/{part}")
	Mono<ResponseEntity<?>> monkey(@PathVariable String part, @Valid @RequestBody MonkeyRequest monkey,
			Principal operator) {
		URI base = this.properties.services().get(part);
		if (base == null) {
			return refuse(HttpStatus.NOT_FOUND, "not-found",
					"Chaos Monkey runs in: " + this.properties.services().keySet());
		}
		URI actuator = base.resolve("/actuator/chaosmonkey/");
		Mono<String> done = switch (monkey.mode()) {
			case "off" -> post(actuator.resolve("disable"), null);
			case "latency" -> post(actuator.resolve("assaults"), LATENCY).then(post(actuator.resolve("enable"), null));
			default -> post(actuator.resolve("assaults"), EXCEPTIONS).then(post(actuator.resolve("enable"), null));
		};
		String what = operator.getName() + ": Chaos Monkey " + monkey.mode() + " in " + part;
		return done.<ResponseEntity<?>>map((answer) -> {
			this.monitor.record("control", what);
			return ResponseEntity.ok(Map.of("result", what));
		})
			.onErrorResume((ex) -> refuse(HttpStatus.BAD_GATEWAY, "bad-gateway",
					part + " did not take the Chaos Monkey call (is the chaos-monkey profile on?)"));
	}

	@PostMapping("/faults")
	Mono<ResponseEntity<?>> faults(@Valid @RequestBody FaultsRequest faults, Principal operator) {
		URI provider = this.properties.services().get(this.properties.provider());
		if (provider == null) {
			return refuse(HttpStatus.NOT_FOUND, "not-found", "No payment provider is configured.");
		}
		URI knobs = provider.resolve("/admin/faults");
		return this.http.get()
			.uri(knobs)
			.retrieve()
			.bodyToMono(ObjectNode.class)
			.map(faults::applyTo)
			.flatMap((settings) -> this.http.put()
				.uri(knobs)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(settings)
				.retrieve()
				.bodyToMono(JsonNode.class))
			.<ResponseEntity<?>>map((settings) -> {
				this.monitor.record("control", operator.getName() + ": provider faults " + settings);
				return ResponseEntity.ok(settings);
			})
			.onErrorResume((ex) -> refuse(HttpStatus.BAD_GATEWAY, "bad-gateway",
					"The payment provider did not take the new fault knobs."));
	}

	private Mono<ResponseEntity<?>> viaStack(HttpMethod method, String path, String body, String what) {
		if (!this.stack.present()) {
			return refuse(HttpStatus.CONFLICT, "not-in-local-stack",
					"Parts are killed, paused and restarted from the dashboard in the local stack (./shop up) only.");
		}
		return this.stack.send(method, path, body).<ResponseEntity<?>>map((answer) -> {
			if (answer.getStatusCode().isError()) {
				return ProblemResponses.of(answer.getStatusCode(), "stack-control", detail(answer.getBody()), null);
			}
			this.monitor.record("control", what);
			return ResponseEntity.status(answer.getStatusCode())
				.contentType(MediaType.APPLICATION_JSON)
				.body(answer.getBody());
		})
			.onErrorResume((ex) -> refuse(HttpStatus.BAD_GATEWAY, "bad-gateway",
					"The local stack's control port did not answer."));
	}

	private Mono<String> post(URI uri, String body) {
		WebClient.RequestBodySpec request = this.http.post().uri(uri).contentType(MediaType.APPLICATION_JSON);
		return ((body != null) ? request.bodyValue(body) : request).retrieve()
			.bodyToMono(String.class)
			.defaultIfEmpty("");
	}

	private String detail(String body) {
		try {
			return this.json.readTree(body).path("detail").asText("The local stack refused.");
		}
		catch (Exception ex) {
			return "The local stack refused.";
		}
	}

	private static Mono<ResponseEntity<?>> refuse(HttpStatus status, String slug, String detail) {
		return Mono.just(ProblemResponses.of(status, slug, detail, null));
	}

	/**
	 * A load run from the page.
	 *
	 * @param rate calls started per second
	 * @param duration how long, e.g. {@code 60s}, {@code 5m}
	 */
	record LoadRequest(@DecimalMin(value = "0", inclusive = false) @DecimalMax("200") double rate,
			@NotNull @Pattern(regexp = "\\d{1,4}(s|m)") String duration) {

	}

	/**
	 * @param mode {@code latency}, {@code exceptions} or {@code off}
	 */
	record MonkeyRequest(@NotNull @Pattern(regexp = "latency|exceptions|off") String mode) {

	}

	/**
	 * New values for the provider's fault knobs; the ones left out keep theirs, and
	 * {@code off} turns them all off.
	 */
	record FaultsRequest(@Min(0) @Max(30_000) Long latencyMs, @Min(0) @Max(30_000) Long latencyJitterMs,
			@DecimalMin("0") @DecimalMax("1") Double errorRate, @DecimalMin("0") @DecimalMax("1") Double declineRate,
			@DecimalMin("0") @DecimalMax("1") Double dropResponseRate, boolean off) {

		ObjectNode applyTo(ObjectNode settings) {
			if (this.off) {
				settings.properties().forEach((knob) -> {
					if (knob.getValue().isNumber()) {
						knob.setValue(settings.numberNode(0));
					}
				});
			}
			if (this.latencyMs != null) {
				settings.put("latencyMs", this.latencyMs);
			}
			if (this.latencyJitterMs != null) {
				settings.put("latencyJitterMs", this.latencyJitterMs);
			}
			if (this.errorRate != null) {
				settings.put("errorRate", this.errorRate);
			}
			if (this.declineRate != null) {
				settings.put("declineRate", this.declineRate);
			}
			if (this.dropResponseRate != null) {
				settings.put("dropResponseRate", this.dropResponseRate);
			}
			return settings;
		}

	}

}
