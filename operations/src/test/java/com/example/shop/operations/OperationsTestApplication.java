package com.example.shop.operations;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A service in miniature: one API endpoint next to the actuator, and a scheduled job.
 */
@SpringBootApplication
@EnableScheduling
class OperationsTestApplication {

	/** The application's own API, which this module must leave alone. */
	static final String API = "/api/greeting";

	@RestController
	static class GreetingController {

		@GetMapping(API)
		String greeting() {
			return "hello";
		}

	}

	/** Remembers the thread its scheduled method last ran on. */
	@Component
	static class Heartbeat {

		private final AtomicReference<Thread> lastThread = new AtomicReference<>();

		@Scheduled(fixedDelay = 50)
		void beat() {
			this.lastThread.set(Thread.currentThread());
		}

		// A method, not the field: under the chaos-monkey profile every component is a
		// proxy.
		Thread lastThread() {
			return this.lastThread.get();
		}

	}

}
