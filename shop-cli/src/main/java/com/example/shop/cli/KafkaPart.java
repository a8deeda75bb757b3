package com.example.shop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Kafka broker (KRaft, broker and controller in one process) from the Kafka jars
 * on this command's classpath, exactly as the distribution's
 * {@code kafka-server-start.sh} runs it.
 */
final class KafkaPart implements Part {

	private final Layout layout;

	private final int port;

	private final int controllerPort;

	KafkaPart(Layout layout, int port, int controllerPort) {
		this.layout = layout;
		this.port = port;
		this.controllerPort = controllerPort;
	}

	@Override
	public String name() {
		return "kafka";
	}

	@Override
	public String description() {
		return "Kafka 3.9 broker (KRaft)";
	}

	@Override
	public int port() {
		return this.port;
	}

	private Path config() {
		return this.layout.data("kafka").resolve("server.properties");
	}

	@Override
	public void prepare() {
		Path dir = this.layout.data("kafka");
		Path logs = dir.resolve("logs");
		try {
			Files.createDirectories(dir);
			try (InputStream log4j = getClass().getResourceAsStream("/kafka-log4j.properties")) {
				Files.copy(log4j, dir.resolve("log4j.properties"), StandardCopyOption.REPLACE_EXISTING);
			}
			Files.writeString(config(), """
					process.roles=broker,controller
					node.id=1
					controller.quorum.voters=1@127.0.0.1:%2$d
					listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
					advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
					controller.listener.names=CONTROLLER
					inter.broker.listener.name=PLAINTEXT
					listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
					log.dirs=%3$s
					num.partitions=3
					offsets.topic.replication.factor=1
					offsets.topic.num.partitions=3
					transaction.state.log.replication.factor=1
					transaction.state.log.min.isr=1
					group.initial.rebalance.delay.ms=0
					log.retention.hours=24
					""".formatted(this.port, this.controllerPort, logs));
			if (!Files.exists(logs.resolve("meta.properties"))) {
				format();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void format() throws IOException {
		ByteBuffer bytes = ByteBuffer.allocate(16);
		UUID uuid = UUID.randomUUID();
		bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
		String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
		Process format = new ProcessBuilder(Layout.java(), "-cp", System.getProperty("java.class.path"),
				"-Dlog4j.configuration=file:" + this.layout.data("kafka").resolve("log4j.properties"),
				"kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config().toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.layout.log(name()).toFile()))
			.start();
		try {
			if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
				throw new IllegalStateException("Formatting Kafka storage failed; see " + this.layout.log(name()));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted formatting Kafka storage", ex);
		}
	}

	@Override
	public List<String> command() {
		return List.of(Layout.java(), "-Xms128m", "-Xmx384m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
				"-Dshop.part=kafka",
				"-Dlog4j.configuration=file:" + this.layout.data("kafka").resolve("log4j.properties"), "-cp",
				System.getProperty("java.class.path"), "kafka.Kafka", config().toString());
	}

	@Override
	public void awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + this.port,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				2000))) {
			while (System.nanoTime() < deadline) {
				try {
					if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
						return;
					}
				}
				catch (Exception ex) {
					Readiness.pause();
				}
			}
		}
		throw new IllegalStateException("Kafka not ready after " + timeout);
	}

	@Override
	public String url() {
		return "127.0.0.1:" + this.port;
	}

}
