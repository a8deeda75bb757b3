package com.example.shop.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services start from their extracted jars with a class data sharing archive each: a
 * part stopped gracefully leaves its archive behind (written when its JVM exits), and its
 * next JVM maps that archive in instead of loading and parsing its classes again.
 */
@ExtendWith(RunningShop.class)
class ClassDataSharingIT {

	private static final Pattern PID = Pattern.compile("(?m)^payment\\s+.*?\\s(\\d+)\\s+8083\\s+up\\s");

	@Test
	void aRestartedServiceMapsTheArchiveItsLastJvmLeft(LocalShop shop) throws IOException {
		Path archive = shop.state("apps/payment-service/payment.jsa");

		shop.run("restart", "payment");

		assertThat(archive).as("written when the stopped JVM exited, or kept from before").isNotEmptyFile();
		long pid = pid(shop.run("status"));
		String command = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
		assertThat(command).contains("-XX:SharedArchiveFile=" + archive)
			.contains(shop.state("apps/payment-service/payment-service.jar").toString());
		assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "maps"))).as("the archive mapped in")
			.contains(archive.toString());
	}

	private static long pid(String status) {
		Matcher matcher = PID.matcher(status);
		assertThat(matcher.find()).as("payment up in:%n%s", status).isTrue();
		return Long.parseLong(matcher.group(1));
	}

}
