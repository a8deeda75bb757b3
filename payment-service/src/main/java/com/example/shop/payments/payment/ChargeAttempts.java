package com.example.shop.payments.payment;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.example.shop.messaging.PaymentCompleted;
import com.example.shop.messaging.PaymentDeclined;
import com.example.shop.messaging.Topics;
import com.example.shop.messaging.outbox.Outbox;
import com.example.shop.messaging.outbox.TraceParentSource;
import com.example.shop.payments.provider.ChargeOutcome;
import com.example.shop.payments.provider.ProviderCapacity;
import com.example.shop.payments.provider.ProviderClient;
import com.example.shop.payments.provider.ProviderRejectedException;
import com.example.shop.payments.provider.ProviderUnavailableException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

/**
 * One attempt to charge a pending payment, in three steps: hold the payment (a short
 * transaction), call the provider (no transaction: a slow provider must not hold a
 * database connection), record its decision with the event that announces it (one
 * transaction). A transient failure (the provider down, slow, its breaker open, its
 * bulkhead full) leaves the payment PENDING and due again after a backoff; it is never
 * declined for it.
 */
@Component
class ChargeAttempts implements DisposableBean {

	static final String PROVIDER_REJECTED = "PROVIDER_REJECTED";

	private static final String CHARGE = "payment.charge";

	private static final String CHARGE_NAME = "charge payment";

	private static final Logger log = LoggerFactory.getLogger(ChargeAttempts.class);

	private final PaymentRepository payments;

	private final ProviderClient provider;

	private final Outbox outbox;

	private final TransactionOperations transactions;

	private final RetryProperties retry;

	private final ProviderCapacity capacity;

	private final PaymentMetrics metrics;

	private final ObservationRegistry observations;

	private final ExecutorService workers = Executors
		.newThreadPerTaskExecutor(Thread.ofVirtual().name("charge-", 0).factory());

	ChargeAttempts(PaymentRepository payments, ProviderClient provider, ProviderCapacity capacity, Outbox outbox,
			TransactionOperations transactions, RetryProperties retry, PaymentMetrics metrics,
			ObjectProvider<ObservationRegistry> observations) {
		this.payments = payments;
		this.provider = provider;
		this.capacity = capacity;
		this.outbox = outbox;
		this.transactions = transactions;
		this.retry = retry;
		this.metrics = metrics;
		this.observations = observations.getIfUnique(() -> ObservationRegistry.NOOP);
	}

	/**
	 * Holds a new payment for its first attempt, in the caller's transaction, if a charge
	 * could get through right now. The payment is stored already held, so the retrier
	 * cannot take it before {@link #charge} does: the first attempt stays in the payment
	 * request's trace.
	 * @return whether the caller should now {@link #charge} it
	 */
	boolean holdFirst(Payment payment, Instant now) {
		return this.capacity.isAvailable() && payment.startAttempt(now, this.retry.attemptTimeout());
	}

	/**
	 * Runs the attempt on a payment {@link #holdFirst} held, in the background. Should it
	 * not run (the service shutting down), the payment is due again when its hold ends.
	 */
	void charge(Payment held) {
		inBackground(held.getOrderId(), () -> Optional.of(held));
	}

	/**
	 * Runs an attempt in the background, unless the provider's breaker is open or its
	 * bulkhead is full: then the payment stays due and the retrier starts it later.
	 * @return whether an attempt was started
	 */
	boolean start(UUID orderId) {
		return this.capacity.isAvailable() && inBackground(orderId, () -> hold(orderId));
	}

	private boolean inBackground(UUID orderId, Supplier<Optional<Payment>> held) {
		Observation caller = this.observations.getCurrentObservation();
		try {
			this.workers.execute(() -> {
				try {
					held.get().ifPresent((payment) -> inTraceOf(payment, caller).observe(() -> attempt(payment)));
				}
				catch (RuntimeException ex) {
					log.warn("Charging the payment of order {} failed; it stays due: {}", orderId, ex.toString());
				}
			});
			return true;
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the payment stays due for the next start.
			return false;
		}
	}

