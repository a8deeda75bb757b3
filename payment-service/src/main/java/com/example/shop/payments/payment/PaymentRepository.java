package com.example.shop.payments.payment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface PaymentRepository extends JpaRepository<Payment, UUID> {

	/** Pending payments whose next attempt is due, the longest waiting first. */
	@Query("""
			select p.orderId from Payment p
			where p.status = com.example.shop.payments.payment.PaymentStatus.PENDING and p.nextAttemptAt <= :now
			order by p.nextAttemptAt""")
	List<UUID> findDue(Instant now, Limit limit);

}
