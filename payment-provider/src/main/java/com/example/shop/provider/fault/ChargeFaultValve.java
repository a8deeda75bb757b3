package com.example.shop.provider.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Where the bank misbehaves on purpose, around every {@code POST /charges}, in this
 * order: it waits (latency + jitter); it may fail with 503 before recording anything; or
 * it may record the charge and then lose the answer.
 * <p>
 * A lost answer is simulated by closing the connection without sending a single byte: the
 * client's charge is in the ledger, but all it sees is an I/O error ("connection reset",
 * "no bytes received"). That is what a real lost response looks like on the wire (a proxy
 * or the network dropping it, the bank crashing right after commit), it does not depend
 * on the client's read timeout, and it fails fast, so a test of it runs in milliseconds.
 * Delaying past the client's timeout would instead be latency, which is its own knob.
 * Tomcat is the only way to close a connection without answering, hence a valve rather
 * than a servlet filter.
 */
class ChargeFaultValve extends ValveBase {

	private static final String UNAVAILABLE = """
			{"type":"https://shop.example.com/problems/provider-unavailable","title":"Service unavailable",\
			"status":503,"detail":"The provider is unavailable; try again later with the same Idempotency-Key."}""";

	private final Faults faults;

	ChargeFaultValve(Faults faults) {
		super(true);
		this.faults = faults;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		if (!isCharge(request)) {
			getNext().invoke(request, response);
			return;
		}
		pause(this.faults.nextLatency());
		if (this.faults.failsNext()) {
			unavailable(response);
		}
		else if (this.faults.dropsNextResponse()) {
			chargeThenDropTheResponse(request, response);
		}
		else {
			getNext().invoke(request, response);
		}
	}

	private static boolean isCharge(Request request) {
		return "POST".equals(request.getMethod()) && "/charges".equals(request.getDecodedRequestURI());
	}

	private static void pause(Duration latency) {
		if (latency.isZero()) {
			return;
		}
		try {
			Thread.sleep(latency);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void unavailable(Response response) throws IOException {
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, "1");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(UNAVAILABLE.getBytes(StandardCharsets.UTF_8));
	}

	private void chargeThenDropTheResponse(Request request, Response response) throws IOException, ServletException {
		// Suspended, the response swallows whatever the application writes: nothing is
		// committed, so closing the connection afterwards sends no status line at all.
		response.setSuspended(true);
		try {
			getNext().invoke(request, response);
		}
		finally {
			response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
		}
	}

}
