package com.example.shop.provider.fault;

import com.example.shop.operations.ProblemAuthenticationEntryPoint;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * {@code /admin/**} needs HTTP Basic with the operator from
 * {@code spring.security.user.*} (local-only defaults), like the actuator (module
 * operations, its own chain); the bank's API stays open, as before. CSRF protection is
 * off because no browser session exists to ride on: every admin call carries its
 * credentials.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurity {

	@Bean
	SecurityFilterChain adminFilterChain(HttpSecurity http) throws Exception {
		ProblemAuthenticationEntryPoint unauthorized = new ProblemAuthenticationEntryPoint("payment-provider admin");
		return http.securityMatcher("/admin/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.httpBasic((basic) -> basic.authenticationEntryPoint(unauthorized))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(unauthorized))
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.build();
	}

}
