package com.example.shop.provider.charge;

/** The bank's decision on a charge. Both are final. */
enum ChargeStatus {

	APPROVED, DECLINED

}
