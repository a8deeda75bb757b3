package com.example.shop.cli;

import java.util.concurrent.TimeUnit;

/** The poll interval of every readiness wait. */
final class Readiness {

	private Readiness() {
	}

	static void pause() {
		try {
			TimeUnit.MILLISECONDS.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
