package com.example.shop.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock servers standing in for catalog, the two order-service instances, payment, and
 * for what only the dashboard calls: the payment provider and the local stack's control
 * port, each on a port of its own that survives a stop and start. The order instances
 * answer the load balancer's readiness checks until a test says otherwise.
 * <p>
 * A JUnit extension: each test class registers its own on a static field
 * ({@code @RegisterExtension static final ShopServices services = new ShopServices();})
 * and hands the URLs to its gateway from a {@code @DynamicPropertySource}. Requests and
 * stubs are forgotten before each test; the servers stop after the class.
 */
final class ShopServices implements BeforeEachCallback, AfterAllCallback {

	static final String READINESS = "/actuator/health/readiness";

	final WireMockServer catalog = server();

	final WireMockServer order1 = server();

	final WireMockServer order2 = server();

	final WireMockServer payment = server();

	final WireMockServer provider = server();

	final List<WireMockServer> all = List.of(this.catalog, this.order1, this.order2, this.payment, this.provider);

	/** The local stack's control port, which only the dashboard's controls call. */
	final WireMockServer stack = server();

	ShopServices() {
		this.all.forEach(WireMockServer::start);
		this.stack.start();
		ready(this.order1);
		ready(this.order2);
	}

	void register(DynamicPropertyRegistry registry) {
		registry.add("CATALOG_URL", this.catalog::baseUrl);
		registry.add("ORDER_URL_1", this.order1::baseUrl);
		registry.add("ORDER_URL_2", this.order2::baseUrl);
		registry.add("PAYMENT_URL", this.payment::baseUrl);
		registry.add("PROVIDER_URL", this.provider::baseUrl);
		registry.add("SHOP_STACK_CONTROL_URL", this.stack::baseUrl);
	}

	/**
	 * Forgets requests and stubs, keeping the readiness stubs (no instance drops out).
	 */
	@Override
	public void beforeEach(ExtensionContext context) {
		this.stack.resetAll();
		for (WireMockServer server : this.all) {
			if (!server.isRunning()) {
				continue;
			}
			server.resetRequests();
			server.resetScenarios();
			for (StubMapping stub : server.getStubMappings()) {
				if (!READINESS.equals(stub.getRequest().getUrl())) {
					server.removeStubMapping(stub);
				}
			}
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.all.forEach(WireMockServer::stop);
		this.stack.stop();
	}

	static void ready(WireMockServer order) {
		order.stubFor(get(READINESS).atPriority(1)
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"status\":\"UP\"}")));
	}

	/** Requests a service received on its API, leaving out readiness checks. */
	static int apiRequests(WireMockServer server) {
		return server.findAll(anyRequestedFor(urlPathMatching("/api/.*"))).size();
	}

	private static WireMockServer server() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return new WireMockServer(options().port(socket.getLocalPort()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
