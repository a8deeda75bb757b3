package com.example.shop.cli;

import java.nio.file.Path;

/**
 * Where the local stack keeps its state: {@code .shop/} in the checkout (or
 * {@code SHOP_STATE_DIR}), with the parts' data, logs and pid files. Deleting it (./shop
 * clean) starts the shop from nothing.
 */
record Layout(Path home, Path state) {

	static Layout fromEnvironment() {
		Path home = Path.of(System.getProperty("shop.home", ".")).toAbsolutePath().normalize();
		String state = System.getenv("SHOP_STATE_DIR");
		return new Layout(home,
				(state != null && !state.isBlank()) ? Path.of(state).toAbsolutePath() : home.resolve(".shop"));
	}

	Path data(String part) {
		return this.state.resolve("data").resolve(part);
	}

	Path log(String part) {
		return this.state.resolve("logs").resolve(part + ".log");
	}

	Path pidFile(String part) {
		return this.state.resolve("run").resolve(part + ".pid");
	}

	Path upPidFile() {
		return this.state.resolve("run").resolve("up.pid");
	}

	Path cache() {
		return Path.of(System.getProperty("user.home"), ".cache", "shop");
	}

	Path jar(String module) {
		return this.home.resolve(module).resolve("target").resolve(module + ".jar");
	}

	/** The JDK running this command; every JVM part runs on it too. */
	static String java() {
		return ProcessHandle.current().info().command().orElse("java");
	}

}
