package com.example.shop.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;
import static org.awaitility.Awaitility.await;

class SupervisorTests {

	@TempDir
	Path state;

	Supervisor supervisor;

	ListenerPart part;

	@BeforeEach
	void startListener() throws Exception {
		Layout layout = new Layout(this.state, this.state);
		this.supervisor = new Supervisor(layout);
		Path source = this.state.resolve("Listener.java");
		Files.copy(getClass().getResourceAsStream("/Listener.java"), source);
		this.part = new ListenerPart(source, freePort());
		this.supervisor.start(this.part);
		this.supervisor.awaitReady(this.part, Duration.ofSeconds(60));
	}

	@AfterEach
	void killListener() {
		this.supervisor.signal(this.part, "KILL");
	}

	@Test
	void recordsAStartedPartAndSeesItUp() {
		assertThat(this.supervisor.find(this.part)).isPresent();
		assertThat(this.supervisor.state(this.part)).isEqualTo(Supervisor.State.UP);
	}

	@Test
	void pausesAndResumesAPart() {
		this.supervisor.signal(this.part, "STOP");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.supervisor.state(this.part) == Supervisor.State.PAUSED);

		this.supervisor.signal(this.part, "CONT");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.supervisor.state(this.part) == Supervisor.State.UP);
	}

	@Test
	void killedPartIsDown() {
		ProcessHandle process = this.supervisor.find(this.part).orElseThrow();
		this.supervisor.signal(this.part, "KILL");
		process.onExit().join();

		assertThat(this.supervisor.state(this.part)).isEqualTo(Supervisor.State.DOWN);
		assertThat(Supervisor.listening(this.part.port())).isFalse();
	}

	@Test
	void stopsAPartEvenWhilePausedAndForgetsIt() {
		this.supervisor.signal(this.part, "STOP");
		this.supervisor.stop(this.part);

		assertThat(this.supervisor.state(this.part)).isEqualTo(Supervisor.State.DOWN);
		assertThat(this.state.resolve("run").resolve("listener.pid")).doesNotExist();
	}

	@Test
	void neverMistakesARecycledPidForThePart() throws IOException {
		ProcessHandle self = ProcessHandle.current();
		this.supervisor.signal(this.part, "KILL");
		Files.writeString(this.state.resolve("run").resolve("listener.pid"), self.pid() + " 12345\n");

		assertThat(this.supervisor.find(this.part)).isEmpty();
	}

	@Test
	void failsFastWhenAPartExitsWhileStarting() {
		Part crashing = new ListenerPart(this.state.resolve("NoSuchFile.java"), 1) {
			@Override
			public String name() {
				return "crashing";
			}
		};
		this.supervisor.start(crashing);

		assertThatIllegalStateException().isThrownBy(() -> this.supervisor.awaitReady(crashing, Duration.ofMinutes(5)))
			.withMessageContaining("crashing");
	}

	@Test
	void failsWhenAPartIsNotReadyInTime() throws IOException {
		int listening = freePort();
		ListenerPart elsewhere = new ListenerPart(this.part.source(), freePort()) {
			@Override
			public String name() {
				return "elsewhere";
			}

			@Override
			public List<String> command() {
				// listens, but not on the port its readiness probes
				return List.of(Layout.java(), source().toString(), String.valueOf(listening));
			}
		};
		this.supervisor.start(elsewhere);
		try {
			assertThatRuntimeException().isThrownBy(() -> this.supervisor.awaitReady(elsewhere, Duration.ofSeconds(3)));
		}
		finally {
			this.supervisor.signal(elsewhere, "KILL");
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static class ListenerPart implements Part {

		private final Path source;

		private final int port;

		ListenerPart(Path source, int port) {
			this.source = source;
			this.port = port;
		}

		Path source() {
			return this.source;
		}

		@Override
		public int port() {
			return this.port;
		}

		@Override
		public String name() {
			return "listener";
		}

		@Override
		public String description() {
			return "test listener";
		}

		@Override
		public List<String> command() {
			return List.of(Layout.java(), this.source.toString(), String.valueOf(this.port));
		}

		@Override
		public void awaitReady(Duration timeout) {
			await().atMost(timeout).until(() -> Supervisor.listening(this.port));
		}

	}

}
