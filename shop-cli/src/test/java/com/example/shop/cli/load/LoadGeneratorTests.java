package com.example.shop.cli.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LoadGeneratorTests {

	@TempDir
	Path dir;

	FakeGateway gateway;

	final List<Progress> progress = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopGateway() {
		if (this.gateway != null) {
			this.gateway.stop();
		}
	}

	@Test
	void keepsTheOfferedRateWhileTheShopAnswersSlowly() {
		this.gateway = new FakeGateway(500);
		long started = System.nanoTime();

		LoadSummary summary = run(LoadProfile.of(this.gateway.uri(), 50, Duration.ofSeconds(2)));

		Duration took = Duration.ofNanos(System.nanoTime() - started);
		List<Call> calls = CallLog.read(log());
		assertThat(summary.sent()).isEqualTo(100);
		assertThat(summary.dropped()).isZero();
		assertThat(calls).hasSize(100).allSatisfy((call) -> {
			assertThat(call.successful()).as(call.toString()).isTrue();
			assertThat(call.latencyMs()).isGreaterThanOrEqualTo(500);
		});
		// One at a time, 100 calls of 500 ms would take 50 s: started on schedule they
		// span 2 s
		long first = calls.stream().mapToLong(Call::startedAt).min().orElseThrow();
		long last = calls.stream().mapToLong(Call::startedAt).max().orElseThrow();
		assertThat(last - first).isBetween(1_500L, 3_000L);
		assertThat(took).isLessThan(Duration.ofSeconds(10));
		assertThat(summary.achievedRate()).isCloseTo(50, within(5.0));
		assertThat(summary.latency().p50()).isGreaterThanOrEqualTo(500);
		assertThat(this.progress).isNotEmpty().allSatisfy((line) -> assertThat(line.sent()).isBetween(1L, 100L));
	}

	@Test
	void changesItsRateAtTheGivenOffsets() {
		this.gateway = new FakeGateway(0);
		LoadProfile burst = LoadProfile.of(this.gateway.uri(), 10, Duration.ofSeconds(3))
			.withRateChanges(List.of(new LoadProfile.RateChange(Duration.ofSeconds(1), 100),
					new LoadProfile.RateChange(Duration.ofSeconds(2), 10)));
		assertThat(burst.calls()).isEqualTo(120);
		assertThat(burst.clients()).as("enough clients that none nears the gateway's limit").isEqualTo(4);

		LoadSummary summary = run(burst);

		List<Call> calls = CallLog.read(log());
		assertThat(summary.sent()).isEqualTo(120);
		long first = calls.stream().mapToLong(Call::startedAt).min().orElseThrow();
		Map<Long, Long> perSecond = calls.stream()
			.collect(Collectors.groupingBy((call) -> Math.min(2, (call.startedAt() - first) / 1000),
					Collectors.counting()));
		assertThat(perSecond.get(0L)).isBetween(8L, 12L);
		assertThat(perSecond.get(1L)).isBetween(90L, 110L);
		assertThat(perSecond.get(2L)).isBetween(8L, 12L);
	}

	@Test
	void logsEveryCallExactlyOnceWithWhatHappened() throws IOException {
		this.gateway = new FakeGateway(0);

		LoadSummary summary = run(LoadProfile.of(this.gateway.uri(), 50, Duration.ofSeconds(2)));

		List<Call> calls = CallLog.read(log());
		List<ServeEvent> received = this.gateway.server().getAllServeEvents();
		assertThat(calls).hasSize((int) summary.sent()).hasSize(received.size()).hasSize(100);
		assertThat(calls.stream().map(Call::requestId)).doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(
					received.stream().map((event) -> event.getRequest().getHeader("X-Request-Id")).toList());
		assertThat(summary.ok()).isEqualTo(100);
		assertThat(summary.byStatus()).containsOnlyKeys(200, 202);
		for (String line : Files.readAllLines(log())) {
			JsonNode call = new ObjectMapper().readTree(line);
			assertThat(call.fieldNames()).toIterable()
				.contains("startedAt", "requestId", "op", "client", "method", "path", "status", "latencyMs",
						"replayed");
			if (call.get("method").asText().equals("POST")) {
				assertThat(call.fieldNames()).toIterable().contains("idempotencyKey", "body", "orderId");
				assertThat(call.get("body").get("items").isArray()).isTrue();
			}
			else {
				assertThat(call.has("idempotencyKey")).isFalse();
			}
		}
		assertThat(calls).allSatisfy((call) -> {
			assertThat(call.startedAt()).isCloseTo(System.currentTimeMillis(), within(30_000L));
			assertThat(call.latencyMs()).isPositive();
			assertThat(call.client()).isNotBlank();
		});
		assertThat(calls.stream().map(Call::client).distinct()).hasSize(4);
	}

	@Test
	void duplicatesReuseTheKeyAndBodyOfAnEarlierOrder() {
		this.gateway = new FakeGateway(0);
		Mix heavy = new Mix(10, 10, 30, 20, 10, 10, 10);

		run(LoadProfile.of(this.gateway.uri(), 50, Duration.ofSeconds(2)).withMix(heavy));

		List<Call> calls = CallLog.read(log());
		Map<String, Call> originals = calls.stream()
			.filter((call) -> call.op().placesOrder())
			.collect(Collectors.toMap(Call::idempotencyKey, Function.identity()));
		List<Call> duplicates = calls.stream().filter((call) -> call.op() == Op.DUPLICATE_ORDER).toList();
		assertThat(duplicates).hasSizeGreaterThanOrEqualTo(5).allSatisfy((duplicate) -> {
			Call original = originals.get(duplicate.idempotencyKey());
			assertThat(original).as("original of %s", duplicate.idempotencyKey()).isNotNull();
			assertThat(original.startedAt()).isLessThanOrEqualTo(duplicate.startedAt());
			assertThat(duplicate.body()).isEqualTo(original.body());
			assertThat(duplicate.client()).isEqualTo(original.client());
			assertThat(duplicate.replayed()).isTrue();
			assertThat(duplicate.orderId()).isEqualTo(original.orderId());
		});
		assertThat(products(calls, Op.SCARCE_ORDER)).isNotEmpty().containsOnly(Traffic.SCARCE_PRODUCT);
		assertThat(products(calls, Op.DECLINED_ORDER)).isNotEmpty().containsOnly(Traffic.DECLINED_PRODUCT);
		assertThat(products(calls, Op.PLACE_ORDER)).isNotEmpty().allSatisfy((id) -> assertThat(id).isBetween(1, 18));
		assertThat(calls).filteredOn((call) -> call.op() == Op.POLL_ORDER)
			.isNotEmpty()
			.allSatisfy((poll) -> assertThat(originals.values().stream().map(Call::orderId))
				.contains(poll.path().substring("/api/orders/".length())));
	}

	@Test
	void logsAClosedPortAsErrorsWithoutFailing() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}

		LoadSummary summary = run(LoadProfile.of(URI.create("http://127.0.0.1:" + closed), 20, Duration.ofSeconds(1)));

		assertThat(summary.sent()).isEqualTo(20);
		assertThat(summary.errors()).isEqualTo(20);
		assertThat(summary.byStatus()).containsOnlyKeys(0);
		assertThat(CallLog.read(log())).hasSize(20).allSatisfy((call) -> {
			assertThat(call.status()).isZero();
			assertThat(call.error()).isEqualTo("connection refused");
		});
	}

	private LoadSummary run(LoadProfile profile) {
		try (CallLog log = CallLog.create(log())) {
			LoadSummary summary = LoadGenerator.run(profile, log, this.progress::add);
			assertThat(log.count()).isEqualTo(summary.sent());
			return summary;
		}
	}

	private Path log() {
		return this.dir.resolve("load").resolve("calls.jsonl");
	}

	private static List<Integer> products(List<Call> calls, Op op) {
		return calls.stream()
			.filter((call) -> call.op() == op)
			.flatMap((call) -> StreamSupport.stream(call.body().get("items").spliterator(), false))
			.map((item) -> item.get("productId").asInt())
			.toList();
	}

}
