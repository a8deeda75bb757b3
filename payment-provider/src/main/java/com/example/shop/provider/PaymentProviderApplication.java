package com.example.shop.provider;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The simulated external bank. It runs as its own process with its own database, so the
 * shop can only reach it over HTTP, the way it would reach a real payment provider.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PaymentProviderApplication {

	public static void main(String[] args) {
		SpringApplication.run(PaymentProviderApplication.class, args);
	}

}
