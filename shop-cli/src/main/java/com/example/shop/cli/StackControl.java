package com.example.shop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.example.shop.cli.load.LoadCommand;
import com.example.shop.cli.load.LoadRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The local stack's control port, for the gateway's dashboard: the state of every part,
 * kill / pause / resume / restart of one part, and a load run started and stopped from
 * the page. It is what {@code ./shop kill|pause|resume|restart} and {@code ./shop load}
 * do, served by the {@code ./shop up} process on loopback only, behind the operator's
 * credentials.
 * <ul>
 * <li>{@code GET /parts}: every part with its state ({@code up}, {@code starting},
 * {@code paused}, {@code down}) and whether an action on it is under way;</li>
 * <li>{@code POST /parts/{part}/{kill|pause|resume|restart}}: a restart answers 202 at
 * once and goes on in the background;</li>
 * <li>{@code GET /load}, {@code POST /load {"rate":10,"duration":"60s"}},
 * {@code DELETE /load}.</li>
 * </ul>
 * The gateway is not among the parts it acts on: the dashboard lives in it.
 */
final class StackControl implements AutoCloseable {

	static final int PORT = 8079;

	static final double MAX_RATE = 200;

	static final Duration MAX_DURATION = Duration.ofMinutes(30);

	private static final Set<String> ACTIONS = Set.of("kill", "pause", "resume", "restart");

	private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	private static final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
		.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

	/**
	 * Read anew for each action, like each {@code ./shop} command does: after a failover
	 * the database names point at the other servers.
	 */
	private final Supplier<Stack> stack;

	/** The parts to list (a part's state follows its name, whichever server it is). */
	private final Stack listing;

	private final Supervisor supervisor;

	private final Layout layout;

	private final Operator operator;

	private final URI gateway;

	private final Duration startup;

	private final Consumer<String> say;

	private final Set<String> busy = ConcurrentHashMap.newKeySet();

	private final HttpServer server;

	private volatile LoadRun load;

	private StackControl(Supplier<Stack> stack, Supervisor supervisor, Layout layout, Operator operator, URI gateway,
			Duration startup, Consumer<String> say, int port) throws IOException {
		this.stack = stack;
		this.listing = stack.get();
		this.supervisor = supervisor;
		this.layout = layout;
		this.operator = operator;
		this.gateway = gateway;
		this.startup = startup;
		this.say = say;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", this::handle);
	}

