package com.example.shop.operations;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.autoconfigure.thread.Threading;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

/**
 * Chaos Monkey registers a one-thread task scheduler of its own, which makes Spring
 * Boot's scheduler back off: the application's {@code @Scheduled} jobs would run on the
 * monkey's thread, platform instead of virtual, next to its runtime assaults. This puts
 * Spring Boot's scheduler back, under the name {@code @Scheduled} looks for first when
 * there are several.
 */
@AutoConfiguration(after = TaskSchedulingAutoConfiguration.class,
		afterName = "de.codecentric.spring.boot.chaos.monkey.configuration.ChaosMonkeyConfiguration")
@ConditionalOnBean(
		name = { "chaosMonkeyTaskScheduler", TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME })
@ConditionalOnMissingBean(name = "taskScheduler")
public class ChaosMonkeySchedulingConfiguration {

	@Bean(name = "taskScheduler")
	@ConditionalOnThreading(Threading.VIRTUAL)
	SimpleAsyncTaskScheduler taskSchedulerVirtualThreads(SimpleAsyncTaskSchedulerBuilder builder) {
		return builder.build();
	}

	@Bean(name = "taskScheduler")
	@ConditionalOnThreading(Threading.PLATFORM)
	ThreadPoolTaskScheduler taskScheduler(ThreadPoolTaskSchedulerBuilder builder) {
		return builder.build();
	}

}
