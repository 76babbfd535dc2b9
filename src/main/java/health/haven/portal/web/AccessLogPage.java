package health.haven.portal.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.records.AccessLog;
import health.haven.records.AccessLogEntry;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** "Who viewed my record": the client's own access log (see {@link AccessLog} for what it holds and leaves out). */
@Controller
class AccessLogPage {

	private final AccessLog log;

	private final PortalSelf portal;

	AccessLogPage(AccessLog log, PortalSelf portal) {
		this.log = log;
		this.portal = portal;
	}

	@GetMapping("/portal/access-log")
	String accessLog(Model model) {
		Actor actor = CurrentActor.require();
		List<AccessLogEntry> entries = log.of(actor, portal.self(actor));
		model.addAttribute("entries", entries.stream().map(Line::of).toList());
		return "portal-access-log";
	}

	/** One row of the table, with its time in words. */
	record Line(String at, String who, String action, String what, String purpose, boolean breakGlass, boolean you) {

		static Line of(AccessLogEntry entry) {
			String who = entry.you() ? "You" : entry.name() == null ? entry.role() : entry.name() + " (" + entry.role() + ")";
			return new Line(PortalSelf.time(entry.at()), who, entry.action(), entry.what(), entry.purpose(),
					entry.breakGlass(), entry.you());
		}

	}

}
