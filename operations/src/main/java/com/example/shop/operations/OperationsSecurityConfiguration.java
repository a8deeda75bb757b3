package com.example.shop.operations;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * HTTP Basic in front of the actuator endpoints that reveal or change a running service
 * ({@code chaosmonkey}, {@code deadletters}, {@code circuitbreakers}, {@code loggers},
 * {@code env}, ...), with the operator from {@code spring.security.user.*}. Health, info,
 * metrics and prometheus stay open: probes and scrapers call them without credentials.
 * Requests outside the actuator do not pass this chain, so an application's API stays as
 * open as it was. Its presence also keeps Spring Boot's default chain, which would lock
 * every path, from being created.
 */
@AutoConfiguration(before = { ManagementWebSecurityAutoConfiguration.class, SecurityAutoConfiguration.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ EndpointRequest.class, SecurityFilterChain.class })
public class OperationsSecurityConfiguration {

	/**
	 * Ahead of the application's own chains, which may match any request; the actuator
	 * paths are this chain's alone.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	@Bean
	@Order(ORDER)
	SecurityFilterChain operationsFilterChain(HttpSecurity http) throws Exception {
		ProblemAuthenticationEntryPoint unauthorized = new ProblemAuthenticationEntryPoint("shop operations");
		return http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers(EndpointRequest.to("health", "info", "metrics", "prometheus"))
				.permitAll()
				.anyRequest()
				.authenticated())
			.httpBasic((basic) -> basic.authenticationEntryPoint(unauthorized))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(unauthorized))
			// No browser session to ride on: every call carries its credentials.
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache((cache) -> cache.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.build();
	}

	/**
	 * The firewall's rejections as a problem; Spring Security's filter chain proxy picks
	 * up this bean.
	 */
	@Bean
	@ConditionalOnMissingBean(RequestRejectedHandler.class)
	RequestRejectedHandler problemRequestRejectedHandler() {
		return new ProblemRequestRejectedHandler();
	}

}
