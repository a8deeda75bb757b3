package com.example.shop.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The physical limit an order's acceptance is held against: {@code pgbench} inserting one
 * row per transaction, as fast as it can, into a table of a {@code bench} database on the
 * same PostgreSQL primary the shop writes to, at the same time of the same run.
 */
final class Pgbench {

	private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

	private static final String ROW = "{\"customerId\":\"bench\",\"items\":[{\"productId\":1,\"quantity\":1}],\"total\":12.50}";

	private Pgbench() {
	}

	/** Where pgbench is, or null: the PATH, then Debian's place. */
	static Path find() {
		for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
			Path candidate = Path.of(folder, "pgbench");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		Path debian = Path.of("/usr/bin/pgbench");
		return Files.isExecutable(debian) ? debian : null;
	}

	/**
	 * Single-row inserts per second with {@code clients} connections for
	 * {@code duration}; empty when pgbench is not on this machine.
	 */
	static OptionalDouble singleInsertTps(int port, int clients, Duration duration, Path work) {
		Path pgbench = find();
		if (pgbench == null) {
			return OptionalDouble.empty();
		}
		prepare(port);
		try {
			Files.createDirectories(work);
			Path script = work.resolve("insert.sql");
			Files.writeString(script, "INSERT INTO accepted (payload) VALUES ('" + ROW + "');\n");
			Process process = new ProcessBuilder(List.of(pgbench.toString(), "-h", "127.0.0.1", "-p",
					String.valueOf(port), "-U", "shop", "-n", "-c", String.valueOf(clients), "-j", "2", "-T",
					String.valueOf(Math.max(1, duration.toSeconds())), "-f", script.toString(), "bench"))
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("pgbench failed:\n" + output);
			}
			Matcher tps = TPS.matcher(output);
			if (!tps.find()) {
				throw new IllegalStateException("pgbench printed no tps:\n" + output);
			}
			return OptionalDouble.of(Double.parseDouble(tps.group(1)));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + pgbench, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** A {@code bench} database with an empty {@code accepted} table. */
	private static void prepare(int port) {
		String server = "jdbc:postgresql://127.0.0.1:" + port + "/";
		try (Connection postgres = DriverManager.getConnection(server + "postgres", "shop", "shop");
				Statement statement = postgres.createStatement()) {
			if (!statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'bench'").next()) {
				statement.execute("CREATE DATABASE bench");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create the bench database", ex);
		}
		try (Connection bench = DriverManager.getConnection(server + "bench", "shop", "shop");
				Statement statement = bench.createStatement()) {
			statement.execute("DROP TABLE IF EXISTS accepted");
			statement.execute("CREATE TABLE accepted (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
					+ "payload TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create the bench table", ex);
		}
	}

}
