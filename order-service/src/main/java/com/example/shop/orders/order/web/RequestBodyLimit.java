package com.example.shop.orders.order.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request body above {@link #MAX_BODY} before anything reads it: a declared
 * {@code Content-Length} above it at once, a chunked body as soon as its bytes pass it.
 * The largest valid order (20 items, a 64-character customer id) is under 2 KB; 16 KB
 * leaves room for whitespace and ignored fields, not for a megabyte of JSON held in
 * memory. Both answer 413 through {@link OrderProblems}.
 */
@Component
class RequestBodyLimit extends OncePerRequestFilter {

	static final DataSize MAX_BODY = DataSize.ofKilobytes(16);

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > MAX_BODY.toBytes()) {
			OrderProblems.writePayloadTooLarge(response);
			return;
		}
		chain.doFilter(new BoundedRequest(request), response);
	}

	/** Thrown while reading a body that turned out bigger than allowed. */
	static final class BodyTooLargeException extends IOException {

		BodyTooLargeException() {
			super("Request body exceeds " + MAX_BODY.toKilobytes() + " KB");
		}

	}

	private static final class BoundedRequest extends HttpServletRequestWrapper {

		private ServletInputStream bounded;

		BoundedRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.bounded == null) {
				this.bounded = new BoundedInputStream(super.getInputStream());
			}
			return this.bounded;
		}

	}

	private static final class BoundedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private long read;

		BoundedInputStream(ServletInputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b != -1) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int bytes) throws BodyTooLargeException {
			this.read += bytes;
			if (this.read > MAX_BODY.toBytes()) {
				throw new BodyTooLargeException();
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
