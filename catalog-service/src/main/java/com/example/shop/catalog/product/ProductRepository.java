package com.example.shop.catalog.product;

import java.util.Collection;
import java.util.List;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** Products, and row locks on them for the stock changes of the saga. */
public interface ProductRepository extends JpaRepository<Product, Long> {

	/**
	 * Loads the products with these ids and locks their rows ({@code SELECT ... FOR
	 * UPDATE}) in id order, until the transaction ends. Every writer locks in the same
	 * order, so two orders sharing products wait for each other instead of deadlocking.
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select p from Product p where p.id in :ids order by p.id")
	List<Product> lockAllById(Collection<Long> ids);

}
