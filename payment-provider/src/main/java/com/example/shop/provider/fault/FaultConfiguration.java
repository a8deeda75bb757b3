package com.example.shop.provider.fault;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FaultConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> chargeFaults(Faults faults) {
		return (tomcat) -> tomcat.addContextValves(new ChargeFaultValve(faults));
	}

}
