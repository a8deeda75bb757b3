package com.example.shop.deployment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, its laptop override and its monitoring override follow the Compose
 * specification.
 */
class ComposeFileTests {

	@Test
	void composeFileFollowsTheComposeSpecification() {
		assertThat(ComposeSpecification.problems(YamlFiles.readOne(Repository.file("docker-compose.yml")))).isEmpty();
	}

	@Test
	void smallOverrideFollowsTheComposeSpecification() {
		assertThat(ComposeSpecification.problems(YamlFiles.readOne(Repository.file("docker-compose.small.yml"))))
			.isEmpty();
	}

	@Test
	void monitoringOverrideFollowsTheComposeSpecification() {
		assertThat(ComposeSpecification.problems(YamlFiles.readOne(Repository.file("docker-compose.monitoring.yml"))))
			.isEmpty();
	}

}
