package com.example.shop.orders.catalog;

import java.math.BigDecimal;

/** What order-service reads of a catalog product: its current price. */
record Product(long id, String name, BigDecimal price) {
}
