package com.example.shop.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * The operator's HTTP Basic credentials, the same in every part of the local stack:
 * {@code SHOP_ADMIN_USER} and {@code SHOP_ADMIN_PASSWORD}, with the services' local-only
 * defaults.
 *
 * @param user the operator's name
 * @param password the operator's password
 */
public record Operator(String user, String password) {

	public static Operator fromEnvironment() {
		return from(System.getenv());
	}

	static Operator from(Map<String, String> environment) {
		return new Operator(environment.getOrDefault("SHOP_ADMIN_USER", "admin"),
				environment.getOrDefault("SHOP_ADMIN_PASSWORD", "local-only-admin"));
	}

	/** The {@code Authorization} header value. */
	public String authorization() {
		return "Basic " + Base64.getEncoder()
			.encodeToString((this.user + ":" + this.password).getBytes(StandardCharsets.UTF_8));
	}

	/** Whether an {@code Authorization} header carries these credentials. */
	boolean isAuthorization(String header) {
		return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
				authorization().getBytes(StandardCharsets.UTF_8));
	}

}
