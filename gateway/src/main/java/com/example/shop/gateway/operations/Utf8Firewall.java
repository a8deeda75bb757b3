package com.example.shop.gateway.operations;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import reactor.core.publisher.Mono;

import org.springframework.lang.Nullable;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Security's strict firewall with one rule more: a request's path and query,
 * percent-decoded, must be UTF-8. An overlong or broken sequence ({@code %C0%AE%C0%AE} is
 * {@code ..} in a form no decoder may accept) passes the strict rules, which look at the
 * characters, would be forwarded as it came, and the service's Tomcat would refuse it
 * with an HTML page of its own.
 */
class Utf8Firewall extends StrictServerWebExchangeFirewall {

	@Override
	public Mono<ServerWebExchange> getFirewalledExchange(ServerWebExchange exchange) {
		URI uri = exchange.getRequest().getURI();
		if (!decodesAsUtf8(uri.getRawPath()) || !decodesAsUtf8(uri.getRawQuery())) {
			return Mono.error(new ServerExchangeRejectedException("The request URI is not UTF-8 once decoded."));
		}
		return super.getFirewalledExchange(exchange);
	}

	static boolean decodesAsUtf8(@Nullable String raw) {
		if (raw == null) {
			return true;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '%' && isHex(raw, i + 1) && isHex(raw, i + 2)) {
				bytes.write(HexFormat.fromHexDigits(raw, i + 1, i + 3));
				i += 2;
			}
			else {
				bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
			}
		}
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	private static boolean isHex(String raw, int index) {
		return index < raw.length() && Character.digit(raw.charAt(index), 16) >= 0;
	}

}
