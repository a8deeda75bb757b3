package com.example.shop.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./shop bench} on its tiny setting against the running shop: every measure runs
 * (each fault it injects repaired) and lands in the table. The figures of so short a run
 * mean little, and nothing here judges them; {@code ./shop bench} on a quiet machine
 * does.
 */
@ExtendWith(RunningShop.class)
class BenchIT {

	@Test
	void measuresEveryLineOfTheTableOnATinySetting(LocalShop shop) throws IOException {
		Path out = Path.of("target", "bench", "benchmarks.md").toAbsolutePath();

		String printed = shop.run("bench", "--quick", "--running", "--out", out.toString());

		String table = Files.readString(out);
		assertThat(printed).contains("Written to " + out);
		assertThat(table).contains("| Memory of the whole local stack", "| Gateway throughput against catalog direct",
				"| Latency the gateway adds", "| Orders accepted (order + outbox row) against pgbench",
				"| Placed → CONFIRMED", "| From `./shop kill catalog` to the gateway's catalog breaker open",
				"| Product reads with catalog killed", "| From catalog ready again to the breaker closed",
				"| Outbox drained after Kafka was down", "| Product reads served at twice saturation",
				"| Retry + CircuitBreaker + Bulkhead annotations");
		// measured, every one, but the start of a shop that was already running
		assertThat(table.lines().filter((line) -> line.contains("not measured")))
			.allSatisfy((line) -> assertThat(line).contains("--running"));
		assertThat(shop.run("status")).doesNotContain(" down ");
	}

}