	/**
	 * An attempt continues the trace the payment was requested in, however late it comes
	 * (a retry after a provider outage, after a restart), so the provider call and the
	 * decision's event belong to the order's trace; without a stored trace, the caller's.
	 */
	private Observation inTraceOf(Payment payment, Observation caller) {
		if (payment.getTraceParent() == null) {
			return Observation.createNotStarted(CHARGE, this.observations)
				.parentObservation(caller)
				.contextualName(CHARGE_NAME);
		}
		ReceiverContext<Payment> context = new ReceiverContext<>(
				(stored, header) -> TraceParentSource.TRACEPARENT.equals(header) ? stored.getTraceParent() : null,
				Kind.CONSUMER);
		context.setCarrier(payment);
		return Observation.createNotStarted(CHARGE, () -> context, this.observations).contextualName(CHARGE_NAME);
	}

	private void attempt(Payment payment) {
		UUID orderId = payment.getOrderId();
		try {
			decide(orderId, this.provider.charge(payment.getIdempotencyKey(), orderId, payment.getCustomerId(),
					payment.getAmount()));
		}
		catch (ProviderUnavailableException ex) {
			Duration backoff = this.retry.backoff(payment.getAttempts(), ThreadLocalRandom.current().nextDouble());
			log.warn("Attempt {} to charge order {} failed, next in {}: {}", payment.getAttempts(), orderId, backoff,
					ex.getMessage());
			retryLater(orderId, backoff);
		}
		catch (ProviderRejectedException ex) {
			log.error("The provider refused the charge of order {}; declining it", orderId, ex);
			decide(orderId, new ChargeOutcome.Declined(PROVIDER_REJECTED));
		}
	}

	private Optional<Payment> hold(UUID orderId) {
		Instant now = now();
		try {
			return this.transactions.execute((status) -> this.payments.findById(orderId)
				.filter((payment) -> payment.startAttempt(now, this.retry.attemptTimeout())));
		}
		catch (OptimisticLockingFailureException ex) {
			// Another worker started an attempt at the same moment.
			return Optional.empty();
		}
	}

	private void decide(UUID orderId, ChargeOutcome outcome) {
		Instant now = now();
		try {
			boolean decided = Boolean.TRUE.equals(this.transactions.execute((status) -> {
				Payment payment = this.payments.findById(orderId).orElseThrow();
				return switch (outcome) {
					case ChargeOutcome.Approved approved -> {
						if (!payment.complete(approved.chargeId(), now)) {
							yield false;
						}
						this.outbox.append(Topics.PAYMENTS,
								PaymentCompleted.of(orderId, approved.chargeId(), payment.getAmount()));
						yield true;
					}
					case ChargeOutcome.Declined declined -> {
						if (!payment.decline(declined.reason(), now)) {
							yield false;
						}
						this.outbox.append(Topics.PAYMENTS, PaymentDeclined.of(orderId, declined.reason()));
						yield true;
					}
				};
			}));
			if (decided) {
				counted(orderId, outcome);
			}
		}
		catch (OptimisticLockingFailureException ex) {
			// Another worker touched the payment meanwhile. It stays due; the provider
			// will
			// replay the same decision to the next attempt.
			log.info("Decision for order {} not recorded, an attempt raced it", orderId);
		}
	}

	// after the commit: a decision that rolled back happened for no one
	private void counted(UUID orderId, ChargeOutcome outcome) {
		switch (outcome) {
			case ChargeOutcome.Approved approved -> {
				this.metrics.completed();
				log.info("Order {}: payment COMPLETED, charge {}", orderId, approved.chargeId());
			}
			case ChargeOutcome.Declined declined -> {
				this.metrics.declined();
				log.info("Order {}: payment DECLINED ({})", orderId, declined.reason());
			}
		}
	}

	private void retryLater(UUID orderId, Duration backoff) {
		Instant now = now();
		try {
			this.transactions.executeWithoutResult((status) -> this.payments.findById(orderId)
				.ifPresent((payment) -> payment.retryAt(now.plus(backoff), now)));
		}
		catch (OptimisticLockingFailureException ex) {
			// Another attempt changed it; the payment is still due when its hold ends.
		}
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.MICROS);
	}

	/** Lets attempts in flight finish before the database goes away. */
	@Override
	public void destroy() throws InterruptedException {
		this.workers.shutdown();
		this.workers.awaitTermination(5, TimeUnit.SECONDS);
	}

}
