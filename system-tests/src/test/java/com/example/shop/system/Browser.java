package com.example.shop.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the dashboard's tests: the machine's Chromium (Debian's
 * {@code chromium} and {@code chromium-driver} packages), headless, driven over
 * WebDriver. Selenium's own browser and driver downloads are never used: both binaries
 * are named here ({@code SHOP_CHROMIUM}, {@code SHOP_CHROMEDRIVER} to use others).
 */
final class Browser implements AutoCloseable {

	private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("SHOP_CHROMIUM", "/usr/bin/chromium"));

	private static final Path DRIVER = Path
		.of(System.getenv().getOrDefault("SHOP_CHROMEDRIVER", "/usr/bin/chromedriver"));

	/** Longest wait for a page to load before the tab counts as hung. */
	private static final Duration PAGE_LOAD = Duration.ofSeconds(20);

	private Path profile;

	private ChromeDriver driver;

	private Browser() {
		launch();
	}

	static Browser start() {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
			throw new IllegalStateException("The dashboard's browser tests need Chromium and its driver: "
					+ "apt-get install chromium chromium-driver (or set SHOP_CHROMIUM and SHOP_CHROMEDRIVER); missing "
					+ (Files.isExecutable(CHROMIUM) ? DRIVER : CHROMIUM));
		}
		return new Browser();
	}

	/**
	 * A new Chromium with a profile of its own. The page counts as loaded once its DOM is
	 * (the dashboard's script runs before that, and tests wait for what they need);
	 * WebDriver's own answer timeout stays above the page load timeout, so a hung page
	 * ends in a timeout of the page, not of the connection to the driver.
	 */
	private void launch() {
		try {
			this.profile = Files.createTempDirectory("dashboard-chromium");
			ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
				.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
						"--disable-background-networking", "--disable-component-update", "--no-first-run",
						"--disable-sync", "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
						"--disable-backgrounding-occluded-windows", "--window-size=1400,1250",
						"--user-data-dir=" + this.profile);
			options.setPageLoadStrategy(PageLoadStrategy.EAGER);
			options.setPageLoadTimeout(PAGE_LOAD);
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
				.usingAnyFreePort()
				.build();
			this.driver = new ChromeDriver(service, options,
					ClientConfig.defaultConfig().readTimeout(PAGE_LOAD.multipliedBy(2)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Opens {@code url}. Headless Chromium's tab now and then hangs in a navigation on a
	 * busy machine (its renderer stops answering the driver): then this browser is
	 * replaced by a new one, once, and the page opened again there.
	 */
	void open(String url) {
		try {
			this.driver.get(url);
		}
		catch (WebDriverException ex) {
			System.err.printf("Chromium did not load %s within %s (%s); starting a new browser%n", url, PAGE_LOAD,
					ex.getMessage().lines().findFirst().orElse(""));
			close();
			launch();
			this.driver.get(url);
		}
	}

	WebElement find(String css) {
		return this.driver.findElement(By.cssSelector(css));
	}

	List<WebElement> all(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	/** Waits until {@code css} matches something on the page, at most {@code timeout}. */
	WebElement await(String css, Duration timeout) {
		return waiting(timeout)
			.until((driver) -> driver.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
	}

	/** Waits until {@code condition} holds, at most {@code timeout}. */
	void await(String what, Duration timeout, BooleanSupplier condition) {
		waiting(timeout).withMessage(what).until((driver) -> condition.getAsBoolean());
	}

	/**
	 * A wait that looks again when the page redrew what it was looking at (the dashboard
	 * redraws every second).
	 */
	private WebDriverWait waiting(Duration timeout) {
		WebDriverWait wait = new WebDriverWait(this.driver, timeout);
		wait.pollingEvery(Duration.ofMillis(250)).ignoring(StaleElementReferenceException.class);
		return wait;
	}

	/**
	 * Runs a script in the page and returns what it returns: one consistent reading of
	 * the page.
	 */
	Object script(String javascript, Object... arguments) {
		return this.driver.executeScript(javascript, arguments);
	}

	/**
	 * Runs an asynchronous script in the page: it ends by calling
	 * {@code arguments[arguments.length - 1]} with its result.
	 */
	Object asyncScript(String javascript) {
		return this.driver.executeAsyncScript(javascript);
	}

	void screenshot(Path file) {
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		catch (WebDriverException ex) {
			// a hung browser: its processes end with the driver's
		}
		try (var files = Files.walk(this.profile)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary folder; nothing to keep
		}
	}

}
