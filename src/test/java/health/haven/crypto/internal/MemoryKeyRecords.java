package health.haven.crypto.internal;

import health.haven.shared.OrgId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/** Key records in memory, for unit tests and benchmarks; counts reads so tests can see what the cache saves. */
public final class MemoryKeyRecords implements KeyRecords {

	private final AtomicLong generation = new AtomicLong();

	private final Map<OrgId, WrappedKey> orgKeys = new ConcurrentHashMap<>();

	private final Map<String, WrappedKey> dataKeys = new ConcurrentHashMap<>();

	private final Map<String, WrappedKey> indexKeys = new ConcurrentHashMap<>();

	public final AtomicInteger dataKeyReads = new AtomicInteger();

	@Override
	public long generation() {
		return generation.get();
	}

	@Override
	public void bumpGeneration() {
		generation.incrementAndGet();
	}

	@Override
	public Optional<WrappedKey> orgKey(OrgId org) {
		return Optional.ofNullable(orgKeys.get(org));
	}

	@Override
	public List<OrgId> organizations() {
		return new ArrayList<>(orgKeys.keySet());
	}

	@Override
	public WrappedKey insertOrgKey(OrgId org, WrappedKey key) {
		return orgKeys.computeIfAbsent(org, o -> key);
	}

	@Override
	public Optional<WrappedKey> dataKey(OrgId org, String name) {
		dataKeyReads.incrementAndGet();
		return Optional.ofNullable(dataKeys.get(org + "/" + name));
	}

	@Override
	public WrappedKey insertDataKey(OrgId org, String name, UUID client, WrappedKey key) {
		return dataKeys.computeIfAbsent(org + "/" + name, n -> key);
	}

	@Override
	public Optional<WrappedKey> indexKey(OrgId org, String column) {
		return Optional.ofNullable(indexKeys.get(org + "/" + column));
	}

	@Override
	public WrappedKey insertIndexKey(OrgId org, String column, WrappedKey key) {
		return indexKeys.computeIfAbsent(org + "/" + column, n -> key);
	}

	@Override
	public synchronized Optional<WrappedKey> updateOrgKey(OrgId org, BiFunction<String, WrappedKey, WrappedKey> change) {
		return Optional.ofNullable(orgKeys.computeIfPresent(org, (o, old) -> change.apply(o.toString(), old)));
	}

	@Override
	public synchronized int updateOrgKeys(BiFunction<OrgId, WrappedKey, WrappedKey> change) {
		orgKeys.replaceAll(change);
		return orgKeys.size();
	}

	@Override
	public synchronized int updateDataKeys(OrgId org, BiFunction<String, WrappedKey, WrappedKey> change) {
		return update(dataKeys, org, change);
	}

	@Override
	public synchronized int updateIndexKeys(OrgId org, BiFunction<String, WrappedKey, WrappedKey> change) {
		return update(indexKeys, org, change);
	}

	@Override
	public synchronized Destruction destroyDataKey(OrgId org, String name, UUID client) {
		WrappedKey old = dataKeys.put(org + "/" + name, new WrappedKey(null, 0, 0));
		return new Destruction(Instant.now(), old != null && !old.destroyed());
	}

	private static int update(Map<String, WrappedKey> keys, OrgId org, BiFunction<String, WrappedKey, WrappedKey> change) {
		String prefix = org + "/";
		int count = 0;
		for (Map.Entry<String, WrappedKey> entry : new TreeMap<>(keys).entrySet()) {
			if (entry.getKey().startsWith(prefix) && !entry.getValue().destroyed()) {
				keys.put(entry.getKey(), change.apply(entry.getKey().substring(prefix.length()), entry.getValue()));
				count++;
			}
		}
		return count;
	}

}
