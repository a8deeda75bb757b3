package com.example.shop.cli.chaos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a scenario step does, written the way a person types it at {@code ./shop}:
 * <ul>
 * <li>{@code kill|pause|resume|restart <part>}, e.g. {@code kill payment};</li>
 * <li>{@code failover};</li>
 * <li>{@code faults latency=2000 error-rate=0.5 drop-rate=1.0 decline-rate=0 jitter=0} or
 * {@code faults off} (the provider's knobs);</li>
 * <li>{@code monkey <part> latency|exceptions|off} (Chaos Monkey in that service);</li>
 * <li>{@code rate <calls per second>}: the load's new rate from then on (a burst, and
 * back).</li>
 * </ul>
 */
public sealed interface Action {

	Set<String> SIGNALS = Set.of("kill", "pause", "resume", "restart");

	Set<String> KNOBS = Set.of("latency", "jitter", "error-rate", "decline-rate", "drop-rate");

	static Action parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("A step needs something to do");
		}
		List<String> words = List.of(text.trim().split("\\s+"));
		String verb = words.get(0);
		if (SIGNALS.contains(verb)) {
			expectWords(text, words, 2);
			return new PartAction(verb, words.get(1));
		}
		if (verb.equals("failover")) {
			expectWords(text, words, 1);
			return new Failover();
		}
		if (verb.equals("faults")) {
			return ProviderFaults.parse(text, words.subList(1, words.size()));
		}
		if (verb.equals("monkey")) {
			expectWords(text, words, 3);
			return new Monkey(words.get(1), Monkey.Mode.parse(text, words.get(2)));
		}
		if (verb.equals("rate")) {
			expectWords(text, words, 2);
			if (!words.get(1).matches("\\d+(\\.\\d+)?") || !(Double.parseDouble(words.get(1)) > 0)) {
				throw new IllegalArgumentException("Step '" + text + "': the rate is a positive number of calls/s");
			}
			return new Rate(Double.parseDouble(words.get(1)));
		}
		throw new IllegalArgumentException("Unknown step '" + text + "': kill|pause|resume|restart <part>, failover, "
				+ "faults ..., monkey <part> latency|exceptions|off, rate <calls/s>");
	}

	/**
	 * Whether the step ends a fault (a restart, a resume, faults or the monkey off)
	 * rather than causing one; the report measures from it to a healthy shop.
	 */
	default boolean repairs() {
		return switch (this) {
			case PartAction part -> part.verb().equals("restart") || part.verb().equals("resume");
			case Failover failover -> false;
			case ProviderFaults faults -> faults.off();
			case Monkey monkey -> monkey.mode() == Monkey.Mode.OFF;
			case Rate rate -> false;
		};
	}

	private static void expectWords(String text, List<String> words, int count) {
		if (words.size() != count) {
			throw new IllegalArgumentException("Step '" + text + "' needs " + count + " words");
		}
	}

	/** A signal to one part of the stack, as {@code ./shop <verb> <part>} sends it. */
	record PartAction(String verb, String part) implements Action {

	}

	/** Fence the PostgreSQL primary and promote its replica. */
	record Failover() implements Action {

	}

	/**
	 * New values for the provider's fault knobs ({@code ./shop faults}); empty knobs with
	 * {@code off} set turn every fault off.
	 */
	record ProviderFaults(Map<String, String> knobs, boolean off) implements Action {

		static ProviderFaults parse(String text, List<String> settings) {
			if (settings.equals(List.of("off"))) {
				return new ProviderFaults(Map.of(), true);
			}
			if (settings.isEmpty()) {
				throw new IllegalArgumentException("Step '" + text + "' sets no knob");
			}
			Map<String, String> knobs = new LinkedHashMap<>();
			for (String setting : settings) {
				String[] pair = setting.split("=", 2);
				if (pair.length != 2 || !KNOBS.contains(pair[0]) || !pair[1].matches("\\d+(\\.\\d+)?")) {
					throw new IllegalArgumentException(
							"Step '" + text + "': '" + setting + "' is not one of " + KNOBS + " = a number");
				}
				knobs.put(pair[0], pair[1]);
			}
			return new ProviderFaults(Map.copyOf(knobs), false);
		}

	}

	/** Chaos Monkey's assaults in one service, turned on or off at run time. */
	record Monkey(String part, Mode mode) implements Action {

		enum Mode {

			LATENCY, EXCEPTIONS, OFF;

			static Mode parse(String text, String word) {
				try {
					return valueOf(word.toUpperCase(java.util.Locale.ROOT));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("Step '" + text + "': latency, exceptions or off, not " + word);
				}
			}

		}

	}

	/**
	 * The load's new rate: a step up is a burst, a step down its end. The load generator
	 * changes its rate at the step's offset itself.
	 */
	record Rate(double perSecond) implements Action {

	}

}
