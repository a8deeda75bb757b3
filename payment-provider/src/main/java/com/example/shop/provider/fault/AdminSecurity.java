package com.example.shop.provider.fault;

import java.nio.charset.StandardCharsets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * {@code /admin/**} needs HTTP Basic with the user from {@code spring.security.user.*}
 * (local-only defaults); the bank's API stays open, as before. CSRF protection is off
 * because no browser session exists to ride on: every admin call carries its credentials.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurity {

	private static final String UNAUTHORIZED = """
			{"type":"https://shop.example.com/problems/unauthorized","title":"Unauthorized","status":401,\
			"detail":"This endpoint needs HTTP Basic credentials."}""";

	@Bean
	SecurityFilterChain adminFilterChain(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/admin/**").authenticated().anyRequest().permitAll())
			.httpBasic((basic) -> basic.authenticationEntryPoint((request, response, ex) -> {
				response.setStatus(HttpStatus.UNAUTHORIZED.value());
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"payment-provider admin\"");
				response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
				response.getOutputStream().write(UNAUTHORIZED.getBytes(StandardCharsets.UTF_8));
			}))
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.anonymous(Customizer.withDefaults())
			.build();
	}

}
