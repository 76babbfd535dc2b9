package health.haven.audit;

import java.util.List;
import java.util.Optional;

/**
 * One page of entries, newest first.
 *
 * @param entries the entries on this page
 * @param next the request for the following page, if there may be one
 */
public record AuditPage(List<AuditRecord> entries, Optional<AuditPageRequest> next) {
}
