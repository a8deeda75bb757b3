package com.example.shop.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts the services faster from their second start on, with the JDK's class data
 * sharing: each part's JVM keeps an archive of the classes it loaded and parsed, and maps
 * it in at its next start instead of loading them again
 * ({@code -XX:+AutoCreateSharedArchive}, JDK 19 and newer: the archive is written when
 * the JVM exits normally, and written anew when the jar changed).
 * <p>
 * Class data sharing cannot read classes nested in an executable jar, so each module's
 * jar is first extracted the way Spring Boot offers for it ({@code -Djarmode=tools
 * extract}: the application's jar beside its libraries), into
 * {@code .shop/apps/<module>}, again whenever the build makes a new jar.
 */
final class ClassDataSharing {

	/**
	 * One lock per module within this JVM: a file lock keeps other {@code ./shop}
	 * commands out, but the JVM holding it may not ask for it again (two instances of
	 * order-service start at the same time).
	 */
	private static final Map<String, Object> extracting = new ConcurrentHashMap<>();

	private final Layout layout;

	ClassDataSharing(Layout layout) {
		this.layout = layout;
	}

	/** The extracted application jar of {@code module}, extracting it first if stale. */
	Path application(String module) {
		synchronized (extracting.computeIfAbsent(module, (name) -> new Object())) {
			return extracted(module);
		}
	}

	private Path extracted(String module) {
		Path jar = this.layout.jar(module);
		Path folder = this.layout.state().resolve("apps").resolve(module);
		Path application = folder.resolve(jar.getFileName());
		Path source = folder.resolve(".source");
		try {
			Files.createDirectories(folder.getParent());
			try (FileChannel channel = FileChannel.open(folder.getParent().resolve(module + ".lock"),
					StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
				String stamp = Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
				if (Files.exists(application) && Files.exists(source) && Files.readString(source).equals(stamp)) {
					return application;
				}
				deleteRecursively(folder);
				extract(jar, folder);
				Files.writeString(source, stamp);
				return application;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot extract " + jar, ex);
		}
	}

	/**
	 * The JVM options that keep and use {@code part}'s archive (one per part: two
	 * instances of a service exit at the same time, and each writes its own).
	 */
	List<String> options(String module, String part) {
		Path archive = this.layout.state().resolve("apps").resolve(module).resolve(part + ".jsa");
		return List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive",
				// a stale or missing archive is the normal first start, not a warning
				"-Xlog:cds=off", "-Xlog:cds+dynamic=off");
	}

	private static void extract(Path jar, Path folder) throws IOException {
		Process process = new ProcessBuilder(Layout.java(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
				"--destination", folder.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		try {
			if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
				throw new IOException("Extracting " + jar + " failed: " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted extracting " + jar, ex);
		}
	}

	private static void deleteRecursively(Path folder) throws IOException {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
