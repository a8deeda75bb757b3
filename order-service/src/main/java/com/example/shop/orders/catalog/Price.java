package com.example.shop.orders.catalog;

import java.math.BigDecimal;

/** The unit price of a product and whether catalog gave it now or earlier. */
public record Price(long productId, BigDecimal amount, PriceSource source) {

}