	/**
	 * Listens on {@code port} of the loopback interface until closed.
	 * @param say where actions are reported (the {@code ./shop up} console)
	 */
	static StackControl start(Supplier<Stack> stack, Supervisor supervisor, Layout layout, Operator operator,
			URI gateway, Duration startup, Consumer<String> say, int port) {
		try {
			StackControl control = new StackControl(stack, supervisor, layout, operator, gateway, startup, say, port);
			control.server.start();
			return control;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port, ex);
		}
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!this.operator.isAuthorization(exchange.getRequestHeaders().getFirst("Authorization"))) {
				exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"shop stack control\"");
				refuse(exchange, 401, "This port needs the operator's HTTP Basic credentials.");
				return;
			}
			String method = exchange.getRequestMethod();
			List<String> path = List.of(exchange.getRequestURI().getPath().replaceAll("^/+|/+$", "").split("/+"));
			if (path.equals(List.of("parts")) && method.equals("GET")) {
				answer(exchange, 200, Map.of("parts", parts()));
			}
			else if (path.size() == 3 && path.get(0).equals("parts") && method.equals("POST")) {
				act(exchange, path.get(1), path.get(2));
			}
			else if (path.equals(List.of("load"))) {
				load(exchange, method);
			}
			else {
				refuse(exchange, 404, "No such control: " + method + " " + exchange.getRequestURI().getPath());
			}
		}
		catch (RuntimeException ex) {
			refuse(exchange, 500, String.valueOf(ex.getMessage()));
		}
	}

	private List<PartState> parts() {
		return this.listing.parts()
			.stream()
			.map((part) -> new PartState(part.name(), part.description(), part.port(),
					this.supervisor.state(part).name().toLowerCase(), this.busy.contains(part.name()),
					!part.name().equals("gateway")))
			.toList();
	}

	private void act(HttpExchange exchange, String name, String action) throws IOException {
		Stack parts = this.stack.get();
		Optional<Part> found = parts.part(name);
		if (found.isEmpty() || !ACTIONS.contains(action)) {
			refuse(exchange, 404, "No part '" + name + "' or action '" + action + "'. Parts: " + parts.names()
					+ ", actions: " + ACTIONS);
			return;
		}
		Part part = found.get();
		if (part.name().equals("gateway")) {
			refuse(exchange, 409, "The dashboard lives in the gateway: use ./shop " + action + " gateway");
			return;
		}
		if (!this.busy.add(part.name())) {
			refuse(exchange, 409, part.name() + " is busy with an earlier action");
			return;
		}
		this.say.accept("dashboard: " + action + " " + part.name());
		if (action.equals("restart")) {
			Thread.ofVirtual().name("restart-" + part.name()).start(() -> restart(part));
			answer(exchange, 202, new Acted(part.name(), action, "restarting"));
			return;
		}
		try {
			boolean done = switch (action) {
				case "kill" -> this.supervisor.kill(part);
				case "pause" -> this.supervisor.pause(part);
				default -> this.supervisor.resume(part);
			};
			if (done) {
				answer(exchange, 200, new Acted(part.name(), action, "done"));
			}
			else {
				refuse(exchange, 409, part.name() + " is not running");
			}
		}
		finally {
			this.busy.remove(part.name());
		}
	}

	private void restart(Part part) {
		try {
			this.supervisor.restart(part, this.startup);
			this.say.accept(part.name() + " is up");
		}
		catch (RuntimeException ex) {
			this.say.accept(part.name() + " did not come back: " + ex.getMessage());
		}
		finally {
			this.busy.remove(part.name());
		}
	}

	private void load(HttpExchange exchange, String method) throws IOException {
		LoadRun current = this.load;
		switch (method) {
			case "GET" -> answer(exchange, 200, loadStatus(current));
			case "DELETE" -> {
				if (current != null && current.running()) {
					current.stop();
					this.say.accept("dashboard: load run stopped");
				}
				answer(exchange, 200, loadStatus(current));
			}
			case "POST" -> startLoad(exchange, current);
			default -> refuse(exchange, 405, "GET, POST or DELETE");
		}
	}

	private synchronized void startLoad(HttpExchange exchange, LoadRun current) throws IOException {
		if (current != null && current.running()) {
			refuse(exchange, 409, "A load run is under way: stop it first");
			return;
		}
		double rate;
		Duration duration;
		try (InputStream body = exchange.getRequestBody()) {
			JsonNode request = json.readTree(body.readNBytes(4096));
			rate = request.path("rate").asDouble(Double.NaN);
			duration = LoadCommand.duration(request.path("duration").asText(""));
		}
		catch (IOException | RuntimeException ex) {
			refuse(exchange, 400, "Send {\"rate\": calls per second, \"duration\": \"60s\"}");
			return;
		}
		if (!(rate > 0 && rate <= MAX_RATE) || duration.isNegative() || duration.isZero()
				|| duration.compareTo(MAX_DURATION) > 0) {
			refuse(exchange, 400, "rate must be in (0, " + (int) MAX_RATE + "] calls/s and duration in (0, "
					+ MAX_DURATION.toMinutes() + "m]");
			return;
		}
		Path log = this.layout.state()
			.resolve("load")
			.resolve(LocalDateTime.now().format(FOLDER) + "-dashboard")
			.resolve("calls.jsonl");
		this.load = LoadRun.start(this.gateway, rate, duration, log);
		this.say
			.accept("dashboard: load run, " + rate + " calls/s for " + duration.toSeconds() + " s; call log " + log);
		answer(exchange, 202, loadStatus(this.load));
	}

	private static Map<String, Object> loadStatus(LoadRun run) {
		return (run != null) ? Map.of("load", run.status()) : Map.of();
	}

	private static void refuse(HttpExchange exchange, int status, String detail) throws IOException {
		answer(exchange, status, Map.of("status", status, "detail", detail));
	}

	private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = json.writeValueAsBytes(body);
		exchange.getResponseHeaders()
			.set("Content-Type", (status >= 400) ? "application/problem+json" : "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	/** Stops listening and any load run. */
	@Override
	public void close() {
		LoadRun current = this.load;
		if (current != null) {
			current.stop();
		}
		this.server.stop(0);
	}

	/**
	 * One part as the dashboard shows it.
	 *
	 * @param name its name on the command line
	 * @param description what it is
	 * @param port its port
	 * @param state {@code up}, {@code starting}, {@code paused} or {@code down}
	 * @param busy whether an action on it is under way (a restart takes a while)
	 * @param controllable whether this port acts on it (not the gateway)
	 */
	record PartState(String name, String description, int port, String state, boolean busy, boolean controllable) {

	}

	record Acted(String part, String action, String result) {

	}

}
