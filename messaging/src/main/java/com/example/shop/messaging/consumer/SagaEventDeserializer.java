package com.example.shop.messaging.consumer;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.example.shop.messaging.OrderPlaced;
import com.example.shop.messaging.OrderRejected;
import com.example.shop.messaging.PaymentCompleted;
import com.example.shop.messaging.PaymentDeclined;
import com.example.shop.messaging.PaymentRequested;
import com.example.shop.messaging.SagaEvent;
import com.example.shop.messaging.StockRejected;
import com.example.shop.messaging.StockReserved;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.kafka.support.mapping.DefaultJackson2JavaTypeMapper;
import org.springframework.kafka.support.mapping.Jackson2JavaTypeMapper;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JsonDeserializer;

/**
 * Reads a saga event by the type name in its header. A payload that is not valid JSON, or
 * names a type this shop does not know, is not thrown at the listener:
 * {@link ErrorHandlingDeserializer} hands it to the error handler, which sends it to the
 * dead-letter topic.
 */
final class SagaEventDeserializer {

	private SagaEventDeserializer() {
	}

	static ErrorHandlingDeserializer<Object> create(ObjectMapper json) {
		Map<String, Class<?>> types = Stream
			.of(OrderPlaced.class, OrderRejected.class, StockReserved.class, StockRejected.class,
					PaymentRequested.class, PaymentCompleted.class, PaymentDeclined.class)
			.collect(Collectors.toMap(Class::getSimpleName, (type) -> type));
		DefaultJackson2JavaTypeMapper typeMapper = new DefaultJackson2JavaTypeMapper();
		typeMapper.setIdClassMapping(types);
		typeMapper.setTypePrecedence(Jackson2JavaTypeMapper.TypePrecedence.TYPE_ID);
		typeMapper.addTrustedPackages(SagaEvent.class.getPackageName());
		JsonDeserializer<Object> deserializer = new JsonDeserializer<>(json);
		deserializer.setTypeMapper(typeMapper);
		// Keep the type header on the record: a dead letter carries it, and a re-drive
		// sends it back.
		deserializer.setRemoveTypeHeaders(false);
		return new ErrorHandlingDeserializer<>(deserializer);
	}

}
