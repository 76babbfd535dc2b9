package health.haven.telehealth;

import health.haven.scheduling.SessionEntry;

/**
 * One of a person's own scheduled sessions whose room can be entered now (from 15 minutes before it starts until it
 * ends), as their session list shows it: no names, no roster.
 */
public record JoinableSession(SessionEntry session, boolean roomOpen) {
}
