package health.haven.telehealth.web;

import health.haven.identity.Actor;
import health.haven.identity.CurrentActor;
import health.haven.shared.ClientId;
import health.haven.shared.HavenException;
import health.haven.shared.HavenException.Kind;
import health.haven.telehealth.Seat;
import health.haven.telehealth.TelehealthRooms;
import health.haven.telehealth.internal.TelehealthSettings;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Telehealth pages: one's open session rooms ({@code /sessions}: for a client, "your clinician is ready"), opening a
 * room from a client's chart, the room itself, and the device check, which needs no sign-in. Room ids travel in paths
 * only; they are random and name no one.
 */
@Controller
class RoomPages {

	private final TelehealthRooms rooms;

	private final TelehealthSettings settings;

	RoomPages(TelehealthRooms rooms, TelehealthSettings settings) {
		this.rooms = rooms;
		this.settings = settings;
	}

	@GetMapping("/sessions")
	String sessions(Model model) {
		Actor actor = CurrentActor.require();
		model.addAttribute("title", "Sessions");
		model.addAttribute("rooms", rooms.openRoomsFor(actor));
		return "sessions";
	}

	@PostMapping("/clients/{id}/telehealth/rooms")
	String open(@PathVariable String id) {
		UUID room = rooms.open(CurrentActor.require(), new ClientId(uuid(id, "CLIENT_NOT_FOUND", "no such client")));
		return "redirect:/telehealth/rooms/" + room;
	}

	@GetMapping("/telehealth/rooms/{room}")
	String room(@PathVariable String room, Model model) {
		Actor actor = CurrentActor.require();
		UUID id = uuid(room, "TELEHEALTH_ROOM_NOT_FOUND", "no such room");
		Seat seat = rooms.seat(actor, id);
		model.addAttribute("title", "Session room");
		model.addAttribute("room", id);
		model.addAttribute("seat", seat.name());
		model.addAttribute("testHooks", settings.testHooks());
		return "room";
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
