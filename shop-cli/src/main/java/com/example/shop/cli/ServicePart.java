package com.example.shop.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Spring Boot service run from its module's executable jar (extracted, for class data
 * sharing: {@link ClassDataSharing}). Ready when its readiness health group says so.
 */
final class ServicePart implements Part {

	/** Small heaps: the whole stack has to fit a laptop next to an IDE. */
	private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
			"-XX:+ExitOnOutOfMemoryError", "-Xss512k");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private final Layout layout;

	private final String name;

	private final String module;

	private final String description;

	private final int port;

	private final Map<String, String> environment;

	private final ClassDataSharing classes;

	private ServicePart(Layout layout, String name, String module, String description, int port,
			Map<String, String> environment) {
		this.layout = layout;
		this.name = name;
		this.module = module;
		this.description = description;
		this.port = port;
		this.environment = environment;
		this.classes = new ClassDataSharing(layout);
	}

	static ServicePart of(Layout layout, String name, String module, String description, int port) {
		return new ServicePart(layout, name, module, description, port, Map.of());
	}

	/** The same part with one more environment variable. */
	ServicePart with(String variable, String value) {
		Map<String, String> environment = new HashMap<>(this.environment);
		environment.put(variable, value);
		return new ServicePart(this.layout, this.name, this.module, this.description, this.port,
				Map.copyOf(environment));
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String description() {
		return this.description;
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public List<String> command() {
		List<String> command = new ArrayList<>();
		command.add(Layout.java());
		command.addAll(JVM_OPTIONS);
		String extra = System.getenv("SHOP_JAVA_OPTS");
		if (extra != null && !extra.isBlank()) {
			command.addAll(List.of(extra.trim().split("\\s+")));
		}
		command.addAll(this.classes.options(this.module, this.name));
		command.add("-Dshop.part=" + this.name);
		command.add("-jar");
		command.add(this.classes.application(this.module).toString());
		return command;
	}

	/**
	 * Extracts the module's jar for class data sharing, when the build made a new one.
	 */
	@Override
	public void prepare() {
		this.classes.application(this.module);
	}

	@Override
	public Map<String, String> environment() {
		Map<String, String> environment = new HashMap<>(this.environment);
		environment.put("SERVER_PORT", String.valueOf(this.port));
		environment.put("SPRING_PROFILES_ACTIVE", "chaos-monkey");
		return environment;
	}

	@Override
	public void awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest probe = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() < deadline) {
			try {
				if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (java.io.IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			Readiness.pause();
		}
		throw new IllegalStateException(this.name + " not ready after " + timeout);
	}

	@Override
	public String url() {
		return "http://localhost:" + this.port;
	}

}
