package com.example.shop.messaging.outbox;

import com.example.shop.messaging.SagaEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores an event in the caller's transaction, so the event exists if and only if the
 * state change it announces was committed. Never send to Kafka directly after saving:
 * that is the dual write the outbox exists to avoid.
 */
public class Outbox {

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	private final OutboxRelay relay;

	private final TraceParentSource traces;

	Outbox(JdbcClient jdbc, ObjectMapper json, OutboxRelay relay, TraceParentSource traces) {
		this.jdbc = jdbc;
		this.json = json;
		this.relay = relay;
		this.traces = traces;
	}

	/**
	 * Appends {@code event} for {@code topic}, keyed by its order id, with the current
	 * trace: the relay publishes it as part of that trace, however much later. Requires a
	 * running transaction.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void append(String topic, SagaEvent event) {
		this.jdbc.sql(
				"INSERT INTO outbox_event (topic, message_key, event_type, payload, trace_parent) VALUES (?, ?, ?, ?, ?)")
			.params(topic, event.orderId().toString(), event.type(), serialize(event), this.traces.current())
			.update();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				Outbox.this.relay.wakeUp();
			}
		});
	}

	/** Events written but not yet acknowledged by Kafka. */
	public long backlog() {
		return this.jdbc.sql("SELECT count(*) FROM outbox_event").query(Long.class).single();
	}

	private String serialize(SagaEvent event) {
		try {
			return this.json.writeValueAsString(event);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Cannot serialize " + event.type(), ex);
		}
	}

}
