package com.example.shop.cli.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BenchTests {

	@Nested
	class Load {

		WireMockServer server;

		HttpLoad load;

		@BeforeEach
		void start() {
			this.server = new WireMockServer(options().dynamicPort().containerThreads(100));
			this.server.start();
			this.server.stubFor(get("/ok").willReturn(ok("{}")));
			this.server.stubFor(get("/slow").willReturn(ok("{}").withFixedDelay(200)));
			this.server.stubFor(get("/full").willReturn(aResponse().withStatus(503)));
			this.load = new HttpLoad();
		}

		@AfterEach
		void stop() {
			this.load.close();
			this.server.stop();
		}

		@Test
		void anOpenLoadStartsItsCallsOnScheduleWhateverTheyTake() {
			HttpLoad.Result result = this.load.open(40, Duration.ofSeconds(1),
					(n) -> HttpLoad.get(URI.create(this.server.baseUrl() + "/slow"), n));

			assertThat(result.calls()).isEqualTo(40);
			assertThat(result.byStatus()).containsExactly(Map.entry(200, 40L));
			assertThat(result.p50()).isGreaterThanOrEqualTo(200);
			// each call its own client key, as many clients would send
			assertThat(this.server.findAll(getRequestedFor(urlPathMatching("/slow")))
				.stream()
				.map((request) -> request.getHeader("X-API-Key"))
				.distinct()).hasSize(40);
		}

		@Test
		void aClosedLoadSendsTheNextCallOnceTheLastAnswered() {
			HttpLoad.Result result = this.load.closed(2, Duration.ofSeconds(1),
					(n) -> HttpLoad.get(URI.create(this.server.baseUrl() + "/slow"), n));

			// two callers, 200 ms a call: about ten calls in a second, never forty
			assertThat(result.calls()).isBetween(6L, 12L);
			assertThat(result.goodput()).isCloseTo(result.calls() / result.seconds(), within(0.01));
		}

		@Test
		void timesRefusalsApart() {
			HttpLoad.Result result = this.load.closed(1, Duration.ofSeconds(2),
					(n) -> HttpLoad.get(URI.create(this.server.baseUrl() + ((n % 2 == 0) ? "/ok" : "/full")), n));

			assertThat(result.byStatus()).containsKeys(200, 503);
			assertThat(result.rejected()).hasSize(2);
			assertThat(result.ok()).isEqualTo(result.byStatus().get(200));
		}

		@Test
		void countsACallNobodyAnsweredAsStatusZero() {
			HttpLoad.Result result = this.load.closed(1, Duration.ofMillis(200),
					(n) -> HttpLoad.get(URI.create("http://127.0.0.1:1/nothing"), n));

			assertThat(result.byStatus()).containsOnlyKeys(0);
		}

	}

	@Test
	void weighsAPartFromItsPidFile(@TempDir Path run) throws Exception {
		ProcessHandle self = ProcessHandle.current();
		Files.writeString(run.resolve("catalog.pid"), self.pid() + " 0\n");
		Files.writeString(run.resolve("up.pid"), self.pid() + " 0\n");

		Map<String, Weight.Memory> parts = Weight.ofParts(run);

		assertThat(parts).containsOnlyKeys("catalog");
		assertThat(parts.get("catalog").rssBytes()).isGreaterThan(10L << 20);
		assertThat(parts.get("catalog").pssBytes()).isPositive().isLessThanOrEqualTo(parts.get("catalog").rssBytes());
	}

	@Test
	void readsTheResilienceOverheadFromJmhsScores() {
		Map<String, Jmh.Score> scores = Map.of("plainCall", new Jmh.Score(2.5, 0.1, "ns/op"), "annotatedCall",
				new Jmh.Score(0.65, 0.02, "us/op"), "decoratorsCall", new Jmh.Score(300, 10, "ns/op"));

		List<Measure> measures = BenchReport.resilience(scores);

		assertThat(measures).singleElement().satisfies((measure) -> {
			assertThat(measure.figure()).startsWith("648 ns");
			assertThat(measure.peer()).contains("298 ns");
			assertThat(measure.met()).isTrue();
		});
		assertThat(BenchReport.resilience(
				Map.of("plainCall", new Jmh.Score(2, 0, "ns/op"), "annotatedCall", new Jmh.Score(1.5, 0, "us/op"))))
			.singleElement()
			.satisfies((measure) -> assertThat(measure.met()).isFalse());
	}

	@Test
	void writesOneTableRowPerMeasure() {
		List<Measure> measures = List.of(new Measure("a | b", "1", "≥ 2", "peer", false),
				Measure.failed("c", "≤ 3", "broken"));

		String markdown = BenchReport.markdown(measures, Instant.parse("2026-12-01T10:00:00Z"),
				new Bench.Settings(true, true, Path.of("x.md")));

		assertThat(markdown).contains("`./shop bench --quick --running`", "| a \\| b | 1 | ≥ 2 | peer | not met |",
				"| c | not measured: broken | ≤ 3 |  |  |");
	}

	@Test
	void takesPercentilesOfSortedSeconds() {
		List<Double> seconds = List.of(1.0, 2.0, 3.0, 4.0, 100.0);

		assertThat(Bench.percentile(seconds, 50)).isEqualTo(3.0);
		assertThat(Bench.percentile(seconds, 99)).isEqualTo(100.0);
	}

}
