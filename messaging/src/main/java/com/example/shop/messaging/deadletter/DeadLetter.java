package com.example.shop.messaging.deadletter;

import java.time.Instant;

/**
 * A record in a dead-letter topic, as the {@code deadletters} endpoint lists it: where it
 * is, what it is, where it came from and why it failed (spring-kafka's
 * {@code kafka_dlt-*} headers).
 *
 * @param topic the dead-letter topic
 * @param partition its partition
 * @param offset its offset there (with topic and partition: what a re-drive names)
 * @param key the message key (the order id)
 * @param type the event type header ({@code __TypeId__})
 * @param originalTopic the topic the message failed on, where a re-drive sends it
 * @param originalPartition its partition there
 * @param originalOffset its offset there
 * @param exceptionClass the listener's exception
 * @param exceptionCauseClass the exception's cause, if any
 * @param exceptionMessage the exception's message
 * @param timestamp when it was dead-lettered
 */
public record DeadLetter(String topic, int partition, long offset, String key, String type, String originalTopic,
		Integer originalPartition, Long originalOffset, String exceptionClass, String exceptionCauseClass,
		String exceptionMessage, Instant timestamp) {
}
