package com.example.shop.gateway.dashboard;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.stereotype.Component;

/**
 * Which order-service instances the gateway's load balancer offers right now: its
 * health-check supplier drops an instance whose readiness fails and takes it back once it
 * passes again.
 */
@Component
class BalancerProbe {

	private final LoadBalancerClientFactory balancers;

	private final DashboardProperties properties;

	BalancerProbe(LoadBalancerClientFactory balancers, DashboardProperties properties) {
		this.balancers = balancers;
		this.properties = properties;
	}

	/** The instances' base URLs; empty when the load balancer could not tell. */
	Mono<List<String>> read() {
		ServiceInstanceListSupplier supplier = this.balancers.getInstance(this.properties.balanced(),
				ServiceInstanceListSupplier.class);
		if (supplier == null) {
			return Mono.empty();
		}
		return supplier.get()
			.next()
			.map((instances) -> instances.stream().map(ServiceInstance::getUri).map(String::valueOf).toList())
			.timeout(this.properties.timeout())
			.onErrorResume((ex) -> Mono.empty());
	}

}
