package com.example.shop.cli.load;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One call to make. Orders carry their key and body (both the JSON and the exact text
 * sent, so a duplicate sends the same bytes).
 */
record Request(long sequence, String requestId, Op op, String client, String method, String path, String idempotencyKey,
		JsonNode body, String bodyText) {

	static Request get(long sequence, String requestId, Op op, String client, String path) {
		return new Request(sequence, requestId, op, client, "GET", path, null, null, null);
	}

}
