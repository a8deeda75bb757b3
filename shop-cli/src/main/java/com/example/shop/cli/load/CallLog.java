package com.example.shop.cli.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The call log: one JSON line per {@link Call}, in the order the calls finished. Calls
 * finish on many threads; one lock keeps every line whole.
 */
public final class CallLog implements AutoCloseable {

	private static final ObjectMapper json = new ObjectMapper();

	private final ReentrantLock lock = new ReentrantLock();

	private final Path file;

	private final BufferedWriter writer;

	private long count;

	private CallLog(Path file, BufferedWriter writer) {
		this.file = file;
		this.writer = writer;
	}

	/** Creates (or truncates) the file and its folders. */
	public static CallLog create(Path file) {
		try {
			Path parent = file.toAbsolutePath().getParent();
			Files.createDirectories(parent);
			return new CallLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the call log " + file, ex);
		}
	}

	/** Reads a call log back, e.g. to check invariants after a run. */
	public static List<Call> read(Path file) {
		try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
			return lines.filter((line) -> !line.isBlank()).map(CallLog::parse).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Call parse(String line) {
		try {
			return json.readValue(line, Call.class);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Not a call: " + line, ex);
		}
	}

	public void append(Call call) {
		String line;
		try {
			line = json.writeValueAsString(call);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
		this.lock.lock();
		try {
			this.writer.write(line);
			this.writer.newLine();
			this.count++;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the call log " + this.file, ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Writes buffered lines out, so a run that dies keeps what it logged. */
	public void flush() {
		this.lock.lock();
		try {
			this.writer.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the call log " + this.file, ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	public Path path() {
		return this.file;
	}

	/** Lines written so far. */
	public long count() {
		this.lock.lock();
		try {
			return this.count;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void close() {
		this.lock.lock();
		try {
			this.writer.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.lock.unlock();
		}
	}

}
