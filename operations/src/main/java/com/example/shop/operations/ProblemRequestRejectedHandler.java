package com.example.shop.operations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Answers a request that Spring Security's firewall refuses (encoded CR, LF, NUL or
 * slashes, dot segments, non-printable header values) with 400 and an RFC 9457 problem,
 * like every other error of the services, instead of the container's error page. The
 * problem echoes nothing of the request.
 */
public final class ProblemRequestRejectedHandler implements RequestRejectedHandler {

	private static final byte[] REJECTED = """
			{"type":"https://shop.example.com/problems/bad-request","title":"Bad Request","status":400,\
			"detail":"The request path or headers are not allowed."}""".getBytes(StandardCharsets.UTF_8);

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			RequestRejectedException requestRejectedException) throws IOException {
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(REJECTED);
	}

}
