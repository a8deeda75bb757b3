package com.example.shop.gateway.dashboard;

import java.time.Duration;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the page reads: {@code /dashboard/stream}, a server-sent event per look at the
 * shop (the latest one at once), and {@code /dashboard/snapshot}, one look now (for curl
 * and scripts). Open to anyone, like the shop's API: it shows, it changes nothing.
 */
@RestController
class DashboardController {

	/** Keeps proxies and browsers from closing a quiet stream. */
	private static final Duration HEARTBEAT = Duration.ofSeconds(15);

	private final ShopMonitor monitor;

	DashboardController(ShopMonitor monitor) {
		this.monitor = monitor;
	}

	@GetMapping(path = "/dashboard/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<Snapshot>> stream() {
		Flux<ServerSentEvent<Snapshot>> snapshots = this.monitor.snapshots()
			.map((snapshot) -> ServerSentEvent.builder(snapshot).event("snapshot").build());
		Flux<ServerSentEvent<Snapshot>> heartbeats = Flux.interval(HEARTBEAT)
			.map((tick) -> ServerSentEvent.<Snapshot>builder().comment("still here").build());
		return Flux.merge(snapshots, heartbeats);
	}

	@GetMapping("/dashboard/snapshot")
	Mono<Snapshot> snapshot() {
		return this.monitor.lookNow();
	}

}
