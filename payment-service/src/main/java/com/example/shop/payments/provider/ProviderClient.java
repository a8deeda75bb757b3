package com.example.shop.payments.provider;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.util.Set;
import java.util.UUID;

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
 * called: that is what makes retrying a charge after a timeout safe.
 */
@Component
public class ProviderClient {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/** Client errors that say "not now" rather than "never". */
	private static final Set<Integer> TRANSIENT_CLIENT_ERRORS = Set.of(408, 409, 425, 429);

	private final RestClient http;

	ProviderClient(RestClient.Builder builder, ProviderProperties properties) {
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
	 * @throws ProviderUnavailableException when the provider gave no decision: try again
	 * later with the same key
	 * @throws ProviderRejectedException when the provider refused the request itself
	 */
	public ChargeOutcome charge(String idempotencyKey, UUID orderId, String customerId, BigDecimal amount) {
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
