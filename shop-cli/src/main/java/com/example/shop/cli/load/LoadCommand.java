package com.example.shop.cli.load;

import java.io.Console;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./shop load}: runs a {@link LoadProfile} against the gateway with a live
 * progress line, then prints the summary and where the call log is.
 */
public final class LoadCommand {

	private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

	private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	private LoadCommand() {
	}

	/**
	 * @param state the shop's state folder; the call log goes to
	 * {@code <state>/load/<time>/calls.jsonl} unless {@code log} is given
	 * @return the exit code: 0, whatever the shop answered
	 */
	public static int run(Path state, URI target, double rate, String duration, Path log) {
		LoadProfile profile = LoadProfile.of(target, rate, duration(duration));
		Path file = (log != null) ? log
				: state.resolve("load").resolve(LocalDateTime.now().format(FOLDER)).resolve("calls.jsonl");
		PrintStream out = System.out;
		boolean terminal = terminal();
		out.printf("Offering %s calls/s for %ds to %s (%d calls, %d API keys)%n", format(rate),
				profile.duration().toSeconds(), target, profile.calls(), profile.clients());
		try (CallLog calls = CallLog.create(file)) {
			// Ctrl-C ends the run: keep the calls logged so far
			Thread flush = new Thread(calls::flush, "load-flush");
			Runtime.getRuntime().addShutdownHook(flush);
			try {
				LoadSummary summary = LoadGenerator.run(profile, calls, (progress) -> out
					.print(terminal ? "\r" + progress.line() + "\u001b[K" : progress.line() + System.lineSeparator()));
				if (terminal) {
					out.println();
				}
				out.println(summary.report());
			}
			finally {
				Runtime.getRuntime().removeShutdownHook(flush);
			}
		}
		out.println("Call log: " + file.toAbsolutePath());
		return 0;
	}

	/**
	 * {@code 30s}, {@code 5m}, {@code 1h}, {@code 500ms} or ISO-8601 ({@code PT1M30S}).
	 */
	public static Duration duration(String text) {
		Matcher simple = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
		if (simple.matches()) {
			long amount = Long.parseLong(simple.group(1));
			return switch (simple.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				default -> Duration.ofHours(amount);
			};
		}
		try {
			return Duration.parse(text.trim());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Not a duration: '" + text + "' (e.g. 30s, 5m, 1h, PT1M30S)");
		}
	}

	private static String format(double rate) {
		return (rate == Math.rint(rate)) ? String.valueOf((long) rate) : String.valueOf(rate);
	}

	/**
	 * Whether stdout is a terminal (so the progress line can overwrite itself). Since JDK
	 * 22 a console exists even when redirected; {@code Console.isTerminal()} tells.
	 */
	private static boolean terminal() {
		Console console = System.console();
		if (console == null) {
			return false;
		}
		try {
			return (boolean) Console.class.getMethod("isTerminal").invoke(console);
		}
		catch (ReflectiveOperationException ex) {
			return true;
		}
	}

}
