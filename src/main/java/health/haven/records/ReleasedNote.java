package health.haven.records;

import health.haven.shared.Phi;
import health.haven.shared.Redaction;
import java.util.List;

/** A signed note released to the client (open notes), with its addenda, oldest first. */
public record ReleasedNote(@Phi ProgressNote note, @Phi List<NoteAddendum> addenda) {

	public ReleasedNote {
		addenda = List.copyOf(addenda);
	}

	@Override
	public String toString() {
		return Redaction.describe(this);
	}

}
