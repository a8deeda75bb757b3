package com.example.shop.cli;

import java.util.List;
import java.util.Optional;

import com.example.shop.infra.postgres.PostgresInstallation;
import com.example.shop.infra.postgres.PostgresServer;

/**
 * Every part of the local shop and the order they start in: the database primary first
 * (whichever server that is after a failover), then its replica, the broker, and the
 * applications together (they wait for their dependencies by themselves). They stop in
 * reverse order.
 */
final class Stack {

	private final List<List<Part>> startOrder;

	Stack(Layout layout) {
		this(startOrder(layout));
	}

	/** A stack of these parts, started group by group (tests use stand-in parts). */
	Stack(List<List<Part>> startOrder) {
		this.startOrder = List.copyOf(startOrder);
	}

	private static List<List<Part>> startOrder(Layout layout) {
		PostgresInstallation postgres = PostgresInstallation.unpack(layout.cache());
		PostgresServer primary = new PostgresServer(postgres, layout.data("pg-primary"), 55432);
		PostgresServer replica = new PostgresServer(postgres, layout.data("pg-replica"), 55433);
		PostgresPart first = PostgresPart.primary(primary, replica);
		PostgresPart second = PostgresPart.replica(replica, primary);
		if (!first.isPrimary() && second.isPrimary()) {
			PostgresPart promoted = second;
			second = first;
			first = promoted;
		}
		return List.of(List.of(first), List.of(second), List.of(new KafkaPart(layout, 59092, 59093)),
				List.of(ServicePart.of(layout, "provider", "payment-provider", "payment provider (simulated bank)",
						8089), ServicePart.of(layout, "catalog", "catalog-service", "catalog-service", 8081),
						ServicePart.of(layout, "order-1", "order-service", "order-service instance 1", 8082),
						ServicePart.of(layout, "order-2", "order-service", "order-service instance 2", 8092),
						ServicePart.of(layout, "payment", "payment-service", "payment-service", 8083),
						ServicePart.of(layout, "gateway", "gateway", "gateway (the front door)", 8080)
							.with("SHOP_STACK_CONTROL_URL", "http://127.0.0.1:" + StackControl.PORT)));
	}

	List<List<Part>> startOrder() {
		return this.startOrder;
	}

	List<Part> parts() {
		return this.startOrder.stream().flatMap(List::stream).toList();
	}

	List<Part> stopOrder() {
		return parts().reversed();
	}

	/** The two PostgreSQL servers, the primary first. */
	List<PostgresPart> databases() {
		return parts().stream().filter(PostgresPart.class::isInstance).map(PostgresPart.class::cast).toList();
	}

	Optional<Part> part(String name) {
		return parts().stream().filter((part) -> part.name().equals(name)).findFirst();
	}

	List<String> names() {
		return parts().stream().map(Part::name).toList();
	}

}
