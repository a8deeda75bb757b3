package com.example.shop.cli.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LoadCommandTests {

	@TempDir
	Path state;

	@Test
	void writesTheCallLogUnderTheStateFolderAndExitsZero() throws IOException {
		FakeGateway gateway = new FakeGateway(0);
		try {
			int exit = LoadCommand.run(this.state, gateway.uri(), 10, "1s", null);

			assertThat(exit).isZero();
			try (var files = Files.walk(this.state.resolve("load"))) {
				List<Path> logs = files.filter((file) -> file.endsWith("calls.jsonl")).toList();
				assertThat(logs).singleElement()
					.satisfies((log) -> assertThat(CallLog.read(log)).hasSize(10))
					.satisfies((log) -> assertThat(this.state.relativize(log).getNameCount()).isEqualTo(3));
			}
		}
		finally {
			gateway.stop();
		}
	}

	@Test
	void readsDurationsTheWayTheRestOfTheShopWritesThem() {
		assertThat(LoadCommand.duration("30s")).isEqualTo(Duration.ofSeconds(30));
		assertThat(LoadCommand.duration("5m")).isEqualTo(Duration.ofMinutes(5));
		assertThat(LoadCommand.duration("1h")).isEqualTo(Duration.ofHours(1));
		assertThat(LoadCommand.duration("500ms")).isEqualTo(Duration.ofMillis(500));
		assertThat(LoadCommand.duration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
		assertThatIllegalArgumentException().isThrownBy(() -> LoadCommand.duration("soon"));
	}

}
