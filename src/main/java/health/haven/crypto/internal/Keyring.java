package health.haven.crypto.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.prf.PrfSet;
import health.haven.crypto.KeyScope;
import health.haven.crypto.internal.KeyRecords.Destruction;
import health.haven.crypto.internal.KeyRecords.WrappedKey;
import health.haven.crypto.spi.KeyProvider;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.shared.OrgId;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The key hierarchy at work: finds, creates, unwraps and caches keys, and rotates and destroys them.
 *
 * <p>Caches are per process. A rotation or shredding in this process clears them at once; one in another process (the
 * {@code haven keys} command, another node) bumps {@code crypto.key_generation}, which this process reads at most
 * every {@link #GENERATION_POLL} while it is in use: that is the staleness bound. Staleness is harmless for reading,
 * because rotations keep old key versions and every unwrap or open that fails on a cached key is retried once with a
 * freshly loaded one. It matters only after shredding, where another node may open that client's values for up to
 * the poll interval.
 */
public final class Keyring {

	public static final int MAX_ENTRIES = 10_000;

	public static final Duration TTL = Duration.ofMinutes(5);

	public static final Duration GENERATION_POLL = Duration.ofSeconds(5);

	private final KeyProvider provider;

	private final KeyRecords records;

	private final LongSupplier nanoTime;

	private final KeyCache<OrgId, OrgKey> orgKeys;

	private final KeyCache<KeyScope, DataKey> dataKeys;

	private final KeyCache<String, PrfSet> indexKeys;

	private volatile Aead master;

	private volatile long generation = Long.MIN_VALUE;

	private volatile long nextGenerationCheck;

	public Keyring(KeyProvider provider, KeyRecords records) {
		this(provider, records, System::nanoTime);
	}

	/** With a clock of its own, for tests of the cache's time to live. */
	public Keyring(KeyProvider provider, KeyRecords records, LongSupplier nanoTime) {
		this.provider = provider;
		this.records = records;
		this.nanoTime = nanoTime;
		this.orgKeys = new KeyCache<>(MAX_ENTRIES, TTL.toNanos(), nanoTime);
		this.dataKeys = new KeyCache<>(MAX_ENTRIES, TTL.toNanos(), nanoTime);
		this.indexKeys = new KeyCache<>(MAX_ENTRIES, TTL.toNanos(), nanoTime);
		this.nextGenerationCheck = nanoTime.getAsLong();
	}

	/** An unwrapped data key and the id of its primary key version (the one new seals use). */
	public record DataKey(Aead aead, long primaryId) {
	}

	record OrgKey(Aead aead, long primaryId) {
	}

	public KeyProvider provider() {
		return provider;
	}

	/** Loads the master key now, so that a missing or unreadable master key stops start-up instead of a request. */
	public void checkMasterKey() {
		master();
	}

	/** The scope's data key; created on first use when {@code create} is set. */
	public DataKey dataKey(KeyScope scope, boolean create) {
		checkGeneration();
		DataKey cached = dataKeys.get(scope);
		if (cached != null) {
			return cached;
		}
		DataKey loaded = loadDataKey(scope, create);
		dataKeys.put(scope, loaded);
		return loaded;
	}

	/** The scope's data key read again from the database, for a value the cached key could not open. */
	public DataKey reloadDataKey(KeyScope scope) {
		dataKeys.remove(scope);
		return dataKey(scope, false);
	}

	/** The blind-index key of a column within an organization, created on first use. */
	public PrfSet indexKey(OrgId org, String column) {
		checkGeneration();
		String cacheKey = org + "/" + column;
		PrfSet cached = indexKeys.get(cacheKey);
		if (cached != null) {
			return cached;
		}
		String binding = Bindings.indexKey(org, column);
		WrappedKey row = records.indexKey(org, column).orElseGet(() -> {
			OrgKey kek = orgKey(org);
			KeysetHandle fresh = Tink.newPrfKeyset();
			return records.insertIndexKey(org, column,
					new WrappedKey(Tink.wrap(fresh, kek.aead(), binding), kek.primaryId(), Tink.primaryId(fresh)));
		});
		PrfSet prf = Tink.prf(unwrapUnderOrg(org, row.keyset(), binding));
		indexKeys.put(cacheKey, prf);
		return prf;
	}

	public int cachedDataKeys() {
		return dataKeys.size();
	}

	/** Drops every unwrapped key this process holds. */
	public void clear() {
		dataKeys.clear();
		indexKeys.clear();
		orgKeys.clear();
		master = null;
	}

	// Administration -------------------------------------------------------------------------------------------

	/** New master key version; every organization key re-wrapped under it. Old versions stay for stale readers. */
	public Rotated rotateMaster() {
		if (!provider.rotatable()) {
			throw new HavenException("CRYPTO_MASTER_KEY_NOT_ROTATABLE", Kind.CONFLICT,
					"this master key provider cannot rotate its key");
		}
		long version = provider.rotate();
		Aead fresh = provider.masterKey();
		master = fresh;
		int count = records.updateOrgKeys((org, old) -> {
			return new WrappedKey(rewrapOrFail(old.keyset(), fresh, Bindings.orgKey(org)), version, old.primaryId());
		});
		changed();
		return new Rotated(version, count);
	}

	/**
	 * New primary version of the organization's key; its data and blind-index keys re-wrapped under it. The data they
	 * protect is untouched.
	 */
	public Rotated rotateOrganization(OrgId org) {
		Aead currentMaster = freshMaster();
		long masterVersion = provider.primaryVersion();
		AtomicReference<KeysetHandle> rotated = new AtomicReference<>();
		String orgBinding = Bindings.orgKey(org);
		records.updateOrgKey(org, (name, old) -> {
			KeysetHandle keyset = Tink.withNewPrimary(unwrapOrFail(old.keyset(), currentMaster, orgBinding));
			rotated.set(keyset);
			return new WrappedKey(Tink.wrap(keyset, currentMaster, orgBinding), masterVersion, Tink.primaryId(keyset));
		}).orElseThrow(() -> new HavenException("CRYPTO_ORG_KEY_MISSING", Kind.NOT_FOUND,
				"this organization has no key yet (nothing was sealed for it)"));
		Aead kek = Tink.aead(rotated.get());
		long kekId = Tink.primaryId(rotated.get());
		int count = records.updateDataKeys(org, (name, old) -> new WrappedKey(
				rewrapOrFail(old.keyset(), kek, Bindings.dataKey(org, name)), kekId, old.primaryId()));
		count += records.updateIndexKeys(org, (column, old) -> new WrappedKey(
				rewrapOrFail(old.keyset(), kek, Bindings.indexKey(org, column)), kekId, old.primaryId()));
		changed();
		return new Rotated(kekId, count);
	}

	/** A new primary version in every live data key of the organization, ahead of re-encryption. */
	public int rotateDataKeys(OrgId org) {
		orgKeys.remove(org);
		master = null;
		OrgKey kek = orgKey(org);
		int count = records.updateDataKeys(org, (name, old) -> {
			String binding = Bindings.dataKey(org, name);
			KeysetHandle keyset = Tink.withNewPrimary(unwrapOrFail(old.keyset(), kek.aead(), binding));
			return new WrappedKey(Tink.wrap(keyset, kek.aead(), binding), kek.primaryId(), Tink.primaryId(keyset));
		});
		changed();
		return count;
	}

	public Destruction destroy(KeyScope.ClientKey scope) {
		Destruction destruction = records.destroyDataKey(scope.org(), scope.name(), scope.client().value());
		dataKeys.remove(scope);
		changed();
		return destruction;
	}

	public List<OrgId> organizations() {
		return records.organizations();
	}

	public record Rotated(long newVersion, int rewrapped) {
	}

	// Loading --------------------------------------------------------------------------------------------------

	private DataKey loadDataKey(KeyScope scope, boolean create) {
		OrgId org = scope.org();
		String binding = Bindings.dataKey(org, scope.name());
		WrappedKey row = records.dataKey(org, scope.name()).orElse(null);
		if (row == null) {
			if (!create) {
				throw new HavenException("CRYPTO_KEY_MISSING", Kind.NOT_FOUND, "no data key exists for this value");
			}
			OrgKey kek = orgKey(org);
			KeysetHandle fresh = Tink.newAeadKeyset();
			UUID client = scope instanceof KeyScope.ClientKey c ? c.client().value() : null;
			row = records.insertDataKey(org, scope.name(), client,
					new WrappedKey(Tink.wrap(fresh, kek.aead(), binding), kek.primaryId(), Tink.primaryId(fresh)));
		}
		if (row.destroyed()) {
			throw destroyed();
		}
		KeysetHandle keyset = unwrapUnderOrg(org, row.keyset(), binding);
		return new DataKey(Tink.aead(keyset), Tink.primaryId(keyset));
	}

	static HavenException destroyed() {
		return new HavenException("CRYPTO_KEY_DESTROYED", Kind.NOT_FOUND,
				"the data key for this value was destroyed (crypto-shredding)");
	}

	private KeysetHandle unwrapUnderOrg(OrgId org, byte[] wrapped, String binding) {
		OrgKey kek = orgKey(org);
		try {
			return Tink.unwrap(wrapped, kek.aead(), binding);
		}
		catch (GeneralSecurityException stale) {
			// Wrapped under an organization key version this process has not seen yet (rotated elsewhere).
			orgKeys.remove(org);
			return unwrapOrFail(wrapped, orgKey(org).aead(), binding);
		}
	}

	private OrgKey orgKey(OrgId org) {
		OrgKey cached = orgKeys.get(org);
		if (cached != null) {
			return cached;
		}
		String binding = Bindings.orgKey(org);
		WrappedKey row = records.orgKey(org).orElseGet(() -> {
			KeysetHandle fresh = Tink.newAeadKeyset();
			return records.insertOrgKey(org,
					new WrappedKey(Tink.wrap(fresh, master(), binding), provider.primaryVersion(), Tink.primaryId(fresh)));
		});
		KeysetHandle keyset;
		try {
			keyset = Tink.unwrap(row.keyset(), master(), binding);
		}
		catch (GeneralSecurityException stale) {
			// Wrapped under a master key version this process has not loaded yet (rotated by the command line).
			keyset = unwrapOrFail(row.keyset(), freshMaster(), binding);
		}
		OrgKey loaded = new OrgKey(Tink.aead(keyset), Tink.primaryId(keyset));
		orgKeys.put(org, loaded);
		return loaded;
	}

	private Aead master() {
		Aead current = master;
		if (current == null) {
			current = freshMaster();
		}
		return current;
	}

	private Aead freshMaster() {
		Aead loaded = provider.masterKey();
		master = loaded;
		return loaded;
	}

	private static KeysetHandle unwrapOrFail(byte[] wrapped, Aead wrappingKey, String binding) {
		try {
			return Tink.unwrap(wrapped, wrappingKey, binding);
		}
		catch (GeneralSecurityException ex) {
			throw new HavenException("CRYPTO_KEY_UNWRAP_FAILED", Kind.INTERNAL,
					"a wrapped key does not open with the key above it (wrong master key, or a key row was moved)", ex);
		}
	}

	/** Under the same keyset's current primary: it holds the old version that wrapped it, too. */
	private static byte[] rewrapOrFail(byte[] wrapped, Aead wrappingKey, String binding) {
		try {
			return Tink.rewrap(wrapped, wrappingKey, wrappingKey, binding);
		}
		catch (GeneralSecurityException ex) {
			throw new HavenException("CRYPTO_KEY_UNWRAP_FAILED", Kind.INTERNAL,
					"a wrapped key does not open with the key above it (wrong master key, or a key row was moved)", ex);
		}
	}

	private void changed() {
		records.bumpGeneration();
		clear();
		generation = records.generation();
	}

	private void checkGeneration() {
		long now = nanoTime.getAsLong();
		if (now - nextGenerationCheck < 0) {
			return;
		}
		synchronized (this) {
			if (now - nextGenerationCheck < 0) {
				return;
			}
			nextGenerationCheck = now + GENERATION_POLL.toNanos();
			long current = records.generation();
			if (current != generation) {
				if (generation != Long.MIN_VALUE) {
					clear();
				}
				generation = current;
			}
		}
	}

}
