package com.example.shop.provider.charge;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bank's API. A new decision answers 201; a repeat of an earlier request with the
 * same {@code Idempotency-Key} answers 200 with the stored decision and
 * {@code Idempotent-Replayed: true}.
 */
@RestController
@RequestMapping("/charges")
class ChargeController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	private static final java.util.regex.Pattern VALID_KEY = java.util.regex.Pattern.compile("[\\x21-\\x7E]{1,255}");

	private final ChargeService charges;

	ChargeController(ChargeService charges) {
		this.charges = charges;
	}

	@PostMapping
	ResponseEntity<ChargeResponse> charge(@RequestHeader(IDEMPOTENCY_KEY) String idempotencyKey,
			@Valid @RequestBody ChargeRequest request) {
		if (!VALID_KEY.matcher(idempotencyKey).matches()) {
			throw new InvalidIdempotencyKeyException();
		}
		ChargeResult result = this.charges.charge(idempotencyKey, request);
		ChargeResponse body = ChargeResponse.of(result.charge());
		if (result.replayed()) {
			return ResponseEntity.ok().header(IDEMPOTENT_REPLAYED, "true").body(body);
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(body);
	}

	@GetMapping(params = "reference")
	List<ChargeResponse> findByReference(@RequestParam @Size(max = 64) @Pattern(regexp = ChargeRequest.PRINTABLE,
			message = "must not contain control characters") String reference) {
		return this.charges.findByReference(reference).stream().map(ChargeResponse::of).toList();
	}

	@GetMapping("/summary")
	ChargeSummary summary() {
		return this.charges.summarize();
	}

}
