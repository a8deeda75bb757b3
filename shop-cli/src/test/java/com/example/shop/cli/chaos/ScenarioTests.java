package com.example.shop.cli.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.example.shop.cli.load.LoadProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioTests {

	@TempDir
	Path folder;

	@Test
	void readsEveryScenarioShippedInTheChaosFolder() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("..", "chaos"))) {
			List<Path> scenarios = files.filter((file) -> file.toString().endsWith(".yml")).toList();
			assertThat(scenarios).isNotEmpty();
			assertThat(scenarios).allSatisfy((file) -> {
				Scenario scenario = Scenario.read(file);
				assertThat(file.getFileName().toString()).isEqualTo(scenario.name() + ".yml");
			});
		}
	}

	@Test
	void readsLoadStepsInTimeOrderAndBudgets() throws IOException {
		Scenario scenario = Scenario.read(write("""
				name: mixed
				load: { rate: 12.5, duration: 2m }
				steps:
				  - { at: 50s, do: restart payment }
				  - { at: 20s, do: kill payment }
				  - { at: 30s, do: faults latency=2000 drop-rate=0.5 }
				  - { at: 40s, do: monkey order-1 exceptions }
				  - { at: 45s, do: failover }
				  - { at: 55s, do: faults off }
				expect: [ orders still accepted ]
				budgets: { p99: 1500ms }
				"""));

		assertThat(scenario.load()).isEqualTo(new Scenario.Load(12.5, Duration.ofMinutes(2)));
		assertThat(scenario.steps()).extracting(Scenario.Step::at)
			.containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(40),
					Duration.ofSeconds(45), Duration.ofSeconds(50), Duration.ofSeconds(55));
		assertThat(scenario.steps()).extracting(Scenario.Step::action)
			.containsExactly(new Action.PartAction("kill", "payment"),
					new Action.ProviderFaults(Map.of("latency", "2000", "drop-rate", "0.5"), false),
					new Action.Monkey("order-1", Action.Monkey.Mode.EXCEPTIONS), new Action.Failover(),
					new Action.PartAction("restart", "payment"), new Action.ProviderFaults(Map.of(), true));
		assertThat(scenario.expect()).containsExactly("orders still accepted");
		assertThat(scenario.budgets()).isEqualTo(new Scenario.Budgets(Duration.ofMillis(1500), Duration.ofMinutes(2)));
	}

	@Test
	void refusesAStepOutsideTheLoad() {
		assertThatThrownBy(() -> Scenario.read(write("""
				name: late
				load: { rate: 1, duration: 10s }
				steps: [ { at: 10s, do: kill payment } ]
				"""))).hasMessageContaining("not within the load");
	}

	@Test
	void refusesWhatIsNotAStep() {
		Stream
			.of("", "explode gateway", "kill", "kill a b", "faults", "faults speed=3", "faults latency=fast",
					"monkey order-1 sleepy", "failover now", "rate", "rate fast", "rate 0", "rate -5", "rate 10 20")
			.forEach((text) -> assertThatIllegalArgumentException().as(text).isThrownBy(() -> Action.parse(text)));
	}

	@Test
	void aRateStepBecomesTheLoadsRateChangeAndItsEndARepair() throws IOException {
		Scenario scenario = Scenario.read(write("""
				name: burst
				load: { rate: 10, duration: 60s }
				steps:
				  - { at: 15s, do: rate 100 }
				  - { at: 30s, do: rate 10 }
				  - { at: 40s, do: kill payment }
				  - { at: 50s, do: restart payment }
				"""));

		assertThat(scenario.rateChanges()).containsExactly(new LoadProfile.RateChange(Duration.ofSeconds(15), 100),
				new LoadProfile.RateChange(Duration.ofSeconds(30), 10));
		assertThat(scenario.steps()).extracting(scenario::repairs).containsExactly(false, true, false, true);
	}

	@Test
	void refusesAMisspelledField() {
		assertThatThrownBy(() -> Scenario.read(write("""
				name: typo
				load: { rate: 1, duration: 10s }
				stpes: []
				"""))).hasMessageContaining("stpes");
	}

	private Path write(String text) {
		try {
			return Files.writeString(this.folder.resolve("scenario.yml"), text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
