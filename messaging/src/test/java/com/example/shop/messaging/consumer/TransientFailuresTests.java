package com.example.shop.messaging.consumer;

import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTests {

	@Test
	void databaseOutagesAndLockConflictsAreTransientWhereverTheyAreWrapped() {
		assertThat(TransientFailures.isTransient(new ListenerExecutionFailedException("listener failed",
				new CannotCreateTransactionException("no connection", new SQLTransientConnectionException()))))
			.isTrue();
		assertThat(TransientFailures.isTransient(new DataAccessResourceFailureException("database down"))).isTrue();
		assertThat(TransientFailures.isTransient(new OptimisticLockingFailureException("Order changed meanwhile")))
			.isTrue();
	}

	@Test
	void aFailureOfTheMessageItselfIsNotTransient() {
		assertThat(TransientFailures.isTransient(new ListenerExecutionFailedException("listener failed",
				new IllegalStateException("cannot confirm a rejected order"))))
			.isFalse();
		assertThat(TransientFailures.isTransient(new IllegalArgumentException("bad reason"))).isFalse();
	}

}
