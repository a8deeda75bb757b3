package com.example.shop.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The memory the local stack holds, from Linux's own accounts of every part's process and
 * the processes it started (PostgreSQL's backends): resident set size (RSS, which counts
 * pages shared between processes once per process) and proportional set size (PSS, which
 * shares them out, so the parts add up to what the machine gives).
 */
final class Weight {

	private Weight() {
	}

	/**
	 * Memory of one part.
	 *
	 * @param rssBytes resident set size of its processes, summed
	 * @param pssBytes proportional set size of its processes, summed
	 */
	record Memory(long rssBytes, long pssBytes) {

		Memory plus(Memory other) {
			return new Memory(this.rssBytes + other.rssBytes, this.pssBytes + other.pssBytes);
		}

	}

	/** Each part's memory, by name, from the pid files in {@code runFolder}. */
	static Map<String, Memory> ofParts(Path runFolder) {
		Map<String, Memory> parts = new TreeMap<>();
		try (Stream<Path> files = Files.list(runFolder)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".pid")).toList()) {
				String name = file.getFileName().toString().replace(".pid", "");
				if (name.equals("up")) {
					continue;
				}
				long pid = Long.parseLong(Files.readString(file).trim().split(" ")[0]);
				ProcessHandle.of(pid).ifPresent((process) -> parts.put(name, of(process)));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + runFolder, ex);
		}
		return parts;
	}

	static Memory total(Map<String, Memory> parts) {
		return parts.values().stream().reduce(new Memory(0, 0), Memory::plus);
	}

	private static Memory of(ProcessHandle process) {
		List<ProcessHandle> all = new ArrayList<>();
		all.add(process);
		process.descendants().forEach(all::add);
		return all.stream().map(Weight::ofProcess).reduce(new Memory(0, 0), Memory::plus);
	}

	private static Memory ofProcess(ProcessHandle process) {
		Path proc = Path.of("/proc", String.valueOf(process.pid()));
		return new Memory(kilobytes(proc.resolve("status"), "VmRSS:") * 1024,
				kilobytes(proc.resolve("smaps_rollup"), "Pss:") * 1024);
	}

	private static long kilobytes(Path file, String field) {
		try (Stream<String> lines = Files.lines(file)) {
			return lines.filter((line) -> line.startsWith(field))
				.findFirst()
				.map((line) -> Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]))
				.orElse(0L);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

}
