package com.example.shop.cli.load;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Offers a {@link LoadProfile} to the shop: starts each call on schedule, each on its own
 * virtual thread, whether or not earlier calls have answered (an open model, so a slow
 * shop does not lower the offered rate), and logs every call to a {@link CallLog}.
 */
public final class LoadGenerator {

	/** Longest a started call can take: connect and request timeouts, plus margin. */
	private static final Duration DRAIN = GatewayClient.CONNECT_TIMEOUT.plus(GatewayClient.REQUEST_TIMEOUT)
		.plusSeconds(5);

	private final LoadProfile profile;

	private final Tally tally = new Tally();

	private final Semaphore inFlight;

	private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

	private LoadGenerator(LoadProfile profile) {
		this.profile = profile;
		this.inFlight = new Semaphore(profile.maxInFlight());
	}

	/**
	 * Runs the profile to the end, then waits for the calls still in flight.
	 * @param profile the load to offer
	 * @param log where every call goes; flushed once a second and at the end, not closed
	 * @param progress told once a second where the run is
	 * @return the run's totals
	 * @throws IllegalStateException if the generator itself failed (e.g. the call log
	 * could not be written); what the shop answered is never a failure
	 */
	public static LoadSummary run(LoadProfile profile, CallLog log, Consumer<Progress> progress) {
		return run(profile, log, progress, () -> false);
	}

	/**
	 * The same, ended early once {@code stop} says so: no more calls are started, and the
	 * calls in flight are answered and logged as in a run that ends on time.
	 */
	public static LoadSummary run(LoadProfile profile, CallLog log, Consumer<Progress> progress, BooleanSupplier stop) {
		return new LoadGenerator(profile).run(log, progress, stop);
	}

	private LoadSummary run(CallLog log, Consumer<Progress> progress, BooleanSupplier stop) {
		String run = Long.toString(System.currentTimeMillis(), 36);
		Traffic traffic = new Traffic(this.profile.mix(), run, this.profile.clients());
		ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "load-progress");
			thread.setDaemon(true);
			return thread;
		});
		Duration sending;
		boolean stopped = false;
		try (GatewayClient gateway = new GatewayClient(this.profile.target());
				ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
			long start = System.nanoTime();
			reporter.scheduleAtFixedRate(() -> report(log, progress, start), 1, 1, TimeUnit.SECONDS);
			long end = this.profile.duration().toNanos();
			long sequence = 0;
			for (long offset = 0; offset < end && this.failure.get() == null
					&& !Thread.currentThread().isInterrupted(); offset += this.profile.intervalAt(offset)) {
				awaitNanoTime(start + offset);
				if (stop.getAsBoolean()) {
					stopped = true;
					break;
				}
				if (!this.inFlight.tryAcquire()) {
					this.tally.dropped();
					continue;
				}
				Request request = traffic.next(sequence++);
				this.tally.sent();
				calls.execute(() -> call(gateway, traffic, log, request));
			}
			sending = Duration.ofNanos(System.nanoTime() - start);
			drain(calls);
		}
		finally {
			stop(reporter);
		}
		if (this.failure.get() != null) {
			throw new IllegalStateException("The load generator failed: " + this.failure.get().getMessage(),
					this.failure.get());
		}
		log.flush();
		return this.tally.summary(this.profile, sending, stopped);
	}

	private void call(GatewayClient gateway, Traffic traffic, CallLog log, Request request) {
		try {
			Call call = gateway.send(request);
			traffic.answered(request, call);
			this.tally.record(call);
			log.append(call);
		}
		catch (RuntimeException ex) {
			this.failure.compareAndSet(null, ex);
		}
		finally {
			this.inFlight.release();
		}
	}

	/**
	 * Waits for the calls in flight; any still running after the longest a call can take
	 * is interrupted, and logged as such.
	 */
	private void drain(ExecutorService calls) {
		calls.shutdown();
		try {
			if (!calls.awaitTermination(DRAIN.toMillis(), TimeUnit.MILLISECONDS)) {
				calls.shutdownNow();
				calls.awaitTermination(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			calls.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	private void report(CallLog log, Consumer<Progress> progress, long start) {
		try {
			log.flush();
			progress.accept(this.tally.snapshot(Duration.ofNanos(System.nanoTime() - start),
					this.profile.maxInFlight() - this.inFlight.availablePermits()));
		}
		catch (RuntimeException ex) {
			this.failure.compareAndSet(null, ex);
		}
	}

	private static void stop(ScheduledExecutorService reporter) {
		reporter.shutdownNow();
		try {
			reporter.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void awaitNanoTime(long deadline) {
		long wait;
		while ((wait = deadline - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
			LockSupport.parkNanos(wait);
		}
	}

}
