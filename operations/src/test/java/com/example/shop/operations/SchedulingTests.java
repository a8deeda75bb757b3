package com.example.shop.operations;

import java.time.Duration;

import com.example.shop.operations.OperationsTestApplication.Heartbeat;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chaos Monkey brings a task scheduler of its own; the application's {@code @Scheduled}
 * jobs must keep running on Spring Boot's, as they do without the profile.
 */
@OperationsTest
class SchedulingTests {

	@Autowired
	private Heartbeat heartbeat;

	@Test
	void runsTheApplicationsScheduledJobsOnSpringBootsScheduler() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.heartbeat.lastThread() != null);

		Thread thread = this.heartbeat.lastThread();
		assertThat(thread.getName()).doesNotStartWith("chaosMonkeyTaskScheduler").startsWith("scheduling-");
	}

}
