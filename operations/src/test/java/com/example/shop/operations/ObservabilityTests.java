package com.example.shop.operations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every servlet service gets for tracing and logs, started as a service starts (no
 * test slice switching things off): trace ids on every line logged in a span, the
 * readable pattern unless {@code LOG_FORMAT} picks a JSON format, and an OTLP exporter
 * only once {@code OTLP_TRACING_ENDPOINT} names a collector. The services' YAML says
 * {@code logging.structured.format.console: ${LOG_FORMAT:}} and
 * {@code management.otlp.tracing.endpoint: ${OTLP_TRACING_ENDPOINT:}}: the same lines
 * stand here.
 */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTests {

	private static final ObjectMapper json = new ObjectMapper();

	@Test
	void logsTheReadablePatternWithTheTraceIdWhileNoFormatIsChosen(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("LOG_FORMAT=")) {
			String traceId = logInASpan(context, "readable line");

			String line = lineWith(output, "readable line");
			assertThat(line).doesNotStartWith("{").contains(" INFO ").contains("[" + traceId + "-");
		}
	}

	@Test
	void logsOneJsonObjectPerLineWithTheTraceIdInTheChosenFormat(CapturedOutput output) throws Exception {
		for (String format : List.of("ecs", "logstash")) {
			try (ConfigurableApplicationContext context = start("LOG_FORMAT=" + format)) {
				String traceId = logInASpan(context, "json line in " + format);

				JsonNode line = json.readTree(lineWith(output, "json line in " + format));
				assertThat(line.toString()).contains("json line in " + format);
				assertThat(line.findValuesAsText("traceId")).as(format).containsExactly(traceId);
			}
		}
	}

	@Test
	void exportsNoSpansWhileNoOtlpEndpointIsSet() {
		try (ConfigurableApplicationContext context = start("OTLP_TRACING_ENDPOINT=")) {
			assertThat(context.getBeansOfType(OtlpHttpSpanExporter.class)).isEmpty();
			assertThat(context.getBean(Tracer.class).nextSpan().context().traceId()).matches("[0-9a-f]{32}");
		}
	}

	@Test
	void exportsSpansOverOtlpHttpOnceAnEndpointIsSet() {
		try (ConfigurableApplicationContext context = start("OTLP_TRACING_ENDPOINT=http://127.0.0.1:1/v1/traces")) {
			assertThat(context.getBeansOfType(OtlpHttpSpanExporter.class)).hasSize(1);
		}
	}

	@Test
	void exportsTheApplicationsSpansButNotTheActuatorsOrTheSchedulersOwn() throws Exception {
		WireMockServer collector = new WireMockServer(options().dynamicPort());
		collector.start();
		collector.stubFor(post("/v1/traces").willReturn(aResponse().withStatus(200)));
		try (ConfigurableApplicationContext context = start(
				"OTLP_TRACING_ENDPOINT=" + collector.baseUrl() + "/v1/traces",
				"management.opentelemetry.tracing.export.schedule-delay=200ms")) {
			String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
			HttpClient http = HttpClient.newHttpClient();
			for (String path : List.of("/actuator/health", "/actuator/prometheus", OperationsTestApplication.API)) {
				http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
						HttpResponse.BodyHandlers.discarding());
			}

			await().atMost(Duration.ofSeconds(30))
				.until(() -> exported(collector).contains(OperationsTestApplication.API));
			assertThat(exported(collector)).doesNotContain("/actuator").doesNotContain("task heartbeat");
		}
		finally {
			collector.stop();
		}
	}

	/**
	 * Every OTLP payload the collector got, as text (span names and tags are plain UTF-8
	 * in protobuf).
	 */
	private static String exported(WireMockServer collector) {
		return collector.findAll(postRequestedFor(urlEqualTo("/v1/traces")))
			.stream()
			.map((request) -> new String(request.getBody(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("\n"));
	}

	/** The test application with the services' lines for logs and tracing. */
	private static ConfigurableApplicationContext start(String... environment) {
		return new SpringApplicationBuilder(OperationsTestApplication.class).web(WebApplicationType.SERVLET)
			.properties("server.port=0", "logging.structured.format.console=${LOG_FORMAT:}",
					"management.otlp.tracing.endpoint=${OTLP_TRACING_ENDPOINT:}",
					"management.tracing.sampling.probability=1.0")
			.run(List.of(environment).stream().map((setting) -> "--" + setting).toArray(String[]::new));
	}

	private static String logInASpan(ConfigurableApplicationContext context, String message) {
		Tracer tracer = context.getBean(Tracer.class);
		Span span = tracer.nextSpan().name("test").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
			LoggerFactory.getLogger(ObservabilityTests.class).info(message);
		}
		finally {
			span.end();
		}
		return span.context().traceId();
	}

	private static String lineWith(CapturedOutput output, String message) {
		return output.getOut().lines().filter((line) -> line.contains(message)).findFirst().orElseThrow();
	}

}
