package health.haven.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

	@Test
	void threadsReadingAndAddingAtOnceKeepTheBoundAndSeeWhatWasAdded() throws Exception {
		KeyCache<Integer, String> cache = new KeyCache<>(50, Long.MAX_VALUE, clock::get);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<CompletableFuture<Void>> all = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int thread = t;
				all.add(CompletableFuture.runAsync(() -> {
					for (int i = 0; i < 5_000; i++) {
						int key = thread * 1_000 + i % 200;
						String found = cache.get(key);
						if (found == null) {
							cache.put(key, "v" + key);
						}
						else {
							assertThat(found).isEqualTo("v" + key);
						}
					}
				}, pool));
			}
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(cache.size()).isLessThanOrEqualTo(50);
		cache.put(-1, "last");
		assertThat(cache.get(-1)).as("the newest entry is never the one evicted").isEqualTo("last");
	}

}
