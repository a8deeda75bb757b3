package com.example.shop.orders.order;

/**
 * Which answer the saga waits for while an order is {@link OrderStatus#PENDING}. Once the
 * order is terminal it keeps the step it ended at, which tells a late duplicate from a
 * contradiction (a {@code StockReserved} after a payment decline is a duplicate; after an
 * out-of-stock rejection it is not).
 */
enum SagaStep {

	AWAITING_STOCK,

	AWAITING_PAYMENT

}
