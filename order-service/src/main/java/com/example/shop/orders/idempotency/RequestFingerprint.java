package com.example.shop.orders.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 (hex) of a request's canonical form. Two requests under one key are "the same"
 * exactly when their fingerprints are equal, so the canonical form must leave out
 * whatever does not change the request's meaning (whitespace, field order) and keep
 * everything that does.
 */
public record RequestFingerprint(String sha256) {

	public static RequestFingerprint of(String canonicalForm) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalForm.getBytes(StandardCharsets.UTF_8));
			return new RequestFingerprint(HexFormat.of().formatHex(digest));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every JVM has SHA-256", ex);
		}
	}

}
