package com.example.shop.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;

import com.example.shop.infra.postgres.PostgresCluster;
import com.example.shop.infra.postgres.PostgresInstallation;
import com.example.shop.infra.postgres.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real PostgreSQL and Kafka the services' integration tests run against, started once
 * per test JVM.
 * <p>
 * Where Docker runs (or {@code SHOP_TEST_INFRA=containers}) they come from
 * Testcontainers; otherwise ({@code SHOP_TEST_INFRA=embedded}, or no Docker) from this
 * project's own launcher: a PostgreSQL 17 primary with a streaming replica from the
 * binaries on Maven Central, and spring-kafka-test's KRaft broker. Containers have no
 * replica: there {@link #replicaJdbcUrl} names the primary.
 */
public final class TestInfrastructure {

	private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);

	private static final String POSTGRES_IMAGE = "postgres:17";

	private static final String KAFKA_IMAGE = "apache/kafka:3.9.2";

	private static Backend backend;

	private TestInfrastructure() {
	}

	/**
	 * Points the application under test at {@code database} (created if missing) and at
	 * the Kafka broker.
	 */
	public static void register(DynamicPropertyRegistry registry, String database) {
		Backend infra = backend();
		infra.createDatabase(database);
		registry.add("spring.datasource.url", () -> infra.jdbcUrl(database));
		registry.add("spring.datasource.username", infra::username);
		registry.add("spring.datasource.password", infra::password);
		registry.add("spring.kafka.bootstrap-servers", infra::kafkaBootstrapServers);
	}

	/**
	 * JDBC URL of {@code database} on the streaming replica (on the primary where there
	 * is no replica).
	 */
	public static String replicaJdbcUrl(String database) {
		return backend().replicaJdbcUrl(database);
	}

	public static String kafkaBootstrapServers() {
		return backend().kafkaBootstrapServers();
	}

	/** The embedded primary + replica, to stop and start the replica in a test. */
	public static PostgresCluster postgres() {
		if (backend() instanceof Embedded embedded) {
			return embedded.cluster;
		}
		throw new IllegalStateException("Running on containers: there is no embedded PostgreSQL cluster");
	}

	/**
	 * A primary + replica of its own (free ports, data under {@code target/}), for a test
	 * that stops, pauses or promotes its database without disturbing the shared one. The
	 * caller closes it.
	 */
	public static PostgresCluster separateCluster(String database) {
		try {
			Path cache = Path.of(System.getProperty("user.home"), ".cache", "shop");
			Path target = Files.createDirectories(Path.of("target")).toAbsolutePath();
			Path root = Files.createTempDirectory(target, "separate-postgres-");
			return new PostgresCluster(PostgresInstallation.unpack(cache), root, Embedded.freePort(),
					Embedded.freePort())
				.start(database);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static boolean embedded() {
		return backend() instanceof Embedded;
	}

	private static synchronized Backend backend() {
		if (backend == null) {
			String choice = System.getenv().getOrDefault("SHOP_TEST_INFRA", "").toLowerCase(Locale.ROOT);
			boolean containers = choice.equals("containers")
					|| (!choice.equals("embedded") && DockerClientFactory.instance().isDockerAvailable());
			backend = containers ? new Containers() : new Embedded();
			log.info("Test infrastructure: {}", containers ? "Testcontainers" : "embedded PostgreSQL + Kafka");
			Runtime.getRuntime().addShutdownHook(new Thread(backend::close, "test-infrastructure-shutdown"));
		}
		return backend;
	}

	private interface Backend {

		String jdbcUrl(String database);

		String replicaJdbcUrl(String database);

		String username();

		String password();

		String kafkaBootstrapServers();

		void createDatabase(String database);

		void close();

	}

	private static final class Embedded implements Backend {

		private final Path root;

		private final PostgresCluster cluster;

		private final EmbeddedKafkaKraftBroker kafka;

		Embedded() {
			try {
				this.root = Files.createTempDirectory("shop-test-postgres-");
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Path cache = Path.of(System.getProperty("user.home"), ".cache", "shop");
			this.cluster = new PostgresCluster(PostgresInstallation.unpack(cache), this.root, freePort(), freePort())
				.start();
			this.kafka = new EmbeddedKafkaKraftBroker(1, 3);
			this.kafka.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0"));
			this.kafka.afterPropertiesSet();
		}

		@Override
		public String jdbcUrl(String database) {
			return this.cluster.primary().jdbcUrl(database);
		}

		@Override
		public String replicaJdbcUrl(String database) {
			return this.cluster.replica().jdbcUrl(database);
		}

		@Override
		public String username() {
			return PostgresServer.USER;
		}

		@Override
		public String password() {
			return "";
		}

		@Override
		public String kafkaBootstrapServers() {
			return this.kafka.getBrokersAsString();
		}

		@Override
		public void createDatabase(String database) {
			this.cluster.primary().createDatabases(database);
		}

		@Override
		public void close() {
			this.kafka.destroy();
			this.cluster.close();
			try (var files = Files.walk(this.root)) {
				files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
			catch (IOException ex) {
				log.warn("Could not delete {}", this.root, ex);
			}
		}

		private static int freePort() {
			try (ServerSocket socket = new ServerSocket(0)) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	private static final class Containers implements Backend {

		private final PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>(POSTGRES_IMAGE);

		private final KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);

		Containers() {
			this.postgres.start();
			this.kafka.start();
		}

		@Override
		public String jdbcUrl(String database) {
			return this.postgres.getJdbcUrl().replace("/" + this.postgres.getDatabaseName(), "/" + database);
		}

		@Override
		public String replicaJdbcUrl(String database) {
			return jdbcUrl(database);
		}

		@Override
		public String username() {
			return this.postgres.getUsername();
		}

		@Override
		public String password() {
			return this.postgres.getPassword();
		}

		@Override
		public String kafkaBootstrapServers() {
			return this.kafka.getBootstrapServers();
		}

		@Override
		public void createDatabase(String database) {
			try (Connection connection = DriverManager.getConnection(this.postgres.getJdbcUrl(), username(),
					password())) {
				var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
				exists.setString(1, database);
				if (!exists.executeQuery().next()) {
					connection.createStatement().execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Cannot create database " + database, ex);
			}
		}

		@Override
		public void close() {
			this.kafka.stop();
			this.postgres.stop();
		}

	}

}
