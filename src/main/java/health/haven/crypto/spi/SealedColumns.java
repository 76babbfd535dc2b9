package health.haven.crypto.spi;

import health.haven.crypto.FieldCipher;
import java.util.Optional;

/**
 * Implemented (as a Spring bean) by each module that stores sealed values, so that the crypto module can re-encrypt
 * them under new data keys without reading other modules' tables. The crypto module records the cursor after every
 * batch, so an interrupted run resumes where it stopped.
 */
public interface SealedColumns {

	/** A stable name for progress tracking, e.g. {@code records.progress_note}. Never change it once released. */
	String name();

	/**
	 * Re-seals the sealed values of the next rows after {@code after} (in a stable order, e.g. by primary key), at most
	 * {@code limit} rows, with {@link FieldCipher#reseal}, and writes them back in one transaction.
	 *
	 * @param after the cursor returned by the previous batch, or empty to start from the first row
	 * @return the cursor of the last row processed, or empty when no rows were left
	 */
	Optional<String> resealBatch(Optional<String> after, int limit, FieldCipher cipher);

}
