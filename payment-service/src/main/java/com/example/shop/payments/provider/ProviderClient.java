package com.example.shop.payments.provider;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.annotation.Bulkhead;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The payment provider's HTTP API. Every call for one payment carries the same
 * {@code Idempotency-Key}, so the provider charges at most once however often it is
 * called: that is what makes retrying a charge after a timeout or a lost answer safe.
 * <p>
 * Its resilience is all on {@link #charge}; the numbers are in {@code application.yml}
 * under {@code resilience4j.*.instances.provider}.
 */
@Component
public class ProviderClient {

	/** The name of the provider's circuit breaker, retry and bulkhead. */
	public static final String PROVIDER = "provider";

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/** Client errors that say "not now" rather than "never". */
	private static final Set<Integer> TRANSIENT_CLIENT_ERRORS = Set.of(408, 409, 425, 429);

	/**
	 * {@code shop_payment_charge_attempts_total{result}}: every call made to the
	 * provider, by what came of it.
	 */
	static final String ATTEMPTS = "shop.payment.charge.attempts";

	private final RestClient http;

	private final MeterRegistry meters;

	ProviderClient(RestClient.Builder builder, ProviderProperties properties, MeterRegistry meters) {
		this.meters = meters;
		for (String result : List.of("approved", "declined", "rejected", "unavailable")) {
			attempts(result);
		}
		ClientHttpRequestFactorySettings timeouts = ClientHttpRequestFactorySettings.defaults()
			.withConnectTimeout(properties.connectTimeout())
			.withReadTimeout(properties.readTimeout());
		this.http = builder.baseUrl(properties.baseUrl())
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
				.withHttpClientCustomizer((client) -> client.version(HttpClient.Version.HTTP_1_1))
				.build(timeouts))
			.build();
	}

	/**
	 * Charges {@code amount} for the order.
	 * <p>
	 * resilience4j's fixed aspect order applies: Retry( CircuitBreaker( Bulkhead( call
	 * ))). A transient failure is retried a few times within seconds, with the same key
	 * and exponential backoff with jitter; a refusal never is. The breaker sees every
	 * attempt, and once open, fails the rest fast without retrying. The bulkhead caps the
	 * calls in flight, so a slow provider ties up at most that many. The HTTP client's
	 * read timeout bounds each call (no TimeLimiter: the call is synchronous). Longer
	 * outages are the {@code PaymentRetrier}'s: the payment stays PENDING.
	 * @throws ProviderUnavailableException when the provider gave no decision: try again
	 * later with the same key
	 * @throws ProviderRejectedException when the provider refused the request itself
	 */
	@Retry(name = PROVIDER, fallbackMethod = "noDecisionNow")
	@CircuitBreaker(name = PROVIDER)
	@Bulkhead(name = PROVIDER)
	public ChargeOutcome charge(String idempotencyKey, UUID orderId, String customerId, BigDecimal amount) {
		try {
			ChargeOutcome outcome = call(idempotencyKey, orderId, customerId, amount);
			attempts((outcome instanceof ChargeOutcome.Approved) ? "approved" : "declined").increment();
			return outcome;
		}
		catch (ProviderRejectedException ex) {
			attempts("rejected").increment();
			throw ex;
		}
		catch (ProviderUnavailableException ex) {
			attempts("unavailable").increment();
			throw ex;
		}
	}

	private ChargeOutcome call(String idempotencyKey, UUID orderId, String customerId, BigDecimal amount) {
		ChargeResponse response;
		try {
			response = this.http.post()
				.uri("/charges")
				.header(IDEMPOTENCY_KEY, idempotencyKey)
				.body(new ChargeRequest(orderId.toString(), customerId, amount))
				.retrieve()
				.body(ChargeResponse.class);
		}
		catch (HttpClientErrorException ex) {
			if (TRANSIENT_CLIENT_ERRORS.contains(ex.getStatusCode().value())) {
				throw new ProviderUnavailableException("Provider answered " + ex.getStatusCode(), ex);
			}
			throw new ProviderRejectedException("Provider refused the charge: " + ex.getStatusCode(), ex);
		}
		catch (HttpServerErrorException ex) {
			throw new ProviderUnavailableException("Provider answered " + ex.getStatusCode(), ex);
		}
		catch (RestClientException ex) {
			// I/O errors and timeouts (ResourceAccessException), and answers that are not
			// a charge.
			throw new ProviderUnavailableException("Provider unreachable: " + ex.getMessage(), ex);
		}
		return outcome(response);
	}

	/** The breaker is open: no call was made. */
	ChargeOutcome noDecisionNow(String idempotencyKey, UUID orderId, String customerId, BigDecimal amount,
			CallNotPermittedException ex) {
		throw new ProviderUnavailableException("Provider circuit breaker is open", ex);
	}

	/** As many calls as the bulkhead allows are in flight already: no call was made. */
	ChargeOutcome noDecisionNow(String idempotencyKey, UUID orderId, String customerId, BigDecimal amount,
			BulkheadFullException ex) {
		throw new ProviderUnavailableException("Provider bulkhead is full", ex);
	}

	private Counter attempts(String result) {
		return Counter.builder(ATTEMPTS)
			.description("Calls to the payment provider, by result")
			.tag("result", result)
			.register(this.meters);
	}

	private static ChargeOutcome outcome(ChargeResponse response) {
		if (response != null && "APPROVED".equals(response.status()) && response.chargeId() != null) {
			return new ChargeOutcome.Approved(response.chargeId());
		}
		if (response != null && "DECLINED".equals(response.status())) {
			return new ChargeOutcome.Declined((response.reason() != null) ? response.reason() : "DECLINED");
		}
		throw new ProviderUnavailableException("Provider answered without a decision: " + response, null);
	}

	record ChargeRequest(String reference, String customerId, BigDecimal amount) {
	}

	record ChargeResponse(String chargeId, String status, String reason) {
	}

}
