package com.example.shop.system;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The one running shop of a test run, for every system test in it whatever its engine
 * (Jupiter's {@link RunningShop} extension, jqwik's properties): started by the first
 * test that asks for it ({@code ./shop up --fresh} takes about a minute), stopped when
 * the run ends. Registered in {@code META-INF/services}, so JUnit calls it once all
 * engines are done.
 */
public final class ShopSession implements LauncherSessionListener {

	private static LocalShop shop;

	/** The running shop, started on the first call. */
	static synchronized LocalShop shop() {
		if (shop == null) {
			shop = new LocalShop().start();
		}
		return shop;
	}

	@Override
	public void launcherSessionClosed(LauncherSession session) {
		synchronized (ShopSession.class) {
			if (shop != null) {
				shop.close();
				shop = null;
			}
		}
	}

}
