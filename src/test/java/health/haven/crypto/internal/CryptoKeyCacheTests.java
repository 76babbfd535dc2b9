package health.haven.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CryptoKeyCacheTests {

	final AtomicLong clock = new AtomicLong();

	@Test
	void theLeastRecentlyUsedKeyIsEvictedBeyondTheBound() {
		KeyCache<String, String> cache = new KeyCache<>(2, 1_000, clock::get);
		cache.put("a", "A");
		cache.put("b", "B");
		cache.get("a");
		cache.put("c", "C");
		assertThat(cache.size()).isEqualTo(2);
		assertThat(cache.get("b")).isNull();
		assertThat(cache.get("a")).isEqualTo("A");
	}

	@Test
	void entriesExpire() {
		KeyCache<String, String> cache = new KeyCache<>(10, 1_000, clock::get);
		cache.put("a", "A");
		clock.set(1_000);
		assertThat(cache.get("a")).isEqualTo("A");
		clock.set(1_001);
		assertThat(cache.get("a")).isNull();
		assertThat(cache.size()).isZero();
	}

}
