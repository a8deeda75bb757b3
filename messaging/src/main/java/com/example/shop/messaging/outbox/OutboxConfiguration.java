package com.example.shop.messaging.outbox;

import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservation.DefaultKafkaTemplateObservationConvention;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox and its relay for any service with a database and Kafka on its classpath.
 */
@AutoConfiguration(
		after = { DataSourceAutoConfiguration.class, TransactionAutoConfiguration.class, KafkaAutoConfiguration.class })
@ConditionalOnBean({ DataSource.class, PlatformTransactionManager.class })
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxConfiguration {

	@Bean
	OutboxRelay outboxRelay(DataSource dataSource, PlatformTransactionManager transactionManager, KafkaProperties kafka,
			OutboxProperties properties, ObjectProvider<ObservationRegistry> observationRegistry) {
		Map<String, Object> producer = kafka.buildProducerProperties(null);
		producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		producer.put(ProducerConfig.ACKS_CONFIG, "all");
		producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		int timeout = (int) properties.sendTimeout().toMillis();
		producer.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
		producer.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
		producer.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
		ObservationRegistry observations = observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP);
		KafkaTemplate<String, String> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producer));
		// Not a bean, so no container hands it the registry: its producer observation
		// writes the traceparent header of the span the relay publishes in.
		template.setObservationEnabled(true);
		template.setObservationRegistry(observations);
		template.setObservationConvention(new OutboxSendConvention());
		return new OutboxRelay(JdbcClient.create(dataSource), new TransactionTemplate(transactionManager), template,
				properties, observations);
	}

	@Bean
	Outbox outbox(DataSource dataSource, ObjectMapper json, OutboxRelay relay,
			ObjectProvider<TraceParentSource> traces) {
		return new Outbox(JdbcClient.create(dataSource), json, relay,
				traces.getIfAvailable(() -> TraceParentSource.NONE));
	}

	/**
	 * The relay's sends as {@code outbox.send} (until Kafka acknowledged), not as
	 * spring-kafka's {@code spring.kafka.template}: other templates of the service may
	 * record that name with other tags, and Prometheus keeps only one set of tag keys per
	 * name.
	 */
	static final class OutboxSendConvention extends DefaultKafkaTemplateObservationConvention {

		@Override
		public String getName() {
			return "outbox.send";
		}

	}

	/**
	 * With Micrometer Tracing on the classpath, an event carries the trace it was
	 * appended in; without it, or without a tracer bean, it carries none.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	static class OutboxTracing {

		@Bean
		TraceParentSource tracerTraceParentSource(ObjectProvider<Tracer> tracer,
				ObjectProvider<Propagator> propagator) {
			return new TracerTraceParentSource(tracer, propagator);
		}

	}

	/**
	 * {@code outbox.backlog}: events written and not yet acknowledged by Kafka. It grows
	 * while the broker is down and drains when it returns; NaN while the database cannot
	 * be asked.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class OutboxMetrics {

		@Bean
		MeterBinder outboxBacklog(Outbox outbox) {
			return (registry) -> Gauge.builder("outbox.backlog", outbox, OutboxMetrics::backlog)
				.description("Events in the outbox not yet acknowledged by Kafka")
				.register(registry);
		}

		private static double backlog(Outbox outbox) {
			try {
				return outbox.backlog();
			}
			catch (DataAccessException ex) {
				return Double.NaN;
			}
		}

	}

}
