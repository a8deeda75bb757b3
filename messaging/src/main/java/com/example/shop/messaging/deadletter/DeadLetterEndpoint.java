package com.example.shop.messaging.deadletter;

import java.util.List;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

/**
 * {@code /actuator/deadletters}: the dead letters of the topics this service consumes,
 * and a way to send them back once their cause is fixed.
 * <ul>
 * <li>{@code GET} lists the records not re-driven yet, oldest first per partition.</li>
 * <li>{@code POST {"topic":"shop.orders-dlt","partition":0,"offset":12}} re-drives that
 * one record; {@code {"topic":"shop.orders-dlt"}} every waiting record of that topic;
 * {@code {}} every waiting record of every topic. A re-driven record goes back to its
 * original topic with its original value and type, and is not listed again. Consumers are
 * idempotent, so re-driving a message that did get through is harmless.</li>
 * </ul>
 */
@Endpoint(id = "deadletters")
public class DeadLetterEndpoint {

	private final DeadLetters deadLetters;

	DeadLetterEndpoint(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@ReadOperation
	public DeadLetterList list() {
		return new DeadLetterList(this.deadLetters.topics(), this.deadLetters.list());
	}

	@WriteOperation
	public Redriven redrive(@Nullable String topic, @Nullable Integer partition, @Nullable Long offset) {
		return new Redriven(this.deadLetters.redrive(topic, partition, offset));
	}

	/**
	 * The dead-letter topics read and the records waiting in them.
	 */
	public record DeadLetterList(List<String> topics, List<DeadLetter> deadLetters) {
	}

	/** The records sent back to their original topics. */
	public record Redriven(List<DeadLetter> redriven) {
	}

}
