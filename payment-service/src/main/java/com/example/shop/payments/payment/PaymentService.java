package com.example.shop.payments.payment;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import com.example.shop.messaging.PaymentRequested;
import com.example.shop.messaging.outbox.TraceParentSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The payments the saga asks for: stored once per order, charged right away, and from
 * then on left to {@link ChargeAttempts} and the {@link PaymentRetrier} until the
 * provider decides.
 */
@Service
public class PaymentService {

	private static final Logger log = LoggerFactory.getLogger(PaymentService.class);

	private final PaymentRepository payments;

	private final ChargeAttempts attempts;

	private final TransactionOperations transactions;

	private final TraceParentSource traces;

	PaymentService(PaymentRepository payments, ChargeAttempts attempts, TransactionOperations transactions,
			ObjectProvider<TraceParentSource> traces) {
		this.payments = payments;
		this.attempts = attempts;
		this.transactions = transactions;
		this.traces = traces.getIfAvailable(() -> TraceParentSource.NONE);
	}

	/**
	 * Stores the requested payment, held for its first attempt if the provider could take
	 * a charge now, and starts that attempt without waiting for the retrier. A repeated
	 * request for the same order changes nothing. The payment keeps the trace it was
	 * requested in, for every attempt to come.
	 */
	public void request(PaymentRequested event) {
		store(event).ifPresent((stored) -> {
			log.info("Order {}: payment of {} requested", event.orderId(), event.amount());
			if (stored.held()) {
				this.attempts.charge(stored.payment());
			}
		});
	}

	private Optional<Stored> store(PaymentRequested event) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		String traceParent = this.traces.current();
		try {
			return this.transactions.execute((status) -> {
				if (this.payments.existsById(event.orderId())) {
					return Optional.<Stored>empty();
				}
				Payment payment = Payment.request(event.orderId(), event.customerId(), event.amount(),
						event.idempotencyKey(), traceParent, now);
				boolean held = this.attempts.holdFirst(payment, now);
				return Optional.of(new Stored(this.payments.saveAndFlush(payment), held));
			});
		}
		catch (DataIntegrityViolationException ex) {
			// A concurrent delivery of the same request stored the payment first.
			return Optional.empty();
		}
	}

	@Transactional(readOnly = true)
	public Payment find(UUID orderId) {
		return this.payments.findById(orderId).orElseThrow(() -> new PaymentNotFoundException(orderId));
	}

	/** A payment just stored, and whether its first attempt holds it. */
	private record Stored(Payment payment, boolean held) {
	}

}
