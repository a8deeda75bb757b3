package com.example.shop.catalog.replica;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.autoconfigure.flyway.FlywayDataSource;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * Read-only transactions go to the streaming replica, everything else to the primary.
 * <p>
 * The application's one {@code DataSource} is a {@link LazyConnectionDataSourceProxy}: it
 * takes a real connection only at the first statement, when the transaction manager has
 * already marked the connection read-only or not, and takes it from the replica
 * ({@link FallbackToPrimaryDataSource}) or the primary accordingly. Writes, the outbox
 * and Flyway stay on the primary. A replica down at startup or later never stops the
 * application: its pool starts empty and reads fall back to the primary.
 */
@Configuration(proxyBeanMethods = false)
class ReplicaRoutingConfiguration {

	/**
	 * The primary, from Boot's own {@code spring.datasource.*} and
	 * {@code spring.datasource.hikari.*} properties. Flyway migrates it directly.
	 */
	@Bean
	@FlywayDataSource
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource primaryDataSource(DataSourceProperties properties) {
		return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
	}

	@Bean
	FallbackToPrimaryDataSource replicaDataSource(ReplicaProperties properties, HikariDataSource primaryDataSource) {
		HikariDataSource replica = new HikariDataSource();
		replica.setPoolName("catalog-replica");
		replica.setJdbcUrl(properties.url());
		replica.setUsername(properties.username());
		replica.setPassword(properties.password());
		replica.setReadOnly(true);
		replica.setMaximumPoolSize(properties.maximumPoolSize());
		replica.setConnectionTimeout(properties.connectionTimeout().toMillis());
		replica.setValidationTimeout(properties.connectionTimeout().toMillis());
		// PostgreSQL JDBC timeouts are whole seconds: a replica that takes TCP but never
		// answers fails the read (and the reads fall back) instead of hanging it.
		replica.addDataSourceProperty("connectTimeout", wholeSeconds(properties.connectionTimeout()));
		replica.addDataSourceProperty("socketTimeout", wholeSeconds(properties.socketTimeout()));
		// Start without a single replica connection rather than fail: reads use the
		// primary until the replica answers.
		replica.setInitializationFailTimeout(-1);
		return new FallbackToPrimaryDataSource(replica, primaryDataSource, properties.retryInterval());
	}

	@Bean
	ReplicaLag replicaLag(FallbackToPrimaryDataSource replicaDataSource, ReplicaProperties properties) {
		return new ReplicaLag(replicaDataSource.replica(), properties.lagInterval());
	}

	private static String wholeSeconds(Duration duration) {
		return String.valueOf(Math.max(1, (duration.toMillis() + 999) / 1000));
	}

	@Bean
	@Primary
	LazyConnectionDataSourceProxy dataSource(HikariDataSource primaryDataSource,
			FallbackToPrimaryDataSource replicaDataSource) {
		LazyConnectionDataSourceProxy dataSource = new LazyConnectionDataSourceProxy(primaryDataSource);
		dataSource.setReadOnlyDataSource(replicaDataSource);
		return dataSource;
	}

}
