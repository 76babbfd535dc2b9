package health.haven.messaging;

import health.haven.identity.Actor;
import health.haven.identity.Role;
import health.haven.shared.ActorRef;
import health.haven.support.Clinic;
import health.haven.support.TestServer;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A clinic of its own for the messaging tests: a program with two care teams. The north team has two clinicians and a
 * facilitator; the south team one clinician. Clients are registered on a team with a portal account of their own;
 * billing and an administrator have accounts too. Every name carries the clinic's slug, so that a test can look for
 * it in e-mail.
 */
final class MessagingClinic extends Clinic {

	static final ActorRef SETUP = ActorRef.system("messaging-tests");

	final UUID north;

	final UUID south;

	final Actor northClinician;

	final Actor northColleague;

	final Actor northFacilitator;

	final Actor southClinician;

	final Actor billing;

	final Actor admin;

	MessagingClinic(TestServer server) {
		super(server, SETUP, "Messaging Test Clinic", "msg");
		UUID program = program("Adult IOP");
		north = careTeam("North team", program);
		south = careTeam("South team", program);
		northClinician = person("Nora Northclinician", Role.CLINICIAN, north);
		northColleague = person("Nico Northcolleague", Role.CLINICIAN, north);
		northFacilitator = person("Fay Northfacilitator", Role.FACILITATOR, north);
		southClinician = person("Sol Southclinician", Role.CLINICIAN, south);
		billing = person("Bea Billing", Role.BILLING);
		admin = person("Ada Admin", Role.ORG_ADMIN);
	}

	/** A client of a team with a portal account; the record's name is "{name} {slug}". */
	Actor client(String name, UUID team) {
		return portalAccount(register(recordName(name), LocalDate.of(1990, 5, 5), "TX", team), name);
	}

	String recordName(String name) {
		return name + " " + slug;
	}

}
