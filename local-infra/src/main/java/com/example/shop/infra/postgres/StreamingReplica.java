package com.example.shop.infra.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * Makes a hot-standby replica of a running primary with PostgreSQL's documented low-level
 * base backup, because the bundled binaries have no {@code pg_basebackup}: reserve WAL
 * with a physical replication slot, {@code pg_backup_start}, copy the data folder,
 * {@code pg_backup_stop} and write its backup label, then {@code standby.signal} and the
 * connection to the primary. Started, the replica streams the primary's WAL from the slot
 * and serves reads.
 */
public final class StreamingReplica {

	public static final String SLOT = "replica";

	/**
	 * Leave out what pg_basebackup leaves out: the primary's runtime files, its WAL and
	 * its slots.
	 */
	private static final Set<String> SKIPPED_CONTENTS = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem",
			"pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");

	private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "standby.signal",
			"backup_label", "tablespace_map");

	private StreamingReplica() {
	}

	/**
	 * Creates {@code replica}'s data folder from the running {@code primary}, unless it
	 * exists already.
	 */
	public static void create(PostgresServer primary, PostgresServer replica) {
		if (replica.isInitialized()) {
			return;
		}
		Path target = replica.dataDirectory();
		try (Connection connection = primary.connect("postgres"); Statement sql = connection.createStatement()) {
			ResultSet slot = sql.executeQuery("SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'");
			if (!slot.next()) {
				sql.execute("SELECT pg_create_physical_replication_slot('" + SLOT + "', true)");
			}
			sql.execute("SELECT pg_backup_start('shop-replica', true)");
			copy(primary.dataDirectory(), target);
			ResultSet stop = sql.executeQuery("SELECT labelfile FROM pg_backup_stop(false)");
			stop.next();
			Files.writeString(target.resolve("backup_label"), stop.getString("labelfile"));
			Files.createFile(target.resolve("standby.signal"));
			Files.writeString(target.resolve("postgresql.auto.conf"),
					"primary_conninfo = 'host=127.0.0.1 port=" + primary.port() + " user=" + PostgresServer.USER
							+ " application_name=replica'\nprimary_slot_name = '" + SLOT + "'\n",
					StandardOpenOption.APPEND);
			Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Base backup of port " + primary.port() + " failed", ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * How far the replica's replay trails the primary's WAL, in bytes (0 when caught up).
	 */
	public static long lagBytes(PostgresServer primary, PostgresServer replica) throws SQLException {
		try (Connection p = primary.connect("postgres"); Connection r = replica.connect("postgres")) {
			ResultSet current = p.createStatement().executeQuery("SELECT pg_current_wal_lsn()::text");
			current.next();
			var lag = r.prepareStatement("SELECT pg_wal_lsn_diff(?::pg_lsn, pg_last_wal_replay_lsn())::bigint");
			lag.setString(1, current.getString(1));
			ResultSet result = lag.executeQuery();
			result.next();
			return Math.max(0, result.getLong(1));
		}
	}

	private static void copy(Path source, Path target) throws IOException {
		Files.walkFileTree(source, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
				Files.createDirectories(target.resolve(source.relativize(dir).toString()));
				boolean skipContents = dir.getParent() != null && dir.getParent().equals(source)
						&& SKIPPED_CONTENTS.contains(dir.getFileName().toString());
				return skipContents ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
				if (file.getParent().equals(source) && SKIPPED_FILES.contains(file.getFileName().toString())) {
					return FileVisitResult.CONTINUE;
				}
				Files.copy(file, target.resolve(source.relativize(file).toString()),
						StandardCopyOption.COPY_ATTRIBUTES);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
				// A temporary file the server removed while we copied: the WAL replay
				// restores what matters.
				if (ex instanceof java.nio.file.NoSuchFileException) {
					return FileVisitResult.CONTINUE;
				}
				throw ex;
			}
		});
	}

}
