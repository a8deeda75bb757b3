package com.example.shop.provider.charge;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.example.shop.provider.fault.Faults;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes one decision per idempotency key. {@link #charge} is deliberately not
 * transactional: the insert commits on its own, so when two requests with the same key
 * race, the database's unique constraint picks the winner and the loser, once the winner
 * has committed, reads and replays the winner's row.
 */
@Service
class ChargeService {

	/**
	 * {@code provider_charges_total{result}}: every decision taken ({@code approved},
	 * {@code declined}) and every one replayed for a key seen before ({@code replayed}).
	 */
	static final String CHARGES = "provider.charges";

	private static final Logger log = LoggerFactory.getLogger(ChargeService.class);

	private final ChargeRepository charges;

	private final ChargeProperties properties;

	private final Faults faults;

	private final MeterRegistry meters;

	ChargeService(ChargeRepository charges, ChargeProperties properties, Faults faults, MeterRegistry meters) {
		this.charges = charges;
		this.properties = properties;
		this.faults = faults;
		this.meters = meters;
		List.of("approved", "declined", "replayed").forEach(this::counter);
	}

	ChargeResult charge(String idempotencyKey, ChargeRequest request) {
		Optional<Charge> previous = this.charges.findByIdempotencyKey(idempotencyKey);
		if (previous.isPresent()) {
			return replay(previous.get(), request);
		}
		Charge charge = Charge.decide(idempotencyKey, request.reference(), request.customerId(), request.amount(),
				this.properties.cardLimit(), this.faults.declinesNext());
		try {
			ChargeResult created = ChargeResult.created(this.charges.saveAndFlush(charge));
			counter(created.charge().getStatus().name().toLowerCase(Locale.ROOT)).increment();
			log.info("Charge {} for order {}: {} {}", charge.getId(), request.reference(), charge.getStatus(),
					request.amount());
			return created;
		}
		catch (DataIntegrityViolationException ex) {
			Charge winner = this.charges.findByIdempotencyKey(idempotencyKey).orElseThrow(() -> ex);
			return replay(winner, request);
		}
	}

	private ChargeResult replay(Charge charge, ChargeRequest request) {
		if (!charge.isSameRequest(request.reference(), request.customerId(), request.amount())) {
			throw new IdempotencyKeyReusedException(charge.getIdempotencyKey());
		}
		counter("replayed").increment();
		log.info("Charge {} for order {}: {} replayed", charge.getId(), request.reference(), charge.getStatus());
		return ChargeResult.replayed(charge);
	}

	private Counter counter(String result) {
		return Counter.builder(CHARGES)
			.description("Charge decisions taken or replayed")
			.tag("result", result)
			.register(this.meters);
	}

	@Transactional(readOnly = true)
	List<Charge> findByReference(String reference) {
		return this.charges.findByReferenceOrderByCreatedAtAsc(reference);
	}

	/** Figures from one snapshot of the ledger, even while charges keep coming in. */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
	ChargeSummary summarize() {
		BigDecimal approvedTotal = Optional.ofNullable(this.charges.sumAmountByStatus(ChargeStatus.APPROVED))
			.orElse(BigDecimal.ZERO)
			.setScale(2);
		return new ChargeSummary(this.charges.countByStatus(ChargeStatus.APPROVED), approvedTotal,
				this.charges.countByStatus(ChargeStatus.DECLINED));
	}

}
