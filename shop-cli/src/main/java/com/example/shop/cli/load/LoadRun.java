package com.example.shop.cli.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A load run in the background, as the dashboard starts one: the same generator and call
 * log as {@code ./shop load}, on its own thread, with its latest progress at hand and a
 * way to stop it early.
 */
public final class LoadRun {

	private final LoadProfile profile;

	private final Path log;

	private final Instant startedAt = Instant.now();

	private final Thread thread;

	private volatile Progress progress;

	private volatile LoadSummary summary;

	private volatile String failure;

	private volatile boolean stopped;

	private LoadRun(LoadProfile profile, Path log) {
		this.profile = profile;
		this.log = log;
		this.thread = Thread.ofPlatform().name("dashboard-load").daemon().unstarted(this::run);
	}

	/**
	 * Starts offering {@code rate} calls per second to {@code target} for
	 * {@code duration}, every call logged to {@code log}.
	 * @throws IllegalArgumentException for a rate or duration the generator refuses
	 */
	public static LoadRun start(URI target, double rate, Duration duration, Path log) {
		LoadRun run = new LoadRun(LoadProfile.of(target, rate, duration), log);
		run.thread.start();
		return run;
	}

	private void run() {
		try (CallLog calls = CallLog.create(this.log)) {
			this.summary = LoadGenerator.run(this.profile, calls, (progress) -> this.progress = progress,
					() -> this.stopped);
		}
		catch (RuntimeException ex) {
			this.failure = ex.getMessage();
		}
	}

	/**
	 * Stops starting calls; the calls in flight are answered and logged, as at the end of
	 * a run.
	 */
	public void stop() {
		this.stopped = true;
	}

	/** Waits for the run to end, at most {@code timeout}; true if it ended. */
	public boolean await(Duration timeout) throws InterruptedException {
		return this.thread.join(timeout);
	}

	public boolean running() {
		return this.thread.isAlive();
	}

	public Status status() {
		Progress now = this.progress;
		LoadSummary done = this.summary;
		return new Status(running(), this.profile.rate(), this.profile.duration().toSeconds(), this.startedAt,
				(now != null) ? now.line() : null, (done != null) ? done.report() : null, this.failure,
				this.log.toString());
	}

	/**
	 * What the dashboard shows of a run.
	 *
	 * @param running whether calls are still being started or answered
	 * @param rate calls offered per second
	 * @param durationSeconds how long calls are started
	 * @param startedAt when the run began
	 * @param progress the latest progress line, as {@code ./shop load} prints it
	 * @param summary the final report, once the run ended
	 * @param failure why the generator itself failed, if it did
	 * @param log the call log
	 */
	public record Status(boolean running, double rate, long durationSeconds, Instant startedAt, String progress,
			String summary, String failure, String log) {

	}

}
