package com.example.shop.gateway.problem;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import reactor.netty.NettyPipeline;

import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Gives the answers Reactor Netty makes up itself, for a request it cannot decode, a
 * problem body: 414 {@code uri-too-long} for a request line longer than
 * {@code server.netty.max-initial-line-length}, 431
 * {@code request-header-fields-too-large} for headers larger than
 * {@code server.max-http-request-header-size}, 400 {@code bad-request} for a request line
 * or header that is not HTTP.
 * <p>
 * Reactor Netty answers these before any WebFlux handler, filter or
 * {@code WebExceptionHandler} runs, with an empty body, and offers no hook for that body
 * ({@code HttpServerOperations.sendDecodingFailures}). So a handler of its own sits in
 * each connection's pipeline right behind the HTTP codec: on the way in it notes a
 * request that failed to decode (Reactor Netty still answers and closes the connection as
 * before), and on the way out it fills in that answer's body. Nothing else it lets pass
 * is touched.
 */
@Configuration(proxyBeanMethods = false)
class DecodingFailureProblems {

	static final String HANDLER = "shop.decodingFailureProblem";

	@Bean
	NettyServerCustomizer decodingFailureProblem(ServerProperties server) {
		String lineLimit = server.getNetty().getMaxInitialLineLength().toKilobytes() + " KB";
		String headerLimit = server.getMaxHttpRequestHeaderSize().toKilobytes() + " KB";
		return (http) -> http.doOnChannelInit((observer, channel, remoteAddress) -> {
			ChannelPipeline pipeline = channel.pipeline();
			// HTTP/1.1 only: an HTTP/2 pipeline has no such codec (and no such answers)
			if (pipeline.get(NettyPipeline.HttpCodec) != null) {
				pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER, new ProblemBody(lineLimit, headerLimit));
			}
		});
	}

	/** One per connection: it remembers the request of that connection that failed. */
	static final class ProblemBody extends ChannelDuplexHandler {

		private final String lineLimit;

		private final String headerLimit;

		/** The status Reactor Netty answers the failed request with; null until then. */
		private HttpResponseStatus refused;

		private String detail;

		ProblemBody(String lineLimit, String headerLimit) {
			this.lineLimit = lineLimit;
			this.headerLimit = headerLimit;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
				refused(request.decoderResult().cause());
			}
			ctx.fireChannelRead(msg);
		}

		// The same choice as Reactor Netty's, so the answer found on the way out is the
		// one for this request.
		private void refused(Throwable failure) {
			Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
			if (cause instanceof TooLongHttpLineException) {
				this.refused = HttpResponseStatus.REQUEST_URI_TOO_LONG;
				this.detail = "The request line is longer than " + this.lineLimit + ".";
			}
			else if (cause instanceof TooLongHttpHeaderException) {
				this.refused = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
				this.detail = "The request headers are larger than " + this.headerLimit + ".";
			}
			else {
				this.refused = HttpResponseStatus.BAD_REQUEST;
				this.detail = "The request is not valid HTTP.";
			}
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			if (this.refused != null && msg instanceof FullHttpResponse response
					&& response.status().equals(this.refused) && !response.content().isReadable()) {
				ctx.write(withProblem(response), promise);
				this.refused = null;
				return;
			}
			ctx.write(msg, promise);
		}

		private FullHttpResponse withProblem(FullHttpResponse empty) {
			// Spring's names, as for every other problem: 414 is "URI Too Long" there
			HttpStatus status = HttpStatus.valueOf(empty.status().code());
			String title = status.getReasonPhrase();
			String slug = title.toLowerCase(Locale.ROOT).replace(' ', '-');
			byte[] body = """
					{"type":"https://shop.example.com/problems/%s","title":"%s","status":%d,"detail":"%s"}"""
				.formatted(slug, title, status.value(), this.detail)
				.getBytes(StandardCharsets.UTF_8);
			FullHttpResponse problem = empty.replace(Unpooled.wrappedBuffer(body));
			empty.release();
			problem.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
				.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
			return problem;
		}

	}

}
