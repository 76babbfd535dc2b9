/**
 * Telehealth: rooms (a 1:1 room a clinician opens for a client of their care team; scheduled sessions will open them
 * too), the waiting room and the facilitator's controls, signaling between the participants' browsers, and the
 * server's view of presence. Media flows peer to peer, end-to-end encrypted in the browsers: the server relays
 * public keys and wrapped keys only, never a media key, and offers no recording.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Telehealth",
		allowedDependencies = { "shared", "crypto", "audit", "identity", "consent", "records", "scheduling" })
package health.haven.telehealth;
