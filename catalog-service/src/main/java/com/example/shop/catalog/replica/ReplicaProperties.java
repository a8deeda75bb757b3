package com.example.shop.catalog.replica;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The streaming replica that serves the catalog's read-only transactions.
 *
 * @param url JDBC URL of the catalog database on the replica
 * @param connectionTimeout how long a read waits for a replica connection before it goes
 * to the primary
 * @param retryInterval how long reads stay on the primary after the replica failed,
 * before the replica is tried again (so a down replica costs one timeout, not one per
 * read)
 * @param socketTimeout how long a statement on the replica may wait for an answer: a
 * replica that accepts TCP but never answers (paused) fails the read instead of hanging
 * it
 * @param maximumPoolSize connections to the replica at most
 * @param lagInterval how often the replica's replication lag is measured for
 * {@code shop_replica_lag_seconds}
 */
@ConfigurationProperties("shop.catalog.replica")
@Validated
record ReplicaProperties(@NotBlank String url, @NotBlank String username, @DefaultValue("") String password,
		@NotNull @DefaultValue("1s") Duration connectionTimeout, @NotNull @DefaultValue("5s") Duration retryInterval,
		@NotNull @DefaultValue("3s") Duration socketTimeout, @Positive @DefaultValue("10") int maximumPoolSize,
		@NotNull @DefaultValue("5s") Duration lagInterval) {
}
