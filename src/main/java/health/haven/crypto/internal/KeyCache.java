package health.haven.crypto.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A small bounded LRU cache with a time to live, for unwrapped keys: reading a chart with many fields costs one unwrap,
 * and an unwrapped key stays in memory for minutes, not for the life of the process.
 *
 * <p>Reads take no lock: every field of every chart read goes through here, from all request threads at once, and a
 * synchronized map made them queue for its monitor (measured by {@code bench/chart-read.sh} with JFR). Only adding a
 * key, which follows a database read and an unwrap, locks, to evict the least recently used entry beyond the bound.
 */
final class KeyCache<K, V> {

	private final int maxEntries;

	private final long ttlNanos;

	private final LongSupplier nanoTime;

	private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

	/** Orders uses for eviction: each read stamps its entry with the next number. */
	private final AtomicLong uses = new AtomicLong();

	KeyCache(int maxEntries, long ttlNanos, LongSupplier nanoTime) {
		this.maxEntries = maxEntries;
		this.ttlNanos = ttlNanos;
		this.nanoTime = nanoTime;
	}

	V get(K key) {
		Entry<V> entry = entries.get(key);
		if (entry == null) {
			return null;
		}
		if (nanoTime.getAsLong() - entry.loadedAt > ttlNanos) {
			entries.remove(key, entry);
			return null;
		}
		entry.lastUsed = uses.incrementAndGet();
		return entry.value;
	}

	synchronized void put(K key, V value) {
		entries.put(key, new Entry<>(value, nanoTime.getAsLong(), uses.incrementAndGet()));
		while (entries.size() > maxEntries) {
			entries.entrySet()
				.stream()
				.min((a, b) -> Long.compare(a.getValue().lastUsed, b.getValue().lastUsed))
				.ifPresent(eldest -> entries.remove(eldest.getKey(), eldest.getValue()));
		}
	}

	void remove(K key) {
		entries.remove(key);
	}

	void clear() {
		entries.clear();
	}

	int size() {
		return entries.size();
	}

	private static final class Entry<V> {

		final V value;

		final long loadedAt;

		volatile long lastUsed;

		Entry(V value, long loadedAt, long lastUsed) {
			this.value = value;
			this.loadedAt = loadedAt;
			this.lastUsed = lastUsed;
		}

	}

}
