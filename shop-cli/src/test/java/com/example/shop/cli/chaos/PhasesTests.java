package com.example.shop.cli.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.shop.cli.load.Call;
import com.example.shop.cli.load.Op;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhasesTests {

	@Test
	void cutsTheRunAtEachStepAndSumsEachPhase() {
		Scenario scenario = new Scenario("cut", "", new Scenario.Load(1, Duration.ofSeconds(30)),
				List.of(Scenario.Step.of(Duration.ofSeconds(10), "kill payment"),
						Scenario.Step.of(Duration.ofSeconds(20), "restart payment")),
				List.of(), null);
		long start = 1_000_000;
		List<Call> calls = List.of(call(start + 1_000, 200, 10, null), call(start + 9_999, 200, 30, "catalog-cache"),
				call(start + 10_000, 503, 5, null), call(start + 15_000, 202, 700, null),
				call(start + 25_000, 0, 10_000, null));

		List<Phases.Phase> phases = Phases.of(calls, start, scenario);

		assertThat(phases).extracting(Phases.Phase::name)
			.containsExactly("before the first step", "after 'kill payment'", "after 'restart payment'");
		assertThat(phases).extracting(Phases.Phase::calls).containsExactly(2L, 2L, 1L);
		assertThat(phases.get(0).byStatus()).isEqualTo(Map.of(200, 2L));
		assertThat(phases.get(0).degraded()).isEqualTo(1);
		assertThat(phases.get(1).byStatus()).isEqualTo(Map.of(503, 1L, 202, 1L));
		assertThat(phases.get(1).serverErrors()).isEqualTo(1);
		assertThat(phases.get(1).p99Ms()).isBetween(699.0, 701.0);
		assertThat(phases.get(2).byStatus()).isEqualTo(Map.of(0, 1L));
		assertThat(phases.get(2).maxMs()).isBetween(9_990.0, 10_010.0);
	}

	private static Call call(long startedAt, int status, double latencyMs, String degraded) {
		return new Call(startedAt, "r-" + startedAt, Op.BROWSE_PRODUCT, "c", "GET", "/api/products/1", null, null,
				status, (status == 0) ? "timeout" : null, latencyMs, degraded, false, null, null);
	}

}
