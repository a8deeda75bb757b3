package com.example.shop.orders.catalog;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.ClientHttpRequestFactorySettings;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Reads products from catalog-service over HTTP, within the configured timeouts. */
@Component
public class CatalogClient {

	private final RestClient http;

	CatalogClient(RestClient.Builder builder, CatalogProperties properties) {
		ClientHttpRequestFactorySettings timeouts = ClientHttpRequestFactorySettings.defaults()
			.withConnectTimeout(properties.connectTimeout())
			.withReadTimeout(properties.readTimeout());
		this.http = builder.baseUrl(properties.baseUrl().toString())
			.requestFactory(ClientHttpRequestFactoryBuilder.jdk().build(timeouts))
			.build();
	}

	/**
	 * The product with {@code id}.
	 * @throws UnknownProductException when catalog does not know it
	 * @throws CatalogUnavailableException when catalog cannot answer
	 */
	public Product findProduct(long id) {
		Product product;
		try {
			product = this.http.get()
				.uri("/api/products/{id}", id)
				.retrieve()
				.onStatus((status) -> status.isSameCodeAs(HttpStatus.NOT_FOUND), (request, response) -> {
					throw new UnknownProductException(id);
				})
				.body(Product.class);
		}
		catch (RestClientException ex) {
			throw new CatalogUnavailableException("Catalog did not answer for product " + id, ex);
		}
		if (product == null || product.price() == null) {
			throw new CatalogUnavailableException("Catalog answered without a price for product " + id, null);
		}
		return product;
	}

}
