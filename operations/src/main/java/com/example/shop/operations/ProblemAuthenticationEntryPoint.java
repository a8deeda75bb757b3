package com.example.shop.operations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers a request without valid credentials with 401, a {@code WWW-Authenticate: Basic}
 * challenge and an RFC 9457 problem that says no more than that.
 */
public final class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private static final byte[] UNAUTHORIZED = """
			{"type":"https://shop.example.com/problems/unauthorized","title":"Unauthorized","status":401,\
			"detail":"This endpoint needs HTTP Basic credentials."}""".getBytes(StandardCharsets.UTF_8);

	private final String challenge;

	/**
	 * @param realm the realm named in the challenge
	 */
	public ProblemAuthenticationEntryPoint(String realm) {
		this.challenge = "Basic realm=\"" + realm + "\"";
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, this.challenge);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(UNAUTHORIZED);
	}

}
