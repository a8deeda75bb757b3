package com.example.shop.gateway.operations;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.autoconfigure.security.reactive.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity.CsrfSpec;
import org.springframework.security.config.web.server.ServerHttpSecurity.FormLoginSpec;
import org.springframework.security.config.web.server.ServerHttpSecurity.LogoutSpec;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.PathPatternParserServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;

/**
 * HTTP Basic, with the operator from {@code spring.security.user.*}, in front of the
 * actuator endpoints that reveal or change the gateway: {@code gateway} (route
 * definitions; read-only here, though it can add, delete and refresh routes),
 * {@code circuitbreakers}, {@code circuitbreakerevents} and any endpoint exposed later.
 * Health (with its liveness and readiness groups), info, metrics and prometheus stay open
 * for probes and scrapers.
 * <p>
 * The chains match actuator paths and the dashboard's controls only, so {@code /api/**},
 * {@code /fallback/**} and the dashboard page pass untouched; as a
 * {@link SecurityWebFilterChain} bean it also keeps Spring Boot's default chain, which
 * would lock every path, from being created. Spring Security's firewall still screens
 * every request: a path with dot segments ({@code /api/products/../../actuator/env}),
 * encoded slashes, or bytes that are no UTF-8 ({@link Utf8Firewall}) is answered 400
 * before any route could forward it to a service.
 */
@Configuration(proxyBeanMethods = false)
class OperatorSecurity {

	private static final String REALM = "Basic realm=\"shop gateway operations\"";

	private static final byte[] UNAUTHORIZED = """
			{"type":"https://shop.example.com/problems/unauthorized","title":"Unauthorized","status":401,\
			"detail":"This endpoint needs HTTP Basic credentials."}""".getBytes(StandardCharsets.UTF_8);

	private static final byte[] DASHBOARD_UNAUTHORIZED = """
			{"type":"https://shop.example.com/problems/unauthorized","title":"Unauthorized","status":401,\
			"detail":"The dashboard's controls need the operator's credentials: log in on the page."}"""
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] REJECTED = """
			{"type":"https://shop.example.com/problems/bad-request","title":"Bad Request","status":400,\
			"detail":"The request path or headers are not allowed."}""".getBytes(StandardCharsets.UTF_8);

	@Bean
	SecurityWebFilterChain operatorFilterChain(ServerHttpSecurity http) {
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> {
			exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, REALM);
			return problem(exchange, HttpStatus.UNAUTHORIZED, UNAUTHORIZED);
		};
		return http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeExchange(
					(exchanges) -> exchanges.matchers(EndpointRequest.to("health", "info", "metrics", "prometheus"))
						.permitAll()
						.anyExchange()
						.authenticated())
			.httpBasic((basic) -> basic.authenticationEntryPoint(unauthorized))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(unauthorized))
			// No browser session to ride on: every call carries its credentials.
			.csrf(CsrfSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.formLogin(FormLoginSpec::disable)
			.logout(LogoutSpec::disable)
			.build();
	}

	/**
	 * The dashboard's controls ({@code /dashboard/api/**}: kill, pause, restart, load
	 * runs, Chaos Monkey, provider knobs) take the same operator. The page sends the
	 * credentials itself, so a refusal carries no {@code Basic} challenge that would make
	 * the browser ask in a dialog of its own.
	 */
	@Bean
	SecurityWebFilterChain dashboardControlsFilterChain(ServerHttpSecurity http) {
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> problem(exchange, HttpStatus.UNAUTHORIZED,
				DASHBOARD_UNAUTHORIZED);
		return http.securityMatcher(new PathPatternParserServerWebExchangeMatcher("/dashboard/api/**"))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
			.httpBasic((basic) -> basic.authenticationEntryPoint(unauthorized))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(unauthorized))
			// No session or cookie: each call carries its credentials. The controls take
			// JSON only, which a cross-site form cannot send.
			.csrf(CsrfSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.formLogin(FormLoginSpec::disable)
			.logout(LogoutSpec::disable)
			.build();
	}

	/**
	 * The strict firewall, and a path or query that is not UTF-8 once decoded refused as
	 * well.
	 */
	@Bean
	ServerWebExchangeFirewall firewall() {
		return new Utf8Firewall();
	}

	/**
	 * The firewall's rejections as a problem, like every other answer the gateway makes.
	 */
	@Bean
	ServerExchangeRejectedHandler rejectedExchangeProblem() {
		return (exchange, ex) -> problem(exchange, HttpStatus.BAD_REQUEST, REJECTED);
	}

	private static Mono<Void> problem(ServerWebExchange exchange, HttpStatus status, byte[] body) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

}
