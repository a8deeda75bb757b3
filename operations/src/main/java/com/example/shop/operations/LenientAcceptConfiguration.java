package com.example.shop.operations;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * An {@code Accept} header Spring MVC cannot parse ({@code garbage},
 * {@code image/png;q=x}) counts as none, which RFC 9110 (12.5.1) allows a server to do.
 * Spring MVC would otherwise answer 406, or keep the status of the error it was already
 * answering, with an empty body: it cannot tell which media types the client takes, so it
 * writes no problem at all.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(WebMvcConfigurer.class)
public class LenientAcceptConfiguration {

	@Bean
	WebMvcConfigurer lenientAcceptHeader() {
		return new WebMvcConfigurer() {

			@Override
			public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
				configurer.strategies(List.of(new LenientHeaderStrategy()));
			}

		};
	}

	/** The {@code Accept} header, or everything when it cannot be read. */
	static final class LenientHeaderStrategy extends HeaderContentNegotiationStrategy {

		@Override
		public List<MediaType> resolveMediaTypes(NativeWebRequest request) {
			try {
				return super.resolveMediaTypes(request);
			}
			catch (HttpMediaTypeNotAcceptableException ex) {
				return MEDIA_TYPE_ALL_LIST;
			}
		}

	}

}
