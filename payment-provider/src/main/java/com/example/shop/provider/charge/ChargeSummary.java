package com.example.shop.provider.charge;

import java.math.BigDecimal;

/**
 * The ledger's totals, which the chaos tests compare with the shop's confirmed orders:
 * the money taken must equal their totals.
 */
record ChargeSummary(long approvedCount, BigDecimal approvedTotal, long declinedCount) {
}
