package health.haven.crypto.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A small bounded LRU cache with a time to live, for unwrapped keys: reading a chart with many fields costs one unwrap,
 * and an unwrapped key stays in memory for minutes, not for the life of the process. A plain synchronized map is
 * enough here (a lookup is tens of nanoseconds beside a microsecond of AES-GCM) and needs no extra dependency.
 */
final class KeyCache<K, V> {

	private final int maxEntries;

	private final long ttlNanos;

	private final LongSupplier nanoTime;

	private final LinkedHashMap<K, Entry<V>> entries;

	KeyCache(int maxEntries, long ttlNanos, LongSupplier nanoTime) {
		this.maxEntries = maxEntries;
		this.ttlNanos = ttlNanos;
		this.nanoTime = nanoTime;
		this.entries = new LinkedHashMap<>(64, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
				return size() > KeyCache.this.maxEntries;
			}
		};
	}

	synchronized V get(K key) {
		Entry<V> entry = entries.get(key);
		if (entry == null) {
			return null;
		}
		if (nanoTime.getAsLong() - entry.loadedAt > ttlNanos) {
			entries.remove(key);
			return null;
		}
		return entry.value;
	}

	synchronized void put(K key, V value) {
		entries.put(key, new Entry<>(value, nanoTime.getAsLong()));
	}

	synchronized void remove(K key) {
		entries.remove(key);
	}

	synchronized void clear() {
		entries.clear();
	}

	synchronized int size() {
		return entries.size();
	}

	private record Entry<V>(V value, long loadedAt) {
	}

}
