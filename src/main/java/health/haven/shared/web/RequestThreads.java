package health.haven.shared.web;

import org.apache.coyote.AbstractProtocol;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * How many requests Haven works on at once: {@code HAVEN_HTTP_THREADS} ({@code haven.http.threads}), by default four
 * per processor (8 on 2 cores) instead of Tomcat's 200. Chart reads are CPU work: on 2 cores, 8 threads served the
 * protected chart summary about half again as fast as 16 busy ones and with half the 99th-percentile latency
 * ({@code bench/chart-read.sh}, ADR 0017); more waiting requests queue in the connector instead of sharing the
 * processors. A thread is held by an upload or a download for as long as a slow client takes: a host serving many
 * slow clients at once should raise it.
 *
 * <p>Applied after Boot's own settings ({@code server.tomcat.threads.*}), which it replaces.
 */
@Component
class RequestThreads implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

	static final int PER_PROCESSOR = 4;

	private final int threads;

	RequestThreads(@Value("${haven.http.threads:${HAVEN_HTTP_THREADS:0}}") int configured) {
		this.threads = configured > 0 ? configured : PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
	}

	@Override
	public void customize(ConfigurableTomcatWebServerFactory factory) {
		factory.addConnectorCustomizers(connector -> {
			if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
				protocol.setMaxThreads(threads);
				protocol.setMinSpareThreads(Math.min(protocol.getMinSpareThreads(), threads));
			}
		});
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
