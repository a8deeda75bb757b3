package com.example.shop.operations;

import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service's problem advice answers alike, through a service in miniature whose
 * advice adds one domain problem of its own.
 */
class ServiceProblemsTests {

	private final MockMvcTester mvc = MockMvcTester.create(
			MockMvcBuilders.standaloneSetup(new ThingController()).setControllerAdvice(new ThingProblems()).build());

	@Test
	void namesAFrameworkErrorsTypeAfterItsStatus() {
		MvcTestResult result = this.mvc.delete().uri("/things/" + UUID.randomUUID()).exchange();

		assertProblem(result, 405, "method-not-allowed");
	}

	@Test
	void answersAPathNothingAnswersWithoutEchoingIt() {
		MvcTestResult result = this.mvc.get().uri("/nothing/{here}", "<script>alert(1)<script>").exchange();

		assertProblem(result, 404, "not-found");
		assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("Nothing answers at this path.");
	}

	@Test
	void refusesAnIdOfTheWrongTypeNamingTheParameterButNotItsValue() {
		MvcTestResult result = this.mvc.get().uri("/things/{id}", "<script>alert(1)<script>").exchange();

		assertProblem(result, 400, "invalid-request");
		assertThat(result).bodyText().contains("Parameter 'id' has an invalid value.").doesNotContain("<script");
	}

	@Test
	void listsTheInvalidFieldsOfABody() {
		MvcTestResult result = this.mvc.post().uri("/things").contentType(MediaType.APPLICATION_JSON).content("""
				{"name":" ","size":11}""").exchange();

		assertProblem(result, 400, "invalid-request");
		assertThat(result).bodyJson()
			.extractingPath("$.errors[*].field")
			.asArray()
			.containsExactlyInAnyOrder("name", "size");
	}

	@Test
	void listsTheInvalidParameters() {
		MvcTestResult result = this.mvc.get().uri("/things?size=11").exchange();

		assertProblem(result, 400, "invalid-request");
		assertThat(result).bodyJson().extractingPath("$.errors[*].parameter").asArray().containsExactly("size");
	}

	@Test
	void answersAnUnexpectedFailureWithoutSayingWhy() {
		MvcTestResult result = this.mvc.get().uri("/things/" + ThingController.BROKEN).exchange();

		assertProblem(result, 500, "internal-error");
		assertThat(result).bodyText().doesNotContain("secret", "IllegalStateException", "java.");
	}

	@Test
	void keepsTheTypeADomainHandlerChose() {
		MvcTestResult result = this.mvc.get().uri("/things/" + ThingController.MISSING).exchange();

		assertProblem(result, 404, "thing-not-found");
	}

	private static void assertProblem(MvcTestResult result, int status, String slug) {
		assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(ServiceProblems.TYPES + slug);
		assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(status);
	}

	record Thing(@NotBlank String name, @Max(10) int size) {
	}

	static class ThingNotFoundException extends RuntimeException {

	}

	@RestController
	static class ThingController {

		static final UUID BROKEN = UUID.randomUUID();

		static final UUID MISSING = UUID.randomUUID();

		@GetMapping("/things/{id}")
		Thing find(@PathVariable UUID id) {
			if (id.equals(BROKEN)) {
				throw new IllegalStateException("secret internals");
			}
			throw new ThingNotFoundException();
		}

		@GetMapping("/things")
		List<Thing> list(@RequestParam @Max(10) int size) {
			return List.of();
		}

		@PostMapping("/things")
		Thing create(@Valid @RequestBody Thing thing) {
			return thing;
		}

	}

	@RestControllerAdvice
	static class ThingProblems extends ServiceProblems {

		@ExceptionHandler
		ProblemDetail thingNotFound(ThingNotFoundException ex) {
			return problem(HttpStatus.NOT_FOUND, "thing-not-found", "Thing not found", "No such thing.");
		}

	}

}
