package com.example.shop.cli.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import com.example.shop.cli.load.LoadCommand;
import com.example.shop.cli.load.LoadProfile;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A chaos scenario as its file says it: the load to offer, the faults to cause and when,
 * what users should see meanwhile, and the budgets the run must keep.
 *
 * @param name short name, used for the report's folder
 * @param description what the scenario shows, in a sentence
 * @param load the constant-rate load offered for the whole run
 * @param steps the faults (and repairs), in the order of their offsets
 * @param expect what users should see, in words, copied into the report
 * @param budgets the bounds the run must keep
 */
public record Scenario(String name, String description, Load load, List<Step> steps, List<String> expect,
		Budgets budgets) {

	/** Reads durations the way the rest of the shop writes them: 500ms, 20s, 5m, 1h. */
	private static final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
		.registerModule(new SimpleModule().addDeserializer(Duration.class, new JsonDeserializer<>() {
			@Override
			public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
				return LoadCommand.duration(parser.getValueAsString());
			}
		}))
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

	public Scenario {
		if (name == null || !name.matches("[a-z0-9-]+")) {
			throw new IllegalArgumentException("A scenario needs a name of lower-case letters, digits and dashes");
		}
		if (load == null) {
			throw new IllegalArgumentException("Scenario " + name + " needs a load: { rate, duration }");
		}
		steps = (steps != null) ? steps.stream().sorted(Comparator.comparing(Step::at)).toList() : List.of();
		expect = (expect != null) ? List.copyOf(expect) : List.of();
		budgets = (budgets != null) ? budgets : Budgets.defaults();
		for (Step step : steps) {
			if (step.at().compareTo(load.duration()) >= 0) {
				throw new IllegalArgumentException("Step '" + step.action() + "' at " + step.at()
						+ " is not within the load's " + load.duration());
			}
		}
	}

	/**
	 * The load's rate changes ({@code rate} steps), which the load generator makes
	 * itself.
	 */
	public List<LoadProfile.RateChange> rateChanges() {
		return this.steps.stream()
			.filter((step) -> step.action() instanceof Action.Rate)
			.map((step) -> new LoadProfile.RateChange(step.at(), ((Action.Rate) step.action()).perSecond()))
			.toList();
	}

	/**
	 * Whether a step ends a fault: a restart, resume, faults or monkey off, or a rate
	 * back down to the load's own.
	 */
	boolean repairs(Step step) {
		if (step.action() instanceof Action.Rate rate) {
			return rate.perSecond() <= this.load.rate();
		}
		return step.action().repairs();
	}

	public static Scenario read(Path file) {
		try {
			return yaml.readValue(file.toFile(), Scenario.class);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the scenario " + file + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * @param rate calls started per second
	 * @param duration how long the load runs (the steps happen within it)
	 */
	public record Load(double rate, Duration duration) {

		public Load {
			if (!(rate > 0) || duration == null || duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException("A load needs a positive rate and duration");
			}
		}

	}

	/**
	 * @param at offset from the start of the load
	 * @param action what to do, one of {@link Action}'s forms
	 * @param text the step as the file wrote it
	 */
	public record Step(Duration at, Action action, String text) {

		public Step {
			if (at == null || at.isNegative() || action == null) {
				throw new IllegalArgumentException("A step needs an offset (at) and an action (do)");
			}
		}

		@JsonCreator
		static Step of(@JsonProperty("at") Duration at, @JsonProperty("do") String action) {
			return new Step(at, Action.parse(action), action.trim());
		}

	}

	/**
	 * @param p99 the 99th percentile latency allowed in any phase
	 * @param settle how long accepted orders may take to settle (confirmed or rejected)
	 * after the load ends
	 */
	public record Budgets(Duration p99, Duration settle) {

		public Budgets {
			p99 = (p99 != null) ? p99 : Duration.ofSeconds(5);
			settle = (settle != null) ? settle : Duration.ofMinutes(2);
		}

		static Budgets defaults() {
			return new Budgets(null, null);
		}

	}

}
