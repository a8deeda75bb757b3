package com.example.shop.system;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the shop once for every system test class in this JVM ({@code ./shop up --fresh}
 * takes about a minute) and stops it after the last one.
 */
final class RunningShop implements BeforeAllCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningShop.class);

	@Override
	public void beforeAll(ExtensionContext context) {
		context.getRoot()
			.getStore(NAMESPACE)
			.getOrComputeIfAbsent(LocalShop.class, (key) -> new Resource(new LocalShop().start()), Resource.class);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == LocalShop.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return context.getRoot().getStore(NAMESPACE).get(LocalShop.class, Resource.class).shop();
	}

	record Resource(LocalShop shop) implements ExtensionContext.Store.CloseableResource {

		@Override
		public void close() {
			this.shop.close();
		}

	}

}
