package com.example.shop.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import org.HdrHistogram.Recorder;

/**
 * The benchmark's HTTP client: many callers at once, each call timed into a histogram
 * (microseconds) and counted by status. Two shapes of load:
 * <ul>
 * <li>closed: {@code callers} loops, each sending its next call once the last answered —
 * the most the shop serves;</li>
 * <li>open: calls started on schedule at a rate whether or not earlier ones answered —
 * what users do, so a struggling shop is not spared.</li>
 * </ul>
 * Calls are spread over many {@code X-API-Key}s, as many clients would be: the gateway's
 * per-client rate limit is not what these measure.
 */
final class HttpLoad implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final int KEYS = 5000;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final AtomicLong sequence = new AtomicLong();

	/**
	 * What one run got back.
	 *
	 * @param calls calls answered or failed
	 * @param seconds how long it ran
	 * @param byStatus calls by HTTP status, 0 for no answer
	 * @param p50 median latency of every call, milliseconds
	 * @param p99 99th percentile, milliseconds
	 * @param rejected latency of the calls answered 429 or 503, milliseconds (p50, p99)
	 */
	record Result(long calls, double seconds, Map<Integer, Long> byStatus, double p50, double p99, double[] rejected) {

		double throughput() {
			return this.calls / this.seconds;
		}

		long ok() {
			return this.byStatus.entrySet()
				.stream()
				.filter((entry) -> entry.getKey() >= 200 && entry.getKey() < 300)
				.mapToLong(Map.Entry::getValue)
				.sum();
		}

		double goodput() {
			return ok() / this.seconds;
		}

	}

	/**
	 * Runs {@code callers} closed loops for {@code duration}; {@code request} makes call
	 * n.
	 */
	Result closed(int callers, Duration duration, LongFunction<HttpRequest> request) {
		Tally tally = new Tally();
		long end = System.nanoTime() + duration.toNanos();
		long start = System.nanoTime();
		try (ExecutorService loops = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < callers; i++) {
				loops.execute(() -> {
					while (System.nanoTime() < end) {
						tally.record(send(request.apply(this.sequence.getAndIncrement())));
					}
				});
			}
		}
		return tally.result((System.nanoTime() - start) / 1e9);
	}

	/**
	 * Starts {@code rate} calls a second for {@code duration}, each on its own virtual
	 * thread, then waits for the ones in flight.
	 */
	Result open(double rate, Duration duration, LongFunction<HttpRequest> request) {
		Tally tally = new Tally();
		long interval = (long) (1e9 / rate);
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		// a cap against the client running away with itself, far above what the shop
		// holds
		Semaphore inFlight = new Semaphore(2000);
		try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
			for (long next = start; next < end && !Thread.currentThread().isInterrupted(); next += interval) {
				long wait;
				while ((wait = next - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
					LockSupport.parkNanos(wait);
				}
				if (!inFlight.tryAcquire()) {
					tally.record(new Answer(0, 0));
					continue;
				}
				HttpRequest call = request.apply(this.sequence.getAndIncrement());
				calls.execute(() -> {
					try {
						tally.record(send(call));
					}
					finally {
						inFlight.release();
					}
				});
			}
		}
		return tally.result(duration.toNanos() / 1e9);
	}

	/** A GET with a client key of its own. */
	static HttpRequest get(URI uri, long n) {
		return HttpRequest.newBuilder(uri)
			.timeout(TIMEOUT)
			.header("Accept", "application/json")
			.header("X-API-Key", "bench-" + (n % KEYS))
			.GET()
			.build();
	}

	/** An order for one unit of {@code productId}, with its own Idempotency-Key. */
	static HttpRequest order(URI gateway, String key, long productId, long n) {
		return HttpRequest.newBuilder(gateway.resolve("/api/orders"))
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.header("X-API-Key", "bench-" + (n % KEYS))
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"customerId\":\"bench\",\"items\":[{\"productId\":" + productId + ",\"quantity\":1}]}"))
			.build();
	}

	/** Sends one call; the answer's status and latency, status 0 when none came. */
	Answer send(HttpRequest request) {
		long start = System.nanoTime();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), System.nanoTime() - start, response);
		}
		catch (IOException ex) {
			return new Answer(0, System.nanoTime() - start);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Answer(0, System.nanoTime() - start);
		}
	}

	@Override
	public void close() {
		this.http.shutdownNow();
	}

	/**
	 * One call's outcome.
	 *
	 * @param status its HTTP status, 0 for none
	 * @param nanos how long it took
	 * @param response what came back, or null
	 */
	record Answer(int status, long nanos, HttpResponse<String> response) {

		Answer(int status, long nanos) {
			this(status, nanos, null);
		}

	}

	private static final class Tally {

		private final Recorder all = new Recorder(3);

		private final Recorder rejected = new Recorder(3);

		private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

		private final LongAdder calls = new LongAdder();

		void record(Answer answer) {
			long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(answer.nanos()));
			this.all.recordValue(micros);
			if (answer.status() == 429 || answer.status() == 503) {
				this.rejected.recordValue(micros);
			}
			this.byStatus.computeIfAbsent(answer.status(), (status) -> new LongAdder()).increment();
			this.calls.increment();
		}

		Result result(double seconds) {
			var all = this.all.getIntervalHistogram();
			var rejected = this.rejected.getIntervalHistogram();
			Map<Integer, Long> statuses = new TreeMap<>();
			this.byStatus.forEach((status, count) -> statuses.put(status, count.sum()));
			return new Result(this.calls.sum(), seconds, statuses, all.getValueAtPercentile(50) / 1000.0,
					all.getValueAtPercentile(99) / 1000.0, (rejected.getTotalCount() == 0) ? null : new double[] {
							rejected.getValueAtPercentile(50) / 1000.0, rejected.getValueAtPercentile(99) / 1000.0 });
		}

	}

}
