package health.haven.crypto.internal;

import health.haven.crypto.FieldCipher;
import health.haven.crypto.ReencryptionProgress;
import health.haven.crypto.spi.SealedColumns;
import health.haven.shared.OrgId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Re-encryption jobs and their progress. A batch is written by the module that owns the column, the cursor after it
 * by this class, in two transactions: after a crash the last batch may be re-sealed again, which is harmless because
 * {@link FieldCipher#reseal} leaves values already under the current key alone.
 *
 * <p>A job re-seals every value of every column set, whichever organization it belongs to; values whose key did not
 * change are skipped cheaply by the key-id check.
 */
public final class Reencryption {

	private final JdbcKeyRecords db;

	public Reencryption(DataSource dataSource) {
		this.db = new JdbcKeyRecords(dataSource);
	}

	public long request(Optional<OrgId> org) {
		List<Object> params = new ArrayList<>();
		params.add(org.map(OrgId::value).orElse(null));
		return db.query("INSERT INTO crypto.reencryption_job (org_id) VALUES (?) RETURNING id", params,
				rs -> rs.getLong(1)).orElseThrow();
	}

	public List<Long> pending() {
		return db.inTransaction(connection -> JdbcKeyRecords.selectAll(connection,
				"SELECT id FROM crypto.reencryption_job WHERE finished_at IS NULL ORDER BY id", List.of(),
				rs -> rs.getLong(1)));
	}

	public boolean run(long job, List<SealedColumns> columns, FieldCipher cipher, int batchSize, int maxBatches) {
		boolean allFinished = true;
		for (SealedColumns column : columns) {
			db.update("INSERT INTO crypto.reencryption_progress (job_id, column_set) VALUES (?, ?)"
					+ " ON CONFLICT (job_id, column_set) DO NOTHING", List.of(job, column.name()));
			ReencryptionProgress progress = progress(job, column.name());
			Optional<String> cursor = progress.cursor();
			boolean finished = progress.finished();
			for (int batch = 0; !finished && batch < maxBatches; batch++) {
				Optional<String> next = column.resealBatch(cursor, batchSize, cipher);
				if (next.isEmpty()) {
					db.update("UPDATE crypto.reencryption_progress SET finished_at = now(), updated_at = now()"
							+ " WHERE job_id = ? AND column_set = ?", List.of(job, column.name()));
					finished = true;
				}
				else {
					cursor = next;
					db.update("UPDATE crypto.reencryption_progress SET cursor = ?, batches = batches + 1,"
							+ " updated_at = now() WHERE job_id = ? AND column_set = ?",
							List.of(next.get(), job, column.name()));
				}
			}
			allFinished &= finished;
		}
		if (allFinished) {
			db.update("UPDATE crypto.reencryption_job SET finished_at = now() WHERE id = ? AND finished_at IS NULL",
					List.of(job));
		}
		return allFinished;
	}

	public List<ReencryptionProgress> progress(long job) {
		return db.inTransaction(connection -> JdbcKeyRecords.selectAll(connection,
				"SELECT job_id, column_set, cursor, batches, finished_at IS NOT NULL FROM crypto.reencryption_progress"
						+ " WHERE job_id = ? ORDER BY column_set",
				List.of(job), rs -> new ReencryptionProgress(rs.getLong(1), rs.getString(2),
						Optional.ofNullable(rs.getString(3)), rs.getLong(4), rs.getBoolean(5))));
	}

	private ReencryptionProgress progress(long job, String column) {
		return progress(job).stream().filter(p -> p.columnSet().equals(column)).findFirst().orElseThrow();
	}

}
