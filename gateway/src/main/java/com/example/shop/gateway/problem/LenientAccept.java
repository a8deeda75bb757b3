package com.example.shop.gateway.problem;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.accept.HeaderContentTypeResolver;
import org.springframework.web.reactive.accept.RequestedContentTypeResolver;
import org.springframework.web.reactive.accept.RequestedContentTypeResolverBuilder;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.server.NotAcceptableStatusException;

/**
 * An {@code Accept} header WebFlux cannot parse ({@code garbage}, {@code image/png;q=x})
 * counts as none, which RFC 9110 (12.5.1) allows a server to do. WebFlux would otherwise
 * keep the status of the problem it was answering and write an empty body: it cannot tell
 * which media types the client takes.
 */
@Configuration(proxyBeanMethods = false)
class LenientAccept implements WebFluxConfigurer {

	@Override
	public void configureContentTypeResolver(RequestedContentTypeResolverBuilder builder) {
		HeaderContentTypeResolver header = new HeaderContentTypeResolver();
		builder.resolver((exchange) -> {
			try {
				return header.resolveMediaTypes(exchange);
			}
			catch (NotAcceptableStatusException ex) {
				return RequestedContentTypeResolver.MEDIA_TYPE_ALL_LIST;
			}
		});
	}

}
