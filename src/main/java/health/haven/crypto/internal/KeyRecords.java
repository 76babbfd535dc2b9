package health.haven.crypto.internal;

import health.haven.shared.OrgId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Where wrapped keys are kept: PostgreSQL in Haven ({@link JdbcKeyRecords}), memory in unit tests and benchmarks.
 * Holds wrapped keysets only, never a plaintext key.
 */
public interface KeyRecords {

	/** A number every process bumps after a rotation or shredding, so that other processes drop their caches. */
	long generation();

	void bumpGeneration();

	Optional<WrappedKey> orgKey(OrgId org);

	/** Every organization that has a key. */
	List<OrgId> organizations();

	/** Stores the organization's key unless another process was first; returns the one that is stored. */
	WrappedKey insertOrgKey(OrgId org, WrappedKey key);

	/** A data key, or a destroyed one ({@link WrappedKey#destroyed()}), or empty if it was never created. */
	Optional<WrappedKey> dataKey(OrgId org, String name);

	WrappedKey insertDataKey(OrgId org, String name, UUID client, WrappedKey key);

	Optional<WrappedKey> indexKey(OrgId org, String column);

	WrappedKey insertIndexKey(OrgId org, String column, WrappedKey key);

	/** Replaces the organization's key under a row lock; empty if there is none. */
	Optional<WrappedKey> updateOrgKey(OrgId org, BiFunction<String, WrappedKey, WrappedKey> change);

	/** Replaces every organization key, in batches, each row under a lock; returns how many. */
	int updateOrgKeys(BiFunction<OrgId, WrappedKey, WrappedKey> change);

	/** Replaces every live data key of the organization (name, old to new), in batches; returns how many. */
	int updateDataKeys(OrgId org, BiFunction<String, WrappedKey, WrappedKey> change);

	/** Replaces every blind-index key of the organization (column, old to new); returns how many. */
	int updateIndexKeys(OrgId org, BiFunction<String, WrappedKey, WrappedKey> change);

	/**
	 * Destroys a data key: the wrapped keyset is overwritten, a tombstone stays so the key is never re-created.
	 *
	 * @return when it was destroyed, and whether a live key existed
	 */
	Destruction destroyDataKey(OrgId org, String name, UUID client);

	record Destruction(Instant at, boolean hadKey) {
	}

	/**
	 * A keyset encrypted under the key one level up.
	 *
	 * @param keyset the encrypted keyset, or {@code null} once destroyed
	 * @param wrappedBy the version of the wrapping key used (master version, or the organization key's primary id)
	 * @param primaryId the primary key id inside the keyset
	 */
	record WrappedKey(byte[] keyset, long wrappedBy, long primaryId) {

		public boolean destroyed() {
			return keyset == null;
		}

	}

}
