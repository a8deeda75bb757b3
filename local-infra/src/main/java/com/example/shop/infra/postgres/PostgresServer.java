package com.example.shop.infra.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One PostgreSQL server: a data folder and a port on loopback. It can create its data
 * folder, tell the command that runs it in the foreground (so a supervisor can own, pause
 * and kill the process), or run it as a child process itself.
 */
public final class PostgresServer {

	/**
	 * The superuser every service connects as locally (trust authentication on loopback
	 * only).
	 */
	public static final String USER = "shop";

	private final PostgresInstallation installation;

	private final Path dataDirectory;

	private final int port;

	private Process process;

	public PostgresServer(PostgresInstallation installation, Path dataDirectory, int port) {
		this.installation = installation;
		this.dataDirectory = dataDirectory;
		this.port = port;
	}

	public boolean isInitialized() {
		return Files.exists(this.dataDirectory.resolve("PG_VERSION"));
	}

	/** Creates the data folder with {@code initdb} unless it exists already. */
	public void initialize() {
		if (isInitialized()) {
			return;
		}
		run(this.installation.command("initdb", "-D", this.dataDirectory.toString(), "-U", USER, "-A", "trust", "-E",
				"UTF8", "--locale=C", "--no-sync"));
	}

	/**
	 * The command that runs this server in the foreground. Settings: loopback only, no
	 * Unix socket (its default folder may not be writable), WAL and slots for a streaming
	 * replica, replica readable (hot standby) and reporting back to the primary so its
	 * queries are not cancelled by vacuum, and small memory.
	 */
	public List<String> command() {
		List<String> settings = new ArrayList<>(List.of("-D", this.dataDirectory.toString(), "-p",
				String.valueOf(this.port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c",
				"wal_level=replica", "-c", "max_wal_senders=10", "-c", "max_replication_slots=10", "-c",
				"hot_standby=on", "-c", "hot_standby_feedback=on", "-c", "wal_receiver_status_interval=1s", "-c",
				"max_connections=200", "-c", "shared_buffers=32MB", "-c", "synchronous_commit=on", "-c",
				"log_line_prefix=%m [%p] ", "-c", "logging_collector=off"));
		return this.installation.command("postgres", settings.toArray(String[]::new));
	}

	/**
	 * Runs the server as a child of this JVM, its output appended to {@code log}, and
	 * waits until it accepts.
	 */
	public synchronized void start(Path log, Duration timeout) {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		try {
			Files.createDirectories(log.getParent());
			this.process = new ProcessBuilder(command()).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		awaitReady(timeout);
	}

	/**
	 * Stops the child started by {@link #start} with a fast shutdown (SIGINT), or kills
	 * it after 10 s.
	 */
	public synchronized void stop() {
		if (this.process == null) {
			return;
		}
		try {
			new ProcessBuilder("kill", "-INT", String.valueOf(this.process.pid())).start().waitFor();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (IOException ex) {
			this.process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	/** Waits until the server accepts connections, or fails after {@code timeout}. */
	public void awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		SQLException last = null;
		while (System.nanoTime() < deadline) {
			if (this.process != null && !this.process.isAlive()) {
				throw new IllegalStateException("PostgreSQL on port " + this.port + " exited with "
						+ this.process.exitValue() + "; see its log");
			}
			try (Connection connection = connect("postgres")) {
				return;
			}
			catch (SQLException ex) {
				last = ex;
				pause(Duration.ofMillis(100));
			}
		}
		throw new IllegalStateException("PostgreSQL on port " + this.port + " not ready after " + timeout, last);
	}

	/**
	 * Freezes the server (SIGSTOP to the postmaster and every process it forked): it
	 * still takes TCP connections but answers nothing, the hardest kind of "down".
	 */
	public void pause() {
		signal("STOP");
	}

	/** Unfreezes a {@link #pause() paused} server (SIGCONT). */
	public void resume() {
		signal("CONT");
	}

	/**
	 * Whether this server is a standby (it follows a primary) rather than a primary.
	 */
	public boolean isStandby() {
		return Files.exists(this.dataDirectory.resolve("standby.signal"));
	}

	/**
	 * Promotes this standby to a primary that takes writes, and waits (up to a minute)
	 * until it does.
	 */
	public void promote() {
		try (Connection connection = connect("postgres");
				var promoted = connection.createStatement().executeQuery("SELECT pg_promote(true, 60)")) {
			if (!promoted.next() || !promoted.getBoolean(1)) {
				throw new IllegalStateException("PostgreSQL on port " + this.port + " was not promoted within 60 s");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot promote PostgreSQL on port " + this.port, ex);
		}
	}

	/** Creates each database that does not exist yet (on a primary). */
	public void createDatabases(String... names) {
		try (Connection connection = connect("postgres")) {
			for (String name : names) {
				var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
				exists.setString(1, name);
				if (!exists.executeQuery().next()) {
					connection.createStatement().execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create databases on port " + this.port, ex);
		}
	}

	public Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(database) + "&connectTimeout=2", USER, "");
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database + "?ApplicationName=shop";
	}

	public Path dataDirectory() {
		return this.dataDirectory;
	}

	public int port() {
		return this.port;
	}

	PostgresInstallation installation() {
		return this.installation;
	}

	/**
	 * Sends {@code signal} to the postmaster named in {@code postmaster.pid}, then to
	 * every process it forked.
	 */
	private void signal(String signal) {
		long postmaster;
		try {
			postmaster = Long.parseLong(Files.readAllLines(this.dataDirectory.resolve("postmaster.pid")).get(0).trim());
		}
		catch (IOException ex) {
			throw new IllegalStateException("PostgreSQL on port " + this.port + " is not running", ex);
		}
		List<String> command = new ArrayList<>(List.of("kill", "-" + signal, String.valueOf(postmaster)));
		ProcessHandle.of(postmaster)
			.ifPresent((handle) -> handle.descendants().forEach((child) -> command.add(String.valueOf(child.pid()))));
		run(command);
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (process.waitFor() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted running " + command.get(0), ex);
		}
	}

	static void pause(Duration duration) {
		try {
			TimeUnit.MILLISECONDS.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
