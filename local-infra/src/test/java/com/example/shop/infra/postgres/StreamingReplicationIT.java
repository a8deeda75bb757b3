package com.example.shop.infra.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class StreamingReplicationIT {

	@TempDir
	static Path root;

	static PostgresCluster cluster;

	@BeforeAll
	static void startCluster() {
		PostgresInstallation installation = PostgresInstallation.unpack(root.resolve("cache"));
		cluster = new PostgresCluster(installation, root, 56432, 56433).start("replication_test");
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@Test
	void replicaIsAHotStandbyThatRefusesWrites() throws SQLException {
		try (Connection replica = cluster.replica().connect("replication_test")) {
			assertThat(query(replica, "SELECT pg_is_in_recovery()::text")).isEqualTo("true");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> replica.createStatement().execute("CREATE TABLE nope (id int)"))
				.withMessageContaining("read-only");
		}
	}

	@Test
	void writeOnPrimaryBecomesReadableOnReplica() throws SQLException {
		try (Connection primary = cluster.primary().connect("replication_test")) {
			primary.createStatement().execute("CREATE TABLE IF NOT EXISTS note (id int PRIMARY KEY, text varchar)");
			primary.createStatement().execute("INSERT INTO note VALUES (42, 'replicated') ON CONFLICT DO NOTHING");
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			try (Connection replica = cluster.replica().connect("replication_test")) {
				assertThat(query(replica, "SELECT text FROM note WHERE id = 42")).isEqualTo("replicated");
			}
		});
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(StreamingReplica.lagBytes(cluster.primary(), cluster.replica())).isZero());
	}

	@Test
	void replicaCatchesUpOnWritesMadeWhileItWasDown() throws SQLException {
		cluster.stopReplica();
		try (Connection primary = cluster.primary().connect("replication_test")) {
			primary.createStatement().execute("CREATE TABLE IF NOT EXISTS missed (id int PRIMARY KEY)");
			primary.createStatement().execute("INSERT INTO missed SELECT g FROM generate_series(1, 1000) g");
		}
		cluster.startReplica();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			try (Connection replica = cluster.replica().connect("replication_test")) {
				assertThat(query(replica, "SELECT count(*)::text FROM missed")).isEqualTo("1000");
			}
		});
	}

	private static String query(Connection connection, String sql) throws SQLException {
		ResultSet result = connection.createStatement().executeQuery(sql);
		result.next();
		return result.getString(1);
	}

}
