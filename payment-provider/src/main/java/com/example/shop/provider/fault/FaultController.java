package com.example.shop.provider.fault;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Turns the bank's faults on and off while it runs. Behind HTTP Basic (see
 * {@link AdminSecurity}).
 */
@RestController
@RequestMapping("/admin/faults")
class FaultController {

	private final Faults faults;

	FaultController(Faults faults) {
		this.faults = faults;
	}

	@GetMapping
	FaultSettings show() {
		return this.faults.current();
	}

	@PutMapping
	FaultSettings replace(@Valid @RequestBody FaultSettings settings) {
		this.faults.replace(settings);
		return settings;
	}

}
