package com.example.shop.provider.charge;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ChargeRepository extends JpaRepository<Charge, String> {

	Optional<Charge> findByIdempotencyKey(String idempotencyKey);

	List<Charge> findByReferenceOrderByCreatedAtAsc(String reference);

	long countByStatus(ChargeStatus status);

	/** Null when there is no charge with that status. */
	@Query("select sum(c.amount) from Charge c where c.status = :status")
	BigDecimal sumAmountByStatus(ChargeStatus status);

}
