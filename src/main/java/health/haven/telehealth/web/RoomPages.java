package health.haven.telehealth.web;

import health.haven.consent.JoinCheck;
import health.haven.consent.JoinGate;
import health.haven.consent.JoinGates;
import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.records.Clients;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.telehealth.Seat;
import health.haven.telehealth.Seated;
import health.haven.telehealth.TelehealthRooms;
import health.haven.telehealth.internal.TelehealthSettings;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Telehealth pages: one's open session rooms and the sessions one can join now ({@code /sessions}), entering the
 * room of a scheduled session, opening a room from a client's chart, the room itself with, for a client, the join
 * gates to pass first (where they are right now, a private space, the signed consents), and the device check, which
 * needs no sign-in. Room and session ids travel in paths only; they are random and name no one.
 */
@Controller
class RoomPages {

	private final TelehealthRooms rooms;

	private final TelehealthSettings settings;

	private final JoinGates gates;

	RoomPages(TelehealthRooms rooms, TelehealthSettings settings, JoinGates gates) {
		this.rooms = rooms;
		this.settings = settings;
		this.gates = gates;
	}

	@GetMapping("/sessions")
	String sessions(Model model) {
		Actor actor = CurrentActor.require();
		model.addAttribute("title", "Sessions");
		model.addAttribute("rooms", rooms.openRoomsFor(actor));
		model.addAttribute("joinable", rooms.joinableNow(actor));
		return "sessions";
	}

	/** The room of a scheduled session: opened now if it is not open yet (from 15 minutes before the start). */
	@GetMapping("/telehealth/sessions/{session}")
	String session(@PathVariable String session, Model model, HttpServletResponse response) {
		UUID id = uuid(session, "SESSION_NOT_FOUND", "no such session");
		try {
			return "redirect:/telehealth/rooms/" + rooms.forSession(CurrentActor.require(), id);
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.CONFLICT) {
				throw ex;
			}
			// Not open yet, over or cancelled: said plainly on the sessions page.
			response.setStatus(ex.kind().status());
			model.addAttribute("notice", "You cannot enter this session's room now: " + ex.explanation() + ".");
			return sessions(model);
		}
	}

	@PostMapping("/clients/{id}/telehealth/rooms")
	String open(@PathVariable String id) {
		UUID room = rooms.open(CurrentActor.require(), new ClientId(uuid(id, "CLIENT_NOT_FOUND", "no such client")));
		return "redirect:/telehealth/rooms/" + room;
	}

	@GetMapping("/telehealth/rooms/{room}")
	String room(@PathVariable String room, Model model) {
		Actor actor = CurrentActor.require();
		Seated seated = rooms.seated(actor, uuid(room, "TELEHEALTH_ROOM_NOT_FOUND", "no such room"));
		if (seated.seat() == Seat.GUEST) {
			JoinCheck check = gates.checkLatest(actor, seated.client().orElseThrow(), seated.room().gateSession(),
					seated.room().group(), seated.room().host());
			model.addAttribute("check", check);
		}
		show(seated, model);
		return "room";
	}

	/**
	 * A client confirms where they are for this join (state, an address for emergencies) and that they are in a
	 * private space; the gates are checked at once and the room page shows what is still missing. Bad input: 400 with
	 * the field named, nothing recorded.
	 */
	@PostMapping("/telehealth/rooms/{room}/location")
	String location(@PathVariable String room, @RequestParam(defaultValue = "") String state,
			@RequestParam(defaultValue = "") String emergencyAddress,
			@RequestParam(defaultValue = "false") boolean privateSpace, Model model, HttpServletResponse response) {
		Actor actor = CurrentActor.require();
		UUID id = uuid(room, "TELEHEALTH_ROOM_NOT_FOUND", "no such room");
		Seated seated = rooms.seated(actor, id);
		if (seated.seat() != Seat.GUEST) {
			throw new HavenException("TELEHEALTH_LOCATION_CLIENTS_ONLY", Kind.FORBIDDEN,
					"only the client confirms where they are");
		}
		JoinCheck check;
		try {
			check = gates.attestAndCheck(actor, seated.client().orElseThrow(), seated.room().gateSession(),
					seated.room().group(), seated.room().host(), state, emergencyAddress, privateSpace);
		}
		catch (HavenException ex) {
			if (ex.kind() != Kind.BAD_REQUEST) {
				throw ex;
			}
			response.setStatus(ex.kind().status());
			model.addAttribute("error", ex.explanation());
			model.addAttribute("check", gates.checkLatest(actor, seated.client().orElseThrow(),
					seated.room().gateSession(), seated.room().group(), seated.room().host()));
			show(seated, model);
			return "room";
		}
		if (check.has(JoinGate.NOT_PRIVATE)) {
			model.addAttribute("check", check);
			show(seated, model);
			return "room";
		}
		return "redirect:/telehealth/rooms/" + id;
	}

	private void show(Seated seated, Model model) {
		model.addAttribute("title", seated.room().group() ? "Group session" : "Session room");
		model.addAttribute("room", seated.room().id());
		model.addAttribute("seat", seated.seat().name());
		model.addAttribute("group", seated.room().group());
		model.addAttribute("states", Clients.states());
		model.addAttribute("testHooks", settings.testHooks());
	}

	@GetMapping("/device-check")
	String deviceCheck(Model model) {
		model.addAttribute("title", "Check your camera and microphone");
		return "device-check";
	}

	private static UUID uuid(String value, String code, String explanation) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException ex) {
			throw new HavenException(code, Kind.NOT_FOUND, explanation);
		}
	}

}
